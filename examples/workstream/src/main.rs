//! `workstream`: look at and change a Pieces OS workstream event from the command line, through the generated
//! `pieces-os-client` crate, the way a Pieces user would.
//!
//! ```text
//! workstream [--base-url URL] [--api-key KEY] show ID
//! workstream [--base-url URL] [--api-key KEY] tag ID TAG | untag ID TAG | score ID | rename ID TEXT
//! ```

use pieces_os_client::apis::workstream_event_api::WorkstreamEventsSpecificWorkstreamEventSnapshotError as SnapshotError;
use pieces_os_client::models::{SeededScoreIncrement, WorkstreamEvent};
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

--base-url defaults to http://localhost:1000 (Pieces OS); --api-key is sent as X-Application-ID
(also read from PIECES_API_KEY).";

struct Arguments {
    base_url: String,
    api_key: Option<String>,
    command: Vec<String>,
}

fn parse(mut raw: impl Iterator<Item = String>) -> Result<Arguments, String> {
    let mut arguments = Arguments {
        base_url: pieces_os_client::DEFAULT_BASE_URL.to_owned(),
        api_key: std::env::var("PIECES_API_KEY").ok(),
        command: Vec::new(),
    };
    while let Some(argument) = raw.next() {
        match argument.as_str() {
            "--base-url" => arguments.base_url = raw.next().ok_or("--base-url needs a URL")?,
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
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("workstream: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<String, String> {
    let arguments = parse(std::env::args().skip(1))?;
    let mut builder = Client::builder().base_url(&arguments.base_url);
    if let Some(key) = &arguments.api_key {
        builder = builder.application_api_key(key);
    }
    let client = builder.build().map_err(|error| error.to_string())?;
    let events = client.workstream_event_api();
    let base_url = arguments.base_url.as_str();
    let command: Vec<&str> = arguments.command.iter().map(String::as_str).collect();
    match command.as_slice() {
        ["show", id] => Ok(describe(&snapshot(&client, base_url, id).await?)),
        ["tag", id, tag] => {
            events.workstream_event_associate_tag(*id, *tag).await.map_err(|error| explain(base_url, error))?;
            Ok(format!("tagged {id} with {tag}"))
        }
        ["untag", id, tag] => {
            events.workstream_event_disassociate_tag(*id, *tag).await.map_err(|error| explain(base_url, error))?;
            Ok(format!("removed tag {tag} from {id}"))
        }
        ["score", id] => {
            events
                .workstream_event_scores_increment(*id)
                .seeded_score_increment(SeededScoreIncrement::default())
                .await
                .map_err(|error| explain(base_url, error))?;
            Ok(format!("incremented the score of {id}"))
        }
        ["rename", id, text] => {
            let mut event = snapshot(&client, base_url, id).await?;
            event.readable = Some((*text).to_owned());
            let saved = events.workstream_event_update().workstream_event(event).await.map_err(|error| explain(base_url, error))?;
            Ok(format!("saved:\n{}", describe(&saved)))
        }
        _ => Err(USAGE.to_owned()),
    }
}

/// Fetches an event, turning "no such event" into a message that names the id.
async fn snapshot(client: &Client, base_url: &str, id: &str) -> Result<WorkstreamEvent, String> {
    match client.workstream_event_api().workstream_events_specific_workstream_event_snapshot(id).await {
        Ok(event) => Ok(event),
        Err(Error::Api(SnapshotError::Gone(_))) => Err(format!("there is no workstream event with id {id:?}")),
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
