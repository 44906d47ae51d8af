//! The two sides of the call bench do the same work: the same answer decodes to equal values.

use call_bench::{hand_written_snapshot, start_server};

#[tokio::test]
async fn generated_and_hand_written_calls_decode_the_same_event() {
    let base_url = start_server().await;
    let http = reqwest::Client::new();
    let client = pieces_os_client::Client::builder()
        .base_url(&base_url)
        .application_api_key("bench-key")
        .http_client(http.clone())
        .build()
        .unwrap();
    let generated = client.workstream_event_api().workstream_events_specific_workstream_event_snapshot("e1").await.unwrap();
    let hand_written = hand_written_snapshot(&http, &base_url, "e1").await.unwrap();
    assert_eq!(generated, hand_written);
    assert_eq!(generated.window_title.as_deref(), Some("main.rs - pieces - Visual Studio Code"));
}
