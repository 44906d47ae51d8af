//! Documented error statuses through the validating server: a test header asks it for a status, and the client
//! must return the operation's documented error variant with its text body. Needs `VALIDATING_SERVER_URL`.

use pieces_os_client::apis::workstream_event_api::{
    WorkstreamEventAssociateTagError, WorkstreamEventsSpecificWorkstreamEventSnapshotError as SnapshotError,
};
use pieces_os_client::{Client, Error};

fn client(with_key: bool) -> Client {
    let base_url = std::env::var("VALIDATING_SERVER_URL").expect("scripts/test.sh sets VALIDATING_SERVER_URL");
    let builder = Client::builder().base_url(base_url);
    let builder = if with_key { builder.application_api_key("test-key") } else { builder };
    builder.build().unwrap()
}

#[tokio::test]
async fn a_410_is_the_documented_gone_variant_with_its_text() {
    let result = client(true)
        .workstream_event_api()
        .workstream_events_specific_workstream_event_snapshot("missing-event")
        .header("X-Test-Status", "410")
        .await;
    match result {
        Err(Error::Api { error: SnapshotError::Gone(text), .. }) => assert!(!text.is_empty(), "the 410 carries its text body"),
        other => panic!("expected Gone, got {other:?}"),
    }
}

#[tokio::test]
async fn a_500_is_the_documented_internal_server_error_with_its_text() {
    let result = client(true)
        .workstream_event_api()
        .workstream_event_associate_tag("event", "tag")
        .header("X-Test-Status", "500")
        .await;
    match result {
        Err(Error::Api { error: WorkstreamEventAssociateTagError::InternalServerError(text), .. }) => assert!(!text.is_empty()),
        other => panic!("expected InternalServerError, got {other:?}"),
    }
}

#[tokio::test]
async fn a_missing_api_key_is_a_clear_401() {
    let result = client(false).workstream_event_api().workstream_event_associate_tag("event", "tag").await;
    let error = result.expect_err("the server refuses a request without X-Application-ID");
    assert_eq!(error.status(), Some(401));
    let message = error.to_string();
    assert!(message.contains("401") && message.contains("X-Application-ID"), "{message}");
}
