//! Test support: a loopback HTTP server that records each request and answers with a canned response.
//!
//! It is deliberately tiny (std only, one request per connection) so that tests control every byte the client
//! receives, including broken answers that a real server library would refuse to send.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the server received it: the raw target (path and query, exactly as sent), headers and body.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// What the server does with a request.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A complete response: status, content type and body.
    Respond { status: u16, content_type: &'static str, body: Vec<u8> },
    /// Raw bytes written as they are, then the connection is closed (for broken responses).
    Raw(Vec<u8>),
    /// Read the request, then never answer (until the connection is dropped).
    Hang,
}

impl Answer {
    pub fn json(status: u16, body: &str) -> Self {
        Answer::Respond { status, content_type: "application/json", body: body.as_bytes().to_vec() }
    }

    pub fn text(status: u16, body: &str) -> Self {
        Answer::Respond { status, content_type: "text/plain", body: body.as_bytes().to_vec() }
    }

    pub fn empty(status: u16) -> Self {
        Answer::Respond { status, content_type: "text/plain", body: Vec::new() }
    }

    /// A complete response with extra headers (`name: value` lines) and a text body.
    pub fn with_headers(status: u16, headers: &[(&str, &str)], body: &str) -> Self {
        let mut head = format!("HTTP/1.1 {status} Status\r\ncontent-type: text/plain\r\ncontent-length: {}\r\n", body.len());
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("connection: close\r\n\r\n");
        Answer::Raw([head.as_bytes(), body.as_bytes()].concat())
    }
}

/// A server on 127.0.0.1 that answers every request with `answer` and records it.
pub struct LoopbackServer {
    pub base_url: String,
    recorded: Arc<Mutex<Vec<RecordedRequest>>>,
}

impl LoopbackServer {
    pub fn start(answer: Answer) -> Self {
        LoopbackServer::start_sequence(vec![answer])
    }

    /// A server that answers its first request with the first answer, its second with the second, and every
    /// later one with the last, in the order the connections arrive (every answer closes its connection).
    pub fn start_sequence(answers: Vec<Answer>) -> Self {
        assert!(!answers.is_empty(), "a server needs an answer");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let recorded = Arc::new(Mutex::new(Vec::new()));
        let recorder = Arc::clone(&recorded);
        std::thread::spawn(move || {
            for (index, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { continue };
                let answer = answers[index.min(answers.len() - 1)].clone();
                let recorder = Arc::clone(&recorder);
                std::thread::spawn(move || serve(stream, &answer, &recorder));
            }
        });
        LoopbackServer { base_url, recorded }
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.recorded.lock().unwrap().clone()
    }

    pub fn last_request(&self) -> RecordedRequest {
        self.requests().pop().expect("the server received a request")
    }
}

fn serve(stream: TcpStream, answer: &Answer, recorder: &Mutex<Vec<RecordedRequest>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).is_err() || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.trim_end().split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let length = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    recorder.lock().unwrap().push(RecordedRequest { method, target, headers, body });
    let mut stream = stream;
    match answer {
        Answer::Respond { status, content_type, body } => {
            let head = format!(
                "HTTP/1.1 {status} Status\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
        }
        Answer::Raw(bytes) => {
            let _ = stream.write_all(bytes);
        }
        Answer::Hang => std::thread::sleep(Duration::from_secs(90)),
    }
    let _ = stream.flush();
}
