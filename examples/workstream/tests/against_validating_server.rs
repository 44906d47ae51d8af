//! Runs the `workstream` tool against the spec-validating server (`VALIDATING_SERVER_URL`, started by
//! scripts/test.sh): every command must send requests the spec accepts and print a readable result; a server
//! that is down and an unknown id must give clear messages.

use std::process::{Command, Output};

fn workstream(base_url: &str, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workstream"))
        .args(["--base-url", base_url, "--api-key", "test-key"])
        .args(arguments)
        .output()
        .unwrap()
}

fn server() -> String {
    std::env::var("VALIDATING_SERVER_URL").expect("scripts/test.sh sets VALIDATING_SERVER_URL")
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn every_command_works_against_the_spec() {
    let base_url = server();
    let shown = stdout(&workstream(&base_url, &["show", "event-1"]));
    assert!(shown.starts_with("workstream event ") && shown.contains("application:"), "{shown}");
    assert!(stdout(&workstream(&base_url, &["tag", "event-1", "tag-1"])).contains("tagged event-1 with tag-1"));
    assert!(stdout(&workstream(&base_url, &["untag", "event-1", "tag-1"])).contains("removed tag tag-1"));
    assert!(stdout(&workstream(&base_url, &["score", "event-1"])).contains("incremented the score"));
    let renamed = stdout(&workstream(&base_url, &["rename", "event-1", "Reviewed the parser"]));
    assert!(renamed.starts_with("saved:"), "{renamed}");
}

#[test]
fn a_server_that_is_down_gets_a_clear_message() {
    let address = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let output = workstream(&format!("http://{address}"), &["show", "event-1"]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("cannot reach Pieces OS at http://127.0.0.1:") && message.contains("is it running?"), "{message}");
}

#[test]
fn an_unknown_id_gets_a_clear_message() {
    // The validating server answers the documented 410 when asked to; the tool has no header option, so this
    // goes through a tiny server of our own that always answers 410.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut buffer = [0; 4096];
            let _ = stream.read(&mut buffer);
            let body = "WorkstreamEvent not found.";
            let _ = write!(stream, "HTTP/1.1 410 Gone\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
        }
    });
    let output = workstream(&format!("http://{address}"), &["show", "missing"]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("there is no workstream event with id \"missing\""), "{message}");
}
