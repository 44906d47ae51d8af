//! The scenario of issue 4 end to end: a newer server (Pieces OS 4.4.1) sends a `WorkstreamEvent` with fields and
//! enum values this 4.2.0 client does not know; the client reads it and sends it back with
//! `workstream_event_update`, and the server gets back everything it sent, compared as JSON values.

use client_tests::{Answer, LoopbackServer};
use model_tests::compare::json_difference;
use pieces_os_client::models::{ApplicationNameEnum, CapabilitiesEnum};
use pieces_os_client::{Client, Error};
use serde_json::{json, Value};

/// A `WorkstreamEvent` as 4.4.1 writes it: the five fields that release adds to it (`annotations`, `anchors`,
/// `websites`, `source_windows`, `persons`), new enum values (`OPERA`, `UNKNOWN`), and a new property on a nested
/// model the client knows (`application.descopeSubscription`).
fn event_from_a_newer_server() -> Value {
    let timestamp = |value: &str| json!({"value": value, "readable": "just now"});
    json!({
        "schema": {"semantic": "MAJOR_0_MINOR_0_PATCH_1", "migration": 0},
        "id": "event-441",
        "application": {
            "id": "app", "name": "OPERA", "version": "4.4.1", "platform": "MACOS", "onboarded": true,
            "privacy": "OPEN", "capabilities": "UNKNOWN", "automaticUnload": false,
            "descopeSubscription": {"plan": "pro", "seats": 3, "renews": null}
        },
        "created": timestamp("2025-03-01T10:00:00.000Z"),
        "updated": timestamp("2025-03-01T10:05:30.250Z"),
        "trigger": {"copy": true, "tab_switch": false, "window_focus": true},
        "readable": "Copied code in Opera",
        "workstreamEventsVector": [0.1, -0.25, 3.0, 1e-7, 0.30000000000000004],
        "windowTitle": "docs \u{2014} Opera",
        "processing": "LOCAL",
        "annotations": {"iterable": [{"id": "annotation-1", "reference": {"id": "annotation-1", "type": "SUMMARY"}}],
                        "indices": {"annotation-1": 0}},
        "anchors": {"iterable": [{"id": "anchor-1"}], "indices": {"anchor-1": 0}},
        "websites": {"iterable": [{"id": "website-1", "reference": {"id": "website-1", "url": "https://pieces.app"}}]},
        "source_windows": {"iterable": [{
            "id": "window-1",
            "reference": {"id": "window-1", "name": "Opera", "created": timestamp("2025-03-01T09:00:00Z"),
                          "updated": timestamp("2025-03-01T09:30:00Z")}
        }], "score": {"manual": 1, "automatic": 2}},
        "persons": {"iterable": []}
    })
}

fn client(server: &LoopbackServer) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .application_api_key("key")
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_event_read_from_a_newer_server_and_sent_back_loses_nothing() {
    let served = event_from_a_newer_server();
    let server = LoopbackServer::start(Answer::json(200, &served.to_string()));
    let api = client(&server).workstream_event_api();

    let event = api
        .workstream_events_specific_workstream_event_snapshot("event-441")
        .await
        .unwrap();
    assert_eq!(
        event.application.name,
        ApplicationNameEnum::UnknownValue("OPERA".to_owned())
    );
    assert_eq!(
        event.application.capabilities,
        Some(CapabilitiesEnum::UnknownValue("UNKNOWN".to_owned()))
    );
    // Compared as a set: whether the map keeps insertion order depends on serde_json's `preserve_order`.
    let mut new_fields: Vec<&str> = event.additional_properties.keys().map(String::as_str).collect();
    new_fields.sort_unstable();
    assert_eq!(
        new_fields,
        ["anchors", "annotations", "persons", "source_windows", "websites"]
    );
    assert!(event
        .application
        .additional_properties
        .contains_key("descopeSubscription"));
    assert!(event.trigger.additional_properties.contains_key("window_focus"));

    api.workstream_event_update().workstream_event(event).await.unwrap();
    let request = server.last_request();
    assert_eq!(request.method, "POST");
    let received: Value = serde_json::from_slice(&request.body).unwrap();
    if let Some(difference) = json_difference(&served, &received) {
        panic!("the server did not get back what it sent: {difference}\nsent back: {received}");
    }
    // Date-times come back as the same instants in chrono's spelling ("…00.000Z" as "…00Z"), so they differ
    // as text only there; every other value is the same text too.
    assert_eq!(received["created"]["value"], "2025-03-01T10:00:00Z");
    assert_eq!(received["updated"]["value"], "2025-03-01T10:05:30.250Z");
}

#[tokio::test]
async fn decode_errors_name_the_json_path_of_the_failing_field() {
    let mut served = event_from_a_newer_server();
    let module = |path: &str| json!({"anchor": {"type": "FILE", "fullpath": path}});
    let mut modules: Vec<Value> = ["a.rs", "b.rs", "c.rs"].iter().map(|path| module(path)).collect();
    modules.push(json!({"anchor": {"type": "FILE", "fullpath": 42}}));
    served["context"] = json!({"ide": {"name": "vscode", "modules": {"iterable": modules}}});
    let server = LoopbackServer::start(Answer::json(200, &served.to_string()));
    let result = client(&server)
        .workstream_event_api()
        .workstream_events_specific_workstream_event_snapshot("e")
        .await;
    let Err(Error::Decode(error)) = result else {
        panic!("expected a decode error, got {result:?}")
    };
    assert_eq!(error.path, "context.ide.modules.iterable[3].anchor.fullpath", "{error}");
    assert!(
        error.message.contains("invalid type: integer `42`, expected a string"),
        "{error}"
    );

    served["context"]["ide"]["modules"]["iterable"][3] = json!({"anchor": {"type": "FILE"}});
    let server = LoopbackServer::start(Answer::json(200, &served.to_string()));
    let result = client(&server)
        .workstream_event_api()
        .workstream_events_specific_workstream_event_snapshot("e")
        .await;
    let Err(Error::Decode(error)) = result else {
        panic!("expected a decode error, got {result:?}")
    };
    assert_eq!(error.path, "context.ide.modules.iterable[3].anchor", "{error}");
    assert!(error.message.contains("missing field `fullpath`"), "{error}");
}

