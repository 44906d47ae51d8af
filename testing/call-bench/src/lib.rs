//! A hyper server on 127.0.0.1 answering every request with one fixed `WorkstreamEvent`, and the hand-written
//! reqwest call that the generated client is measured against.

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use pieces_os_client::models::WorkstreamEvent;
use std::convert::Infallible;
use std::net::SocketAddr;

/// The answer: a workstream event with an application, timestamps, a trigger and a few optional fields.
pub const WORKSTREAM_EVENT: &str = r#"{"id":"6d1f5a42-3c55-4c1e-9d0f-2b7d4a0e9c11","application":{"id":"a1b2c3","name":"VS_CODE","version":"1.95.0","platform":"MACOS","onboarded":true,"privacy":"OPEN"},"created":{"value":"2024-05-06T07:08:09.123Z","readable":"a minute ago"},"updated":{"value":"2024-05-06T07:09:10.456Z"},"trigger":{"close":true},"readable":"Edited main.rs in the workspace","windowTitle":"main.rs - pieces - Visual Studio Code","browserUrl":"https://docs.rs/reqwest"}"#;

/// Starts the server on a loopback port in the current Tokio runtime; returns its base URL.
pub async fn start_server() -> String {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.expect("bind 127.0.0.1");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            tokio::spawn(async move {
                let service = service_fn(|_request| async {
                    Ok::<_, Infallible>(
                        hyper::Response::builder()
                            .header("content-type", "application/json")
                            .body(Full::new(Bytes::from_static(WORKSTREAM_EVENT.as_bytes())))
                            .expect("a valid response"),
                    )
                });
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    });
    format!("http://{address}")
}

/// What the generated operation does, written by hand: the same URL, headers, timeout and decoding target.
pub async fn hand_written_snapshot(http: &reqwest::Client, base_url: &str, id: &str) -> Result<WorkstreamEvent, String> {
    let response = http
        .get(format!("{base_url}/workstream_event/{id}"))
        .header("x-application-id", "bench-key")
        .header("accept", "application/json")
        .header("user-agent", "bench")
        .timeout(std::time::Duration::from_secs(30))
        .send()
        .await
        .map_err(|error| error.to_string())?;
    if response.status() != 200 {
        return Err(format!("status {}", response.status()));
    }
    let body = response.bytes().await.map_err(|error| error.to_string())?;
    serde_json::from_slice(&body).map_err(|error| error.to_string())
}
