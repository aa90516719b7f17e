//! Shared by the integration tests: the in-memory file server, and connecting a
//! client (or raw messages) to it over a socket pair with the server on a thread.

#![allow(dead_code)]

pub mod memfs;
pub mod samples;

use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::thread::JoinHandle;

use styx::{read_message, serve, Client, Config, Rmsg, ServeError, Tmsg};

pub use memfs::MemFs;

/// Serves `fs` on one end of a socket pair; returns the other end.
pub fn serve_on_socket(
    fs: Arc<MemFs>,
    config: Config,
) -> (UnixStream, JoinHandle<Result<(), ServeError>>) {
    let (client_end, server_end) = UnixStream::pair().expect("socket pair");
    let server = std::thread::spawn(move || {
        let reader = server_end.try_clone().expect("clone socket");
        serve(&*fs, reader, server_end, &config)
    });
    (client_end, server)
}

/// A client of a fresh `MemFs`, with the server's thread.
pub fn connect() -> (Client, JoinHandle<Result<(), ServeError>>) {
    connect_to(Arc::new(MemFs::new()))
}

/// A client of `fs`, with the server's thread.
pub fn connect_to(fs: Arc<MemFs>) -> (Client, JoinHandle<Result<(), ServeError>>) {
    let (end, server) = serve_on_socket(fs, Config::default());
    let reader = end.try_clone().expect("clone socket");
    let client = Client::new(reader, end, 0, "").expect("version negotiation");
    (client, server)
}

/// Speaks raw messages to a server, for protocol errors a client would not make.
pub struct Raw {
    pub stream: UnixStream,
}

impl Raw {
    pub fn new(fs: Arc<MemFs>) -> (Raw, JoinHandle<Result<(), ServeError>>) {
        let (stream, server) = serve_on_socket(fs, Config::default());
        (Raw { stream }, server)
    }

    pub fn send(&mut self, tag: u16, msg: &Tmsg) {
        use std::io::Write;
        self.stream
            .write_all(&msg.encode(tag).expect("encode"))
            .expect("send");
    }

    pub fn receive(&mut self) -> (u16, Rmsg) {
        let bytes = read_message(&mut self.stream, 1 << 20)
            .expect("read reply")
            .expect("a reply, not end of file");
        Rmsg::decode(&bytes).expect("decode reply")
    }

    pub fn rpc(&mut self, tag: u16, msg: &Tmsg) -> Rmsg {
        self.send(tag, msg);
        let (got, reply) = self.receive();
        assert_eq!(got, tag, "reply tag");
        reply
    }

    /// The text of the `Rerror` a request must get.
    pub fn error(&mut self, tag: u16, msg: &Tmsg) -> String {
        match self.rpc(tag, msg) {
            Rmsg::Error { ename } => ename,
            other => panic!("expected Rerror for {msg:?}, got {other:?}"),
        }
    }
}
