//! A file a shell serves (the `file2chan` shell module): the srv device's
//! [`FileServer`] side handed to the shell as [`FileRequest`]s on a channel,
//! each read or write waiting for the reply the shell sends back.

use super::command::System;
use crate::kernel::devices::srv::{await_reply, FileServer, ServedFile};
use crate::kernel::flags::{MBEFORE, MCREATE};
use crate::kernel::namec::Access;
use crate::kernel::ProcEnv;
use shell::FileRequest;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use styx::Cancel;

/// What a client sees when the serving shell is gone.
const SHUT_DOWN: &str = "mounted device shut down";

/// Passes requests to the serving shell.
struct ToShell(Sender<FileRequest>);

impl ToShell {
    fn ask<T: Send + 'static>(
        &self,
        stop: &Cancel,
        request: impl FnOnce(Sender<Result<T, String>>) -> FileRequest,
    ) -> Result<T, String> {
        let (reply, answer) = channel();
        if self.0.send(request(reply.clone())).is_err() {
            return Err(SHUT_DOWN.to_string());
        }
        await_reply(&reply, &answer, stop, SHUT_DOWN)
    }
}

impl FileServer for ToShell {
    fn read(&self, offset: u64, count: usize, fid: u64, stop: &Cancel) -> Result<Vec<u8>, String> {
        self.ask(stop, |reply| FileRequest::Read {
            offset,
            count,
            fid,
            reply,
        })
    }

    fn write(&self, offset: u64, data: &[u8], fid: u64, stop: &Cancel) -> Result<usize, String> {
        let data = data.to_vec();
        self.ask(stop, |reply| FileRequest::Write {
            offset,
            data,
            fid,
            reply,
        })
    }

    fn close(&self, fid: u64) {
        let _ = self.0.send(FileRequest::Close { fid });
    }
}

/// The folder and the name of `path`, as the original's shell splits it.
fn split(path: &str) -> (&str, &str) {
    let path = path.trim_end_matches('/');
    match path.rfind('/') {
        _ if path.is_empty() => ("/", ""),
        Some(i) => (&path[..=i], &path[i + 1..]),
        None => (".", path),
    }
}

/// Makes the file `path` for a process with `env`: the srv device's entry
/// (served while it is kept) and the requests made of it.
pub fn file2chan(
    env: &ProcEnv,
    system: &System,
    path: &str,
) -> Result<(ServedFile, Receiver<FileRequest>), (String, String)> {
    let (dir, file) = split(path);
    if let Err(e) = env.bind("#s", dir, MBEFORE | MCREATE) {
        let msg = format!("file2chan: cannot bind #s: {e}");
        return Err(("no #s".to_string(), msg));
    }
    let cannot = |e: crate::kernel::Error| {
        let msg = format!("file2chan: cannot make {path}: {e}");
        ("cannot make chan".to_string(), msg)
    };
    let caller = env.caller();
    let dirchan = env.ns.namec(dir, Access::Stat, &caller).map_err(cannot)?;
    let (requests, served) = channel();
    let server = Arc::new(ToShell(requests));
    let file = system
        .srv
        .file2chan(&dirchan, file, server, &caller)
        .map_err(cannot)?;
    Ok((file, served))
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn paths_split_into_folder_and_name() {
        assert_eq!(split("/tmp/memfile"), ("/tmp/", "memfile"));
        assert_eq!(split("/chan/log/"), ("/chan/", "log"));
        assert_eq!(split("x"), (".", "x"));
        assert_eq!(split("/x"), ("/", "x"));
    }
}
