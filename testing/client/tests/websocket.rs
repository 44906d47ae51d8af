//! The Copilot chat (`qgpt_stream`) and other websocket operations against the websocket test server of
//! `scripts/test.sh` (`testing/python/websocket_server.py`, `WEBSOCKET_SERVER_URL`): a question answered piece by
//! piece, a second question on the same socket stopped with `stop: true`, a socket dropped mid-answer, a frame
//! that does not decode between two good ones, a refused upgrade, and unknown fields and enum values kept.

use pieces_os_client::apis::qgpt_api::QgptStreamError;
use pieces_os_client::models::{QgptQuestionInput, QgptStreamEnum, QgptStreamInput, QgptStreamOutput, RelevantQgptSeeds};
use pieces_os_client::websocket::Connection;
use pieces_os_client::{Client, Error};

fn server_url() -> String {
    std::env::var("WEBSOCKET_SERVER_URL").expect("WEBSOCKET_SERVER_URL names the websocket test server; scripts/test.sh starts it")
}

fn client_with_key(key: &str) -> Client {
    Client::builder().base_url(server_url()).application_api_key(key).build().unwrap()
}

fn question(query: &str) -> QgptStreamInput {
    let question = QgptQuestionInput::new(RelevantQgptSeeds::new(Vec::new()), query.to_owned());
    QgptStreamInput { question: Some(Box::new(question)), ..QgptStreamInput::default() }
}

fn answer_text(output: &QgptStreamOutput) -> String {
    output.question.iter().flat_map(|question| &question.answers.iterable).map(|answer| answer.text.as_str()).collect()
}

type Chat = Connection<QgptStreamInput, QgptStreamOutput>;

/// Reads messages until one has a final status; returns the statuses and the text pieces seen.
async fn until_final(chat: &mut Chat) -> (Vec<QgptStreamEnum>, Vec<String>) {
    let (mut statuses, mut pieces) = (Vec::new(), Vec::new());
    while let Some(message) = chat.receive().await {
        let output = message.expect("every message of a normal answer decodes");
        let status = output.status.clone().expect("the server sends a status");
        if status == QgptStreamEnum::InProgress {
            pieces.push(answer_text(&output));
        }
        statuses.push(status.clone());
        if !matches!(status, QgptStreamEnum::Initialized | QgptStreamEnum::InProgress) {
            break;
        }
    }
    (statuses, pieces)
}

#[tokio::test]
async fn a_question_is_answered_piece_by_piece_and_a_second_one_is_stopped() {
    let mut chat = client_with_key("test-key").qgpt_api().qgpt_stream().connect().await.expect("the upgrade succeeds");
    chat.send(&question("What is Rust?")).await.unwrap();
    let first = chat.receive().await.expect("a first message").expect("it decodes");
    assert_eq!(first.status, Some(QgptStreamEnum::Initialized));
    assert!(first.additional_properties.contains_key("x_unknown_property"), "unknown fields are kept: {first:?}");
    let (statuses, pieces) = until_final(&mut chat).await;
    assert_eq!(pieces, ["Hello", ", ", "world"]);
    assert_eq!(statuses.last(), Some(&QgptStreamEnum::Completed));

    // The same socket takes a second question; `stop: true` ends its answer early.
    chat.send(&question("a slow answer, please")).await.unwrap();
    let initialized = chat.receive().await.unwrap().unwrap();
    assert_eq!(initialized.status, Some(QgptStreamEnum::Initialized));
    let piece = chat.receive().await.unwrap().unwrap();
    assert_eq!(answer_text(&piece), "piece 1");
    chat.send(&QgptStreamInput { stop: Some(true), ..QgptStreamInput::default() }).await.unwrap();
    let (statuses, pieces) = until_final(&mut chat).await;
    assert_eq!(statuses.last(), Some(&QgptStreamEnum::Stopped), "{statuses:?}");
    assert!(pieces.len() < 9, "the answer stopped early: {pieces:?}");
    chat.close().await.unwrap();
}

