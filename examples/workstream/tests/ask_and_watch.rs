//! `workstream ask` and `workstream watch` as a Pieces user runs them: no `--base-url`, so the tool must find the
//! Pieces-like websocket server of `scripts/test.sh`, which listens on a port of 39300-39333 (its URL is in
//! `PIECES_LIKE_SERVER_URL`, only to check that it runs).

use std::io::Read as _;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn tool() -> Command {
    let server = std::env::var("PIECES_LIKE_SERVER_URL").expect("scripts/test.sh starts the Pieces-like server and sets PIECES_LIKE_SERVER_URL");
    let port: u16 = server.rsplit(':').next().and_then(|port| port.parse().ok()).expect("the server URL ends with its port");
    assert!((39300..=39333).contains(&port), "the server must listen where Pieces OS does, not on {port}");
    let mut command = Command::new(env!("CARGO_BIN_EXE_workstream"));
    command.env("PIECES_API_KEY", "test-key").env_remove("PIECES_OS_CLIENT_BASE_URL");
    command
}

fn ask(question: &str) -> Output {
    tool().args(["ask", question]).output().expect("the tool runs")
}

#[test]
fn ask_prints_the_answer_and_exits_0_on_completed() {
    let output = ask("What is Rust?");
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "Hello, world\n");
}

#[test]
fn ask_prints_each_piece_as_it_arrives() {
    let mut child = tool().args(["ask", "a slow answer"]).stdout(Stdio::piped()).spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buffer = [0u8; 64];
    while !String::from_utf8_lossy(&seen).contains("piece 1") {
        let read = stdout.read(&mut buffer).unwrap();
        assert!(read > 0, "the tool ended before printing the first piece");
        seen.extend_from_slice(&buffer[..read]);
    }
    // Ten pieces 300 ms apart: the first is printed while the answer is still coming.
    assert!(child.try_wait().unwrap().is_none(), "the first piece must be printed before the answer is complete");
    stdout.read_to_end(&mut seen).unwrap();
    assert!(child.wait().unwrap().success());
    assert!(String::from_utf8_lossy(&seen).contains("piece 10"));
}

#[test]
fn ask_fails_with_a_one_line_reason_on_failed_and_on_a_dropped_socket() {
    for (question, reason) in [("please fail", "Pieces OS could not answer"), ("close-mid-answer", "the connection to Pieces OS dropped")] {
        let output = ask(question);
        assert!(!output.status.success(), "{question}: must fail");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{question}: one line: {stderr}");
        assert!(stderr.contains(reason), "{question}: {stderr}");
    }
}

#[test]
fn watch_prints_identifiers_until_ctrl_c() {
    let mut child: Child = tool().arg("watch").stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = String::new();
    let started = Instant::now();
    let mut buffer = [0u8; 256];
    // The server sends three messages of identifiers after the upgrade.
    while seen.lines().count() < 3 {
        assert!(started.elapsed() < Duration::from_secs(30), "no identifiers arrived: {seen:?}");
        let read = stdout.read(&mut buffer).unwrap();
        assert!(read > 0, "the tool ended early: {seen:?}");
        seen.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
    assert!(seen.lines().all(|line| line.starts_with("changed ") || line.starts_with("deleted ")), "{seen}");
    let interrupted = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(interrupted.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "Ctrl-C ends `watch` cleanly: {status}");
}