#[test]
fn models_compare_hash_and_build_as_documented() {
    use pieces_os_client::models::{GroupedTimestamp, WorkstreamEvent, WorkstreamEventTrigger};
    use std::collections::HashSet;
    // No `f64` inside: Eq and Hash. A `WorkstreamEvent` holds a vector of floats: PartialEq only.
    let trigger: WorkstreamEventTrigger =
        serde_json::from_value(json!({"copy": true, "later": [1, {"a": null}]})).unwrap();
    let set: HashSet<WorkstreamEventTrigger> = [trigger.clone(), trigger.clone()].into_iter().collect();
    assert_eq!(set.len(), 1);
    assert_eq!(WorkstreamEventTrigger::default().additional_properties.len(), 0);
    let event: WorkstreamEvent = serde_json::from_value(event_from_a_newer_server()).unwrap();
    assert_eq!(event.clone(), event);
    let timestamp = GroupedTimestamp::new("2025-03-01T10:00:00Z".parse().unwrap());
    assert_eq!(
        serde_json::to_value(&timestamp).unwrap(),
        json!({"value": "2025-03-01T10:00:00Z"})
    );
}

#[test]
fn models_debug_print_their_name_and_the_json_they_send() {
    use pieces_os_client::models::{GroupedTimestamp, WorkstreamEvent, WorkstreamEventTrigger};
    let timestamp = GroupedTimestamp::new("2025-03-01T10:00:00Z".parse().unwrap());
    assert_eq!(format!("{timestamp:?}"), r#"GroupedTimestamp {"value":"2025-03-01T10:00:00Z"}"#);
    // Properties in the spec's order, absent ones left out, unknown ones last.
    let trigger: WorkstreamEventTrigger =
        serde_json::from_value(json!({"later": [1, {"a": null}], "copy": true, "check_in": false})).unwrap();
    assert_eq!(
        format!("{trigger:?}"),
        r#"WorkstreamEventTrigger {"check_in":false,"copy":true,"later":[1,{"a":null}]}"#
    );
    assert_eq!(
        format!("{trigger:#?}"),
        "WorkstreamEventTrigger {\n  \"check_in\": false,\n  \"copy\": true,\n  \"later\": [\n    1,\n    {\n      \"a\": null\n    }\n  ]\n}"
    );
    let event: WorkstreamEvent = serde_json::from_value(event_from_a_newer_server()).unwrap();
    let debug = format!("{event:?}");
    let expected = serde_json::to_string(&event).unwrap();
    assert_eq!(debug, format!("WorkstreamEvent {expected}"));
    // Pretty-printed as serde_json pretty-prints, escapes, empty objects and arrays included.
    let mut odd = event.clone();
    odd.readable = Some("a \"quoted\" {[,:]} \\ \u{1F600}".to_owned());
    odd.additional_properties.insert("empty".to_owned(), json!({"object": {}, "array": [], "nested": [[], [{}]]}));
    let pretty = serde_json::to_string_pretty(&odd).unwrap();
    assert_eq!(format!("{odd:#?}"), format!("WorkstreamEvent {pretty}"));
    assert!(debug.starts_with(r#"WorkstreamEvent {"schema":{"#), "{debug}");
}

#[test]
fn properties_past_the_sixteenth_read_and_write_like_the_first() {
    use pieces_os_client::models::WorkstreamEvent;
    // `WorkstreamEvent` has 17 properties: the runtime holds them as a tuple of sixteen and a tuple of one.
    let mut sent = event_from_a_newer_server();
    sent["messages"] = json!({"iterable": [{"id": "message-1"}]});
    let event: WorkstreamEvent = serde_json::from_value(sent.clone()).unwrap();
    let messages = event.messages.as_ref().expect("the 17th property is read");
    assert_eq!(messages.iterable[0].id, "message-1");
    assert_eq!(json_difference(&sent, &serde_json::to_value(&event).unwrap()), None);
    let written = serde_json::to_string(&event).unwrap();
    let position = |key: &str| written.find(&format!("\"{key}\":")).unwrap_or_else(|| panic!("{key} in {written}"));
    // Known properties in the spec's order (`processing` is the 16th, `messages` the 17th), unknown ones after.
    assert!(position("processing") < position("messages"), "{written}");
    assert!(position("messages") < position("annotations"), "{written}");

    let text = sent.to_string();
    let twice = text.replacen("\"messages\":", "\"messages\":null,\"messages\":", 1);
    let error = serde_json::from_str::<WorkstreamEvent>(&twice).unwrap_err();
    assert!(error.to_string().contains("duplicate field `messages`"), "{error}");
    let twice = text.replacen("\"schema\":", "\"schema\":null,\"schema\":", 1);
    let error = serde_json::from_str::<WorkstreamEvent>(&twice).unwrap_err();
    assert!(error.to_string().contains("duplicate field `schema`"), "{error}");
    let mut without = sent.clone();
    without.as_object_mut().unwrap().remove("trigger");
    let error = serde_json::from_value::<WorkstreamEvent>(without).unwrap_err();
    assert!(error.to_string().contains("missing field `trigger`"), "{error}");
    sent["messages"] = Value::Null;
    let event: WorkstreamEvent = serde_json::from_value(sent).unwrap();
    assert!(event.messages.is_none(), "null reads as absent");
}
