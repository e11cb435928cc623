//! The listening side of `serve`: a socket of our own, handed to tiny_http,
//! and a watchdog that hands it over again when tiny_http stops accepting.
//! tiny_http's accept thread ends on an accept error and panics when a
//! connection cannot be cloned, both of which happen when the process runs
//! out of file descriptors (hundreds of half-open connections); without the
//! watchdog the preview would stay up refusing everything for good.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The path the watchdog asks for; answered with an empty 204.
pub const ALIVE_PATH: &str = "/__shuyuan/alive";

/// How often the watchdog asks whether requests are still being accepted.
const PROBE_EVERY: Duration = Duration::from_secs(2);
/// How long an answer to the watchdog may take before the server is taken
/// for dead. Generous: a busy rebuild may hold both cores for a while.
const PROBE_PATIENCE: Duration = Duration::from_secs(10);
/// How long the loop waits for a request before it looks at the rest.
const POLL: Duration = Duration::from_millis(200);
/// Replaced servers still asked for the requests they hold.
const RETIRED_KEPT: usize = 4;
/// How long to wait before trying again to start a server when the
/// process has no file descriptor to spare.
const RETRY_AFTER: Duration = Duration::from_millis(250);

/// Listens on `addr` (port 0: any free port) and hands every request to
/// `handle`, for as long as the process runs.
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

    /// Serves forever: requests go to `handle`; a server that stopped
    /// accepting is replaced by a new one on the same socket.
    pub fn serve(self, handle: impl Fn(tiny_http::Request)) -> ! {
        let stalled = Arc::new(AtomicBool::new(false));
        spawn_watchdog(self.addr, stalled.clone());
        // Servers replaced may still hold requests they read before they
        // stopped accepting: they are answered too.
        let mut retired: Vec<tiny_http::Server> = Vec::new();
        loop {
            let server = self.start();
            stalled.store(false, Ordering::SeqCst);
            loop {
                for old in &retired {
                    while let Ok(Some(request)) = old.try_recv() {
                        handle(request);
                    }
                }
                match server.recv_timeout(POLL) {
                    Ok(Some(request)) => handle(request),
                    Ok(None) if stalled.load(Ordering::SeqCst) => break,
                    Ok(None) => {}
                    // The accept thread stopped on an error (out of file descriptors).
                    Err(_) => break,
                }
            }
            eprintln!("warning: the preview stopped accepting connections (out of file descriptors?); listening again");
            retired.push(server);
            if retired.len() > RETIRED_KEPT {
                retired.remove(0);
            }
        }
    }

    /// A tiny_http server on a copy of the socket, once the process has a
    /// descriptor for it.
    fn start(&self) -> tiny_http::Server {
        loop {
            if let Ok(server) =
                self.socket.try_clone().map_err(Into::into).and_then(|s| tiny_http::Server::from_listener(s, None))
            {
                return server;
            }
            std::thread::sleep(RETRY_AFTER);
        }
    }
}

/// Asks the server every [`PROBE_EVERY`] for [`ALIVE_PATH`]; marks it
/// `stalled` when no answer comes within [`PROBE_PATIENCE`].
fn spawn_watchdog(addr: SocketAddr, stalled: Arc<AtomicBool>) {
    let target = if addr.ip().is_unspecified() { SocketAddr::from(([127, 0, 0, 1], addr.port())) } else { addr };
    std::thread::spawn(move || loop {
        std::thread::sleep(PROBE_EVERY);
        if answers(target) == Some(false) {
            stalled.store(true, Ordering::SeqCst);
        }
    });
}

/// Whether the server answers a request for [`ALIVE_PATH`] in time. A
/// probe that cannot even open a socket (no descriptor left in this
/// process) says nothing: the server may be well.
fn answers(addr: SocketAddr) -> Option<bool> {
    let mut stream = match TcpStream::connect_timeout(&addr, PROBE_PATIENCE) {
        Ok(stream) => stream,
        Err(e) if matches!(e.kind(), std::io::ErrorKind::TimedOut | std::io::ErrorKind::ConnectionRefused) => {
            return Some(false)
        }
        Err(_) => return None,
    };
    let _ = stream.set_read_timeout(Some(PROBE_PATIENCE));
    let request = format!("GET {ALIVE_PATH} HTTP/1.0\r\nHost: {addr}\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return None;
    }
    let mut first = [0u8; 1];
    Some(matches!(stream.read(&mut first), Ok(1)))
}
