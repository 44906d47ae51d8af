//! `workstream`: look at and change a Pieces OS workstream event from the command line, through the generated
//! `pieces-os-client` crate, the way a Pieces user would.
//!
//! ```text
//! workstream [--base-url URL] [--api-key KEY] show ID
//! workstream [--base-url URL] [--api-key KEY] tag ID TAG | untag ID TAG | score ID | rename ID TEXT
//! workstream [--base-url URL] [--api-key KEY] ask QUESTION | watch
//! ```
//!
//! Without `--base-url` it finds the running Pieces OS on its port (39300-39333).

use pieces_os_client::apis::workstream_event_api::WorkstreamEventsSpecificWorkstreamEventSnapshotError as SnapshotError;
use pieces_os_client::models::{
    QgptQuestionInput, QgptStreamEnum, QgptStreamInput, RelevantQgptSeeds, SeededScoreIncrement, StreamedIdentifier,
    WorkstreamEvent,
};
use std::io::Write as _;
use pieces_os_client::{Client, Error};
use std::process::ExitCode;

const USAGE: &str = "\
usage: workstream [--base-url URL] [--api-key KEY] COMMAND

commands:
  show ID          print a workstream event
  tag ID TAG       associate a tag with the event
  untag ID TAG     disassociate a tag from the event
  score ID         increment the event's score
  rename ID TEXT   set the event's readable text and save it
  ask QUESTION     ask the Copilot and print its answer as it arrives
  watch            print the ids of workstream summaries as they change, until Ctrl-C

Without --base-url, Pieces OS is found on its port (39300-39333), or taken from PIECES_OS_CLIENT_BASE_URL;
--api-key is sent as X-Application-ID (also read from PIECES_API_KEY).";

struct Arguments {
    base_url: Option<String>,
    api_key: Option<String>,
    command: Vec<String>,
}