#[tokio::test]
async fn a_socket_dropped_mid_answer_is_an_error_then_the_end() {
    let mut chat = client_with_key("test-key").qgpt_api().qgpt_stream().connect().await.unwrap();
    chat.send(&question("close-mid-answer")).await.unwrap();
    assert_eq!(chat.receive().await.unwrap().unwrap().status, Some(QgptStreamEnum::Initialized));
    assert_eq!(answer_text(&chat.receive().await.unwrap().unwrap()), "Hello");
    match chat.receive().await {
        Some(Err(Error::WebSocket(error))) => assert!(error.message.contains("connection"), "{error}"),
        other => panic!("a dropped socket must be an error, got {other:?}"),
    }
    assert!(chat.receive().await.is_none(), "after the error the stream ends");
}

#[tokio::test]
async fn a_frame_that_does_not_decode_is_an_error_and_the_connection_goes_on() {
    let mut chat = client_with_key("test-key").qgpt_api().qgpt_stream().connect().await.unwrap();
    chat.send(&question("malformed-frame")).await.unwrap();
    assert_eq!(chat.receive().await.unwrap().unwrap().status, Some(QgptStreamEnum::Initialized));
    assert_eq!(answer_text(&chat.receive().await.unwrap().unwrap()), "good 1");
    match chat.receive().await {
        Some(Err(Error::Decode(error))) => {
            assert!(error.path == "status" || error.path == "question", "the error names the JSON path: {error}");
            assert!(error.to_string().starts_with("cannot decode a websocket message"), "{error}");
        }
        other => panic!("a malformed frame must be a decode error, got {other:?}"),
    }
    assert_eq!(answer_text(&chat.receive().await.unwrap().unwrap()), "good 2");
    assert_eq!(chat.receive().await.unwrap().unwrap().status, Some(QgptStreamEnum::Completed));
    chat.close().await.unwrap();
}

#[tokio::test]
async fn a_refused_upgrade_is_the_documented_error_with_its_body() {
    match client_with_key("refuse-me").qgpt_api().qgpt_stream().connect().await {
        Err(Error::Api { error: QgptStreamError::Unauthorized(body), .. }) => assert_eq!(body.trim(), "refused"),
        other => panic!("a 401 must be QgptStreamError::Unauthorized, got {other:?}"),
    }
    // An operation that documents no 401 keeps the status and body as an undocumented status.
    match client_with_key("refuse-me").activities_api().activities_stream_identifiers().connect().await {
        Err(Error::UnexpectedStatus(response)) => assert_eq!(response.status, 401),
        other => panic!("expected the undocumented 401, got {other:?}"),
    }
}

#[tokio::test]
async fn a_server_that_speaks_no_websocket_is_a_websocket_error_with_its_status() {
    let server = client_tests::LoopbackServer::start(client_tests::Answer::json(200, "{}"));
    let client = Client::builder().base_url(&server.base_url).application_api_key("test-key").build().unwrap();
    match client.activities_api().activities_stream_identifiers().connect().await {
        Err(Error::WebSocket(error)) => {
            assert_eq!(error.status, Some(200));
            assert!(error.message.contains("instead of switching"), "{error}");
        }
        other => panic!("expected a websocket error, got {other:?}"),
    }
    let request = server.last_request();
    assert_eq!(request.target, "/activities/stream/identifiers");
    assert_eq!(request.header("x-application-id"), Some("test-key"));
    assert_eq!(request.header("upgrade").map(str::to_ascii_lowercase).as_deref(), Some("websocket"));
}

/// Every generic operation sends a message with an unknown property and one with an unknown enum value; the
/// decoded messages, written back, still hold both.
#[tokio::test]
async fn unknown_properties_and_enum_values_survive_a_round_trip() {
    let client = client_with_key("test-key");
    let mut identifiers = client.activities_api().activities_stream_identifiers().connect().await.unwrap();
    let mut settings = client.os_api().os_settings_stream().connect().await.unwrap();
    let mut written = Vec::new();
    for _ in 0..3 {
        written.push(serde_json::to_string(&identifiers.receive().await.unwrap().unwrap()).unwrap());
        written.push(serde_json::to_string(&settings.receive().await.unwrap().unwrap()).unwrap());
    }
    let all = written.join("\n");
    assert_eq!(all.matches("x_unknown_property").count(), 4, "{all}");
    assert_eq!(all.matches("UNKNOWN_FUTURE_VALUE").count(), 2, "{all}");
    identifiers.close().await.unwrap();
    settings.close().await.unwrap();
}
