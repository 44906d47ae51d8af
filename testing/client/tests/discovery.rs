//! Discovery of a running server among the ports the spec's server variables allow: the one port that answers
//! the health probe is found among closed ones; with nothing listening, a clear error comes back quickly.

use client_tests::{Answer, LoopbackServer};
use pieces_os_client::Client;
use std::time::{Duration, Instant};

/// Base URLs of loopback ports that nothing listens on: bound once, then released.
fn closed_ports(count: usize) -> Vec<String> {
    let listeners: Vec<_> = (0..count).map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap()).collect();
    listeners.iter().map(|listener| format!("http://{}", listener.local_addr().unwrap())).collect()
}

#[tokio::test]
async fn the_port_that_answers_the_health_probe_is_found_among_closed_ones() {
    let server = LoopbackServer::start(Answer::text(200, "ok"));
    let mut candidates = closed_ports(5);
    candidates.insert(3, server.base_url.clone());
    let builder = Client::builder().discovery_candidates(candidates).discover().await.expect("the server is found");
    let client = builder.application_api_key("key").build().unwrap();
    assert_eq!(client.base_url(), server.base_url);
    let probe = server.last_request();
    assert_eq!((probe.method.as_str(), probe.target.as_str()), ("GET", "/.well-known/health"));
}

#[tokio::test]
async fn a_server_answering_an_error_is_not_taken() {
    let broken = LoopbackServer::start(Answer::text(503, "starting"));
    let error = Client::builder().discovery_candidates([broken.base_url.clone()]).discover().await.unwrap_err();
    assert_eq!(error.attempts, [(broken.base_url.clone(), "answered 503".to_owned())]);
}

#[tokio::test]
async fn with_nothing_listening_discovery_names_what_it_tried_within_a_bounded_time() {
    let candidates = closed_ports(34);
    let started = Instant::now();
    let error = Client::builder().discovery_candidates(candidates.clone()).discover().await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.attempts.len(), 34);
    assert_eq!(error.attempts.iter().map(|(url, _)| url.clone()).collect::<Vec<_>>(), candidates, "in the order listed");
    let message = error.to_string();
    assert!(message.starts_with("no server answered GET /.well-known/health at any of 34 base URLs"), "{message}");
    assert!(message.contains("refused or unreachable (34)"), "{message}");
    println!("discovery with nothing listening on 34 loopback ports took {} ms", elapsed.as_millis());
    assert!(elapsed < pieces_os_client::DISCOVERY_PROBE_TIMEOUT + Duration::from_secs(1), "bounded by the probe timeout");
}

#[test]
fn the_default_candidates_are_the_ports_pieces_os_listens_on() {
    let candidates = pieces_os_client::DISCOVERY_CANDIDATES;
    assert_eq!(candidates.len(), 34);
    assert_eq!(candidates.first(), Some(&"http://localhost:39300"));
    assert_eq!(candidates.last(), Some(&"http://localhost:39333"));
    assert_eq!(pieces_os_client::DEFAULT_BASE_URL, "http://localhost:39300");
}
