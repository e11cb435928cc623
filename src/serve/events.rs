//! Server-sent events on the same port: a listener is told when a rebuild
//! has finished (reload), when only CSS changed, or that the build failed;
//! and, as it connects, the last good build's warnings.

use super::state::{Event, Shared};
use std::io::Write;
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

/// A comment line is sent this often, so that a dead connection is noticed
/// and its thread ends.
const KEEPALIVE: Duration = Duration::from_secs(10);

/// Streams events to one listener until it goes away.
pub fn stream(mut out: &TcpStream, shared: &Arc<Shared>) {
    let mut seen = shared.version();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if out.write_all(head.as_bytes()).and_then(|_| out.flush()).is_err() {
        return;
    }
    let first = match (shared.error(), shared.warnings()) {
        (Some(failure), _) => Some(Event::Failed(failure)),
        (None, warnings) if !warnings.is_empty() => Some(Event::Warnings(warnings)),
        _ => None,
    };
    if first.is_some_and(|event| send(out, &event).is_err()) {
        return;
    }
    loop {
        let written = match shared.wait(seen, KEEPALIVE) {
            Some((version, event)) => {
                seen = version;
                send(out, &event)
            }
            None => out.write_all(b": keepalive\n\n").and_then(|_| out.flush()),
        };
        if written.is_err() {
            return;
        }
    }
}

fn send(mut out: &TcpStream, event: &Event) -> std::io::Result<()> {
    let text = match event {
        Event::Reload => "event: reload\ndata: {}\n\n".to_string(),
        Event::Css => "event: css\ndata: {}\n\n".to_string(),
        Event::Failed(failure) => {
            let data = serde_json::to_string(failure).unwrap_or_default();
            format!("event: builderror\ndata: {data}\n\n")
        }
        Event::Warnings(warnings) => {
            let data = serde_json::to_string(warnings).unwrap_or_default();
            format!("event: warnings\ndata: {data}\n\n")
        }
    };
    out.write_all(text.as_bytes())?;
    out.flush()
}
