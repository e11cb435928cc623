//! The connections of `serve`: accepting them, reading requests, writing
//! answers. Written here, with httparse reading the request head, because
//! the preview must outlive what a server crate gave up on: running out of
//! file descriptors (hundreds of half-open connections) made tiny_http's
//! accept thread panic and leave the process up without a listening socket,
//! and a request line of raw non-ASCII bytes closed the connection instead
//! of answering 400. Here an accept that fails waits and tries again, each
//! connection has its own thread and a time limit for every read, and a
//! request that cannot be read gets its status code.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long a connection may stay silent, before its first request or
/// between two, before it is closed. Frees the descriptors of half-open
/// connections.
const IDLE: Duration = Duration::from_secs(15);
/// How long writing an answer may stall before the reader is given up.
const WRITE_PATIENCE: Duration = Duration::from_secs(30);
/// Connections served at once; the next ones wait in the kernel's queue.
const MAX_CONNECTIONS: usize = 256;
/// How long to wait before accepting again when the process has no file
/// descriptor (or thread) to spare.
const RETRY_AFTER: Duration = Duration::from_millis(100);
/// The longest request head read: the request line and every header.
const MAX_HEAD: usize = 16 * 1024;
/// The longest request body read and dropped (the preview takes none).
const MAX_BODY: usize = 64 * 1024;

/// One request, as much of it as the preview looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, or whatever the client sent.
    pub method: String,
    /// The request target: `/a/b.html?x`.
    pub target: String,
    /// The `Host` header, if there was one.
    pub host: Option<String>,
}

/// What a request is answered with.
pub enum Answer {
    /// A whole answer; `body` is left out for `HEAD`, its length kept.
    Reply { status: u16, kind: &'static str, body: Vec<u8> },
    /// The connection is handed over (server-sent events) and closed
    /// when the function returns.
    Stream(Box<dyn FnOnce(&TcpStream) + Send>),
}

impl Answer {
    pub fn text(status: u16, text: impl Into<String>) -> Answer {
        Answer::Reply { status, kind: "text/plain; charset=utf-8", body: text.into().into_bytes() }
    }
}

/// Listens on `addr` (port 0: any free port) and answers every request
/// with `answer`, for as long as the process runs.
pub struct Listener {
    socket: TcpListener,
    pub addr: SocketAddr,
}

impl Listener {
    pub fn bind(addr: SocketAddr) -> std::io::Result<Listener> {
        let socket = TcpListener::bind(addr)?;
        let addr = socket.local_addr()?;
        Ok(Listener { socket, addr })
    }

    /// Accepts connections forever, each in a thread of its own.
    pub fn serve<F>(self, answer: F) -> !
    where
        F: Fn(&Request) -> Answer + Send + Sync + 'static,
    {
        let answer = Arc::new(answer);
        let open = Arc::new(AtomicUsize::new(0));
        loop {
            while open.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
                std::thread::sleep(RETRY_AFTER);
            }
            let stream = match self.socket.accept() {
                Ok((stream, _)) => stream,
                // Out of descriptors (or the client gave up first): wait for some to free up.
                Err(_) => {
                    std::thread::sleep(RETRY_AFTER);
                    continue;
                }
            };
            open.fetch_add(1, Ordering::SeqCst);
            let (answer, counted) = (answer.clone(), open.clone());
            let spawned = std::thread::Builder::new().name("connection".into()).spawn(move || {
                serve_connection(stream, &*answer);
                counted.fetch_sub(1, Ordering::SeqCst);
            });
            if spawned.is_err() {
                // No thread to spare: the stream was dropped with the closure.
                open.fetch_sub(1, Ordering::SeqCst);
                std::thread::sleep(RETRY_AFTER);
            }
        }
    }
}

/// Answers the requests of one connection until it closes, falls silent
/// for [`IDLE`], or sends something that ends it.
fn serve_connection(stream: TcpStream, answer: &dyn Fn(&Request) -> Answer) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(WRITE_PATIENCE));
    let mut buffer = Vec::new();
    loop {
        let head = match read_head(&stream, &mut buffer) {
            Ok(Some(head)) => head,
            Ok(None) => return,
            Err(status) => {
                return refuse(&stream, status);
            }
        };
        let parsed = parse_head(&buffer[..head]);
        buffer.drain(..head);
        let (request, keep_open) = match parsed {
            Ok(Parsed { request, body, keep_open }) => match drop_body(&stream, &mut buffer, body) {
                Some(()) => (request, keep_open),
                None => return,
            },
            Err(status) => {
                return refuse(&stream, status);
            }
        };
        let head_only = request.method == "HEAD";
        match answer(&request) {
            Answer::Reply { status, kind, body } => {
                if write_reply(&stream, status, kind, &body, head_only, !keep_open).is_err() || !keep_open {
                    return;
                }
            }
            Answer::Stream(stream_to) => return stream_to(&stream),
        }
    }
}

/// Answers a request that cannot be read with its status code, and closes
/// the connection without losing the answer: what the client still sends
/// is read and dropped for a moment, since closing with unread bytes would
/// reset the connection before the client reads the answer.
fn refuse(mut stream: &TcpStream, status: u16) {
    let text = format!("{}\n", reason(status).to_ascii_lowercase());
    if write_reply(stream, status, "text/plain; charset=utf-8", text.as_bytes(), false, true).is_err() {
        return;
    }
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut chunk = [0u8; 4096];
    let mut dropped = 0;
    while dropped < MAX_BODY {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => dropped += n,
        }
    }
}

