//! The Rust half of the response parity test (`testing/python/response_parity.py`): for each case, the
//! recording server at `RECORDING_SERVER_URL` answers with the case's bytes, the client decodes them, and the
//! outcome (the model re-encoded as JSON, or the error) is written to `RESPONSE_OUTCOMES`.

use pieces_os_client::Client;

#[tokio::test]
async fn decode_the_cases_for_response_parity() {
    let (Ok(base_url), Ok(cases_path), Ok(outcomes_path)) = (
        std::env::var("RECORDING_SERVER_URL"),
        std::env::var("RESPONSE_CASES"),
        std::env::var("RESPONSE_OUTCOMES"),
    ) else {
        panic!("RECORDING_SERVER_URL, RESPONSE_CASES and RESPONSE_OUTCOMES are set by scripts/test.sh");
    };
    let cases: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(cases_path).unwrap()).unwrap();
    let client = Client::builder().base_url(&base_url).application_api_key("test-key").build().unwrap();
    let http = reqwest::Client::new();
    let mut outcomes = Vec::new();
    for case in &cases {
        let body = serde_json::to_vec(&case["body"]).unwrap();
        let next = serde_json::json!({"status": 200, "content_type": "application/json", "body_base64": base64(&body)});
        let answer = http.post(format!("{base_url}/__next_response")).body(next.to_string()).send().await.unwrap();
        assert!(answer.status().is_success(), "the recording server took the case");
        let result = client
            .workstream_event_api()
            .workstream_events_specific_workstream_event_snapshot("event-id")
            .await;
        outcomes.push(match result {
            Ok(event) => serde_json::json!({"name": case["name"], "ok": serde_json::to_value(&event).unwrap()}),
            Err(error) => serde_json::json!({"name": case["name"], "error": error.to_string()}),
        });
    }
    std::fs::write(outcomes_path, serde_json::to_string_pretty(&outcomes).unwrap()).unwrap();
}

/// Standard base64 with padding, for the recording server's `body_base64`.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::new();
    for chunk in bytes.chunks(3) {
        let value = chunk.iter().enumerate().fold(0u32, |value, (index, byte)| value | (u32::from(*byte) << (16 - 8 * index)));
        for position in 0..4 {
            if position <= chunk.len() {
                text.push(ALPHABET[(value >> (18 - 6 * position)) as usize & 63] as char);
            } else {
                text.push('=');
            }
        }
    }
    text
}
