//! Servers answering garbage: each must become a typed error that says what went wrong, never a panic.

use client_tests::{Answer, LoopbackServer};
use pieces_os_client::{Client, Error};

fn client(server: &LoopbackServer) -> Client {
    Client::builder().base_url(&server.base_url).application_api_key("key").build().unwrap()
}

async fn snapshot(server: &LoopbackServer) -> Result<pieces_os_client::models::WorkstreamEvent, String> {
    match client(server).workstream_event_api().workstream_events_specific_workstream_event_snapshot("e").await {
        Ok(event) => Ok(event),
        Err(Error::Decode(error)) => Err(format!("decode: {error}")),
        Err(Error::Transport(error)) => Err(format!("transport: {error}")),
        Err(other) => Err(format!("other: {other}")),
    }
}

fn minimal_event() -> serde_json::Value {
    serde_json::from_str(include_str!("data/workstream_event_minimal.json")).unwrap()
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_an_excerpt() {
    let body = minimal_event().to_string();
    let server = LoopbackServer::start(Answer::json(200, &body[..body.len() / 2]));
    let error = snapshot(&server).await.unwrap_err();
    assert!(error.starts_with("decode: ") && error.contains("EOF") && error.contains("the body starts with"), "{error}");
}

#[tokio::test]
async fn a_wrong_type_deep_inside_names_its_json_path() {
    let mut event = minimal_event();
    event["application"]["onboarded"] = serde_json::json!("yes");
    let server = LoopbackServer::start(Answer::json(200, &event.to_string()));
    let error = snapshot(&server).await.unwrap_err();
    assert!(error.contains("at `application.onboarded`") && error.contains("invalid type"), "{error}");
}

#[tokio::test]
async fn an_html_page_with_status_200_is_a_decode_error_naming_the_content_type() {
    let html = "<html><body><h1>Proxy error</h1></body></html>";
    let server = LoopbackServer::start(Answer::Respond { status: 200, content_type: "text/html", body: html.into() });
    let error = snapshot(&server).await.unwrap_err();
    assert!(error.contains("text/html") && error.contains("Proxy error"), "{error}");
}

#[tokio::test]
async fn an_empty_200_body_is_a_decode_error() {
    let server = LoopbackServer::start(Answer::json(200, ""));
    let error = snapshot(&server).await.unwrap_err();
    assert!(error.contains("the body is empty"), "{error}");
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_a_transport_error() {
    let body = minimal_event().to_string();
    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
    let server = LoopbackServer::start(Answer::Raw([head.as_bytes(), &body.as_bytes()[..20]].concat()));
    let error = snapshot(&server).await.unwrap_err();
    assert!(error.starts_with("transport: "), "{error}");
}

/// Uses the default timeout (30 s): it must fire without any configuration.
#[tokio::test]
async fn the_default_timeout_fires_on_a_server_that_never_answers() {
    let server = LoopbackServer::start(Answer::Hang);
    let started = std::time::Instant::now();
    let result = client(&server).workstream_event_api().workstream_event_associate_tag("e", "t").await;
    assert!(matches!(result, Err(Error::Timeout(_))), "{result:?}");
    assert!(started.elapsed() >= pieces_os_client::DEFAULT_TIMEOUT);
}

/// The path serde_path_to_error finds while decoding, the way the client decoded before it found paths after the
/// fact (from serde_json's line and column).
fn oracle_path(body: &str) -> String {
    let mut deserializer = serde_json::Deserializer::from_str(body);
    match serde_path_to_error::deserialize::<_, pieces_os_client::models::WorkstreamEvent>(&mut deserializer) {
        Err(error) => error.path().to_string(),
        Ok(_) => match deserializer.end() {
            Err(_) => ".".to_owned(),
            Ok(()) => panic!("the oracle decodes {body}"),
        },
    }
}

#[tokio::test]
async fn decode_errors_name_the_path_serde_path_to_error_names() {
    let event = minimal_event();
    let with = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut event = event.clone();
        edit(&mut event);
        event
    };
    let values = [
        with(&|event| event["application"]["onboarded"] = "yes".into()),
        with(&|event| event["created"]["value"] = "not a date".into()),
        with(&|event| drop(event.as_object_mut().unwrap().remove("trigger"))),
        with(&|event| drop(event["application"].as_object_mut().unwrap().remove("name"))),
        with(&|event| event["tags"] = serde_json::json!({"iterable": [{"id": "t1"}, {"id": 5}]})),
        with(&|event| event["tags"] = serde_json::json!({"iterable": [{"id": "t1"}, {}]})),
        with(&|event| event["tags"] = serde_json::json!({"iterable": [{"id": "t1", "reference": {"id": []}}]})),
        with(&|event| event["workstreamEventsVector"] = serde_json::json!([1.5, "x"])),
        with(&|event| event["application"]["platform"] = serde_json::json!({"not": "a string"})),
        serde_json::json!([event.clone()]),
    ];
    let mut bodies = Vec::new();
    for value in &values {
        bodies.push(value.to_string());
        bodies.push(serde_json::to_string_pretty(value).unwrap());
    }
    // Text no value serialises to: an escaped key, a truncated body, data after the value.
    let compact = event.to_string();
    bodies.push(compact.replacen("\"application\"", "\"appl\\u0069cation\"", 1).replacen("true", "1", 1));
    bodies.push(compact[..compact.find("SUBLIME").unwrap()].to_owned());
    bodies.push(format!("{compact} {{}}"));
    assert_eq!(bodies.len(), 23);
    for body in bodies {
        let expected = oracle_path(&body);
        let server = LoopbackServer::start(Answer::json(200, &body));
        let result = client(&server).workstream_event_api().workstream_events_specific_workstream_event_snapshot("e").await;
        let Err(Error::Decode(error)) = result else { panic!("{body} is not a decode error: {result:?}") };
        assert_eq!(error.path, expected, "the path of {error} in {body}");
    }
}

#[tokio::test]
async fn a_body_cut_anywhere_names_where_reading_stopped() {
    let mut event = minimal_event();
    event["tags"] = serde_json::json!({"iterable": [{"id": "t1", "reference": {"id": "r", "name": "n"}}, {"id": "t2"}]});
    event["workstreamEventsVector"] = serde_json::json!([1.5, 2.5]);
    let mut checked = 0;
    for whole in [event.to_string(), serde_json::to_string_pretty(&event).unwrap()] {
        for cut in (1..whole.len()).filter(|cut| whole.is_char_boundary(*cut)) {
            let body = &whole[..cut];
            if body.trim().is_empty() {
                continue;
            }
            // serde_path_to_error names a key not read yet `?`; the client names the object it belongs to.
            let oracle = oracle_path(body);
            let expected = match oracle.strip_suffix(".?") {
                Some(object) => object.to_owned(),
                None if oracle == "?" => ".".to_owned(),
                None => oracle,
            };
            let server = LoopbackServer::start(Answer::json(200, body));
            let result =
                client(&server).workstream_event_api().workstream_events_specific_workstream_event_snapshot("e").await;
            let Err(Error::Decode(error)) = result else { panic!("{body} is not a decode error: {result:?}") };
            assert_eq!(error.path, expected, "the path of {error} in {body}");
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} cuts checked");
}