/// Reads until `buffer` holds a whole request head; its length with the
/// blank line. `None` when the connection closed or fell silent first.
fn read_head(mut stream: &TcpStream, buffer: &mut Vec<u8>) -> Result<Option<usize>, u16> {
    loop {
        let end = buffer.windows(4).position(|w| w == b"\r\n\r\n").map(|end| end + 4);
        if end.unwrap_or(buffer.len()) > MAX_HEAD {
            return Err(431);
        }
        if end.is_some() {
            return Ok(end);
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Ok(None),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

/// A request head read: the request, the length of its body, and whether
/// the connection stays open after the answer.
#[derive(Debug, PartialEq, Eq)]
struct Parsed {
    request: Request,
    body: usize,
    keep_open: bool,
}

/// Reads a request head; the status code to answer with when it cannot be
/// read: 400 for a malformed head or a target that is not ASCII (URLs
/// are sent percent-encoded), 411 for a body of unknown length.
fn parse_head(head: &[u8]) -> Result<Parsed, u16> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Err(httparse::Error::TooManyHeaders) => return Err(431),
        _ => return Err(400),
    }
    let (Some(method), Some(target), Some(version)) = (parsed.method, parsed.path, parsed.version) else {
        return Err(400);
    };
    if !target.is_ascii() {
        return Err(400);
    }
    let value = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
    };
    if value("Transfer-Encoding").is_some() {
        return Err(411);
    }
    let body = match value("Content-Length") {
        Some(length) => length.parse::<usize>().map_err(|_| 400u16)?,
        None => 0,
    };
    let connection = value("Connection").unwrap_or_default().to_ascii_lowercase();
    let keep_open = if version == 0 { connection.contains("keep-alive") } else { !connection.contains("close") };
    let request = Request { method: method.to_string(), target: target.to_string(), host: value("Host") };
    Ok(Parsed { request, body, keep_open })
}

/// Reads past a request body the preview does not use; `None` when it is
/// too long or the connection ends first.
fn drop_body(mut stream: &TcpStream, buffer: &mut Vec<u8>, length: usize) -> Option<()> {
    if length > MAX_BODY {
        return None;
    }
    while buffer.len() < length {
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    buffer.drain(..length);
    Some(())
}

/// Writes one answer, its body left out for `HEAD`.
fn write_reply(
    mut stream: &TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    head_only: bool,
    close: bool,
) -> std::io::Result<()> {
    let connection = if close { "Connection: close\r\n" } else { "" };
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{connection}\r\n",
        reason(status),
        body.len()
    )
    .into_bytes();
    if !head_only {
        out.extend_from_slice(body);
    }
    stream.write_all(&out)?;
    stream.flush()
}

/// The reason phrase of the status codes the preview sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        431 => "Request Header Fields Too Large",
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, target: &str, host: Option<&str>) -> Request {
        Request { method: method.into(), target: target.into(), host: host.map(Into::into) }
    }

    #[test]
    fn request_heads_are_read_or_given_their_status() {
        let table: [(&[u8], Result<Parsed, u16>); 9] = [
            (
                b"GET /a.html?q=1 HTTP/1.1\r\nHost: localhost:1111\r\n\r\n",
                Ok(Parsed { request: request("GET", "/a.html?q=1", Some("localhost:1111")), body: 0, keep_open: true }),
            ),
            (
                b"HEAD / HTTP/1.1\r\nconnection: Close\r\n\r\n",
                Ok(Parsed { request: request("HEAD", "/", None), body: 0, keep_open: false }),
            ),
            (b"GET / HTTP/1.0\r\n\r\n", Ok(Parsed { request: request("GET", "/", None), body: 0, keep_open: false })),
            (
                b"POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\n",
                Ok(Parsed { request: request("POST", "/x", None), body: 5, keep_open: true }),
            ),
            ("GET /学.html HTTP/1.1\r\n\r\n".as_bytes(), Err(400)),
            (b"GET /\xff\xfe HTTP/1.1\r\n\r\n", Err(400)),
            (b"NONSENSE\r\n\r\n", Err(400)),
            (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", Err(411)),
            (b"GET / HTTP/1.1\r\nContent-Length: lots\r\n\r\n", Err(400)),
        ];
        for (head, want) in table {
            assert_eq!(parse_head(head), want, "{}", String::from_utf8_lossy(head));
        }
    }

    /// A server on a free port that answers every request with its target.
    fn echo_server() -> SocketAddr {
        let listener = Listener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).unwrap();
        let addr = listener.addr;
        std::thread::spawn(move || listener.serve(|request| Answer::text(200, request.target.clone())));
        addr
    }

    fn exchange(addr: SocketAddr, bytes: &[u8]) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(bytes).unwrap();
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text);
        text
    }

    #[test]
    fn one_connection_carries_several_requests_and_bad_ones_get_a_status() {
        let addr = echo_server();
        let two = exchange(addr, b"GET /one HTTP/1.1\r\n\r\nGET /two HTTP/1.1\r\nConnection: close\r\n\r\n");
        assert_eq!(two.matches("HTTP/1.1 200 OK").count(), 2, "{two}");
        assert!(two.contains("\r\n\r\n/one") && two.ends_with("\r\n\r\n/two"), "{two}");
        let raw = exchange(addr, "GET /学.html HTTP/1.1\r\nHost: localhost\r\n\r\n".as_bytes());
        assert!(raw.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{raw}");
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD + 10));
        assert!(exchange(addr, huge.as_bytes()).starts_with("HTTP/1.1 431"));
        let head = exchange(addr, b"HEAD /abc HTTP/1.1\r\nConnection: close\r\n\r\n");
        assert!(head.contains("Content-Length: 4\r\n") && head.ends_with("\r\n\r\n"), "{head}");
        let with_body = exchange(
            addr,
            b"POST /p HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /q HTTP/1.1\r\nConnection: close\r\n\r\n",
        );
        assert!(with_body.ends_with("/q"), "{with_body}");
    }
}