fn parse(mut raw: impl Iterator<Item = String>) -> Result<Arguments, String> {
    let mut arguments = Arguments {
        base_url: None,
        api_key: std::env::var("PIECES_API_KEY").ok(),
        command: Vec::new(),
    };
    while let Some(argument) = raw.next() {
        match argument.as_str() {
            "--base-url" => arguments.base_url = Some(raw.next().ok_or("--base-url needs a URL")?),
            "--api-key" => arguments.api_key = Some(raw.next().ok_or("--api-key needs a key")?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            _ => arguments.command.push(argument),
        }
    }
    Ok(arguments)
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("workstream: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let arguments = parse(std::env::args().skip(1))?;
    let mut builder = Client::builder();
    if let Some(key) = &arguments.api_key {
        builder = builder.application_api_key(key);
    }
    builder = match &arguments.base_url {
        Some(base_url) => builder.base_url(base_url),
        None => builder.discover().await.map_err(|error| format!("cannot find Pieces OS: is it running? ({error})"))?,
    };
    let client = builder.build().map_err(|error| error.to_string())?;
    let events = client.workstream_event_api();
    let base_url = client.base_url().to_owned();
    let base_url = base_url.as_str();
    let command: Vec<&str> = arguments.command.iter().map(String::as_str).collect();
    let output = match command.as_slice() {
        ["show", id] => describe(&snapshot(&client, base_url, id).await?),
        ["tag", id, tag] => {
            events.workstream_event_associate_tag(*id, *tag).await.map_err(|error| explain(base_url, error))?;
            format!("tagged {id} with {tag}")
        }
        ["untag", id, tag] => {
            events.workstream_event_disassociate_tag(*id, *tag).await.map_err(|error| explain(base_url, error))?;
            format!("removed tag {tag} from {id}")
        }
        ["score", id] => {
            events
                .workstream_event_scores_increment(*id)
                .seeded_score_increment(SeededScoreIncrement::default())
                .await
                .map_err(|error| explain(base_url, error))?;
            format!("incremented the score of {id}")
        }
        ["rename", id, text] => {
            let mut event = snapshot(&client, base_url, id).await?;
            event.readable = Some((*text).to_owned());
            let saved = events.workstream_event_update().workstream_event(event).await.map_err(|error| explain(base_url, error))?;
            format!("saved:\n{}", describe(&saved))
        }
        ["ask", words @ ..] if !words.is_empty() => return ask(&client, base_url, &words.join(" ")).await,
        ["watch"] => return watch(&client, base_url).await,
        _ => return Err(USAGE.to_owned()),
    };
    println!("{output}");
    Ok(())
}

/// Asks the Copilot over `qgpt_stream` and prints each piece of the answer as it arrives.
async fn ask(client: &Client, base_url: &str, query: &str) -> Result<(), String> {
    let mut chat = client.qgpt_api().qgpt_stream().connect().await.map_err(|error| explain(base_url, error))?;
    let question = QgptQuestionInput::new(RelevantQgptSeeds::new(Vec::new()), query.to_owned());
    let input = QgptStreamInput { question: Some(Box::new(question)), ..QgptStreamInput::default() };
    chat.send(&input).await.map_err(|error| format!("cannot send the question: {error}"))?;
    let mut stdout = std::io::stdout();
    while let Some(message) = chat.receive().await {
        let output = match message {
            Ok(output) => output,
            // One message this client cannot read does not end the answer.
            Err(Error::Decode(error)) => {
                eprintln!("workstream: skipped a message: {error}");
                continue;
            }
            Err(error) => return Err(format!("the connection to Pieces OS dropped: {error}")),
        };
        match output.status {
            Some(QgptStreamEnum::InProgress) => {
                for answer in output.question.iter().flat_map(|question| &question.answers.iterable) {
                    print!("{}", answer.text);
                }
                let _ = stdout.flush();
            }
            Some(QgptStreamEnum::Completed) => {
                println!();
                let _ = chat.close().await;
                return Ok(());
            }
            Some(QgptStreamEnum::Failed) => {
                let reason = output.error_message.unwrap_or_else(|| "no reason given".to_owned());
                return Err(format!("Pieces OS could not answer: {reason}"));
            }
            Some(status @ (QgptStreamEnum::Stopped | QgptStreamEnum::Canceled | QgptStreamEnum::Reset)) => {
                return Err(format!("the answer ended early: {status}"));
            }
            _ => {}
        }
    }
    Err("the connection to Pieces OS closed before the answer was complete".to_owned())
}

/// Prints the identifiers `/workstream_summaries/stream/identifiers` sends, one line each, until Ctrl-C.
async fn watch(client: &Client, base_url: &str) -> Result<(), String> {
    let summaries = client.workstream_summaries_api();
    let mut stream = summaries.workstream_summaries_stream_identifiers().connect().await.map_err(|error| explain(base_url, error))?;
    loop {
        let message = tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            message = stream.receive() => message,
        };
        match message {
            Some(Ok(identifiers)) => {
                for identifier in &identifiers.iterable {
                    println!("{}", identifier_line(identifier));
                }
            }
            Some(Err(Error::Decode(error))) => eprintln!("workstream: skipped a message: {error}"),
            Some(Err(error)) => return Err(format!("the connection to Pieces OS dropped: {error}")),
            None => return Err("Pieces OS closed the connection".to_owned()),
        }
    }
    let _ = stream.close().await;
    Ok(())
}

fn identifier_line(identifier: &StreamedIdentifier) -> String {
    let id = identifier.workstream_summary.as_ref().map_or("(not a workstream summary)", |summary| summary.id.as_str());
    if identifier.deleted == Some(true) { format!("deleted {id}") } else { format!("changed {id}") }
}

/// Fetches an event, turning "no such event" into a message that names the id.
async fn snapshot(client: &Client, base_url: &str, id: &str) -> Result<WorkstreamEvent, String> {
    match client.workstream_event_api().workstream_events_specific_workstream_event_snapshot(id).await {
        Ok(event) => Ok(event),
        Err(Error::Api { error: SnapshotError::Gone(_), .. }) => Err(format!("there is no workstream event with id {id:?}")),
        Err(error) => Err(explain(base_url, error)),
    }
}

/// A message for a failed call that says what to do about it.
fn explain<E: std::fmt::Display>(base_url: &str, error: Error<E>) -> String {
    match error {
        Error::Transport(_) | Error::Timeout(_) => {
            format!("cannot reach Pieces OS at {base_url}: is it running? ({error})")
        }
        other if other.status() == Some(401) => format!("Pieces OS refused the API key: pass --api-key ({other})"),
        other => other.to_string(),
    }
}

fn describe(event: &WorkstreamEvent) -> String {
    let mut lines = vec![format!("workstream event {}", event.id)];
    lines.push(format!("  application: {} ({})", event.application.name, event.application.platform));
    lines.push(format!("  created:     {}", event.created.value));
    lines.push(format!("  updated:     {}", event.updated.value));
    if let Some(readable) = &event.readable {
        lines.push(format!("  readable:    {readable}"));
    }
    if let Some(title) = &event.window_title {
        lines.push(format!("  window:      {title}"));
    }
    lines.join("\n")
}
