//! The `file2chan` module (sh-file2chan(1)): `file2chan file {read}
//! {write} [{close}]` makes a file whose reads and writes run those blocks,
//! in a process of its own serving a copy of the shell (whose variables
//! live on from one request to the next); each request is a tag, `$tag`
//! while its block runs, answered by `rread`, `rreadone`, `rwrite`,
//! `rerror`, `putrdata`, or by default when the block ends (a write is
//! taken whole, a read fails) unless `rblock` kept it waiting;
//! `fetchwdata` and `${rget}` show a request. The tags are one table for
//! every file served.

use crate::eval::{Flow, Shell, Status};
use crate::os::{FileRequest, Process};
use crate::value::Val;
use std::collections::HashMap;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

const USAGE: &str = "usage: file2chan file {readcmd} {writecmd} [ {closecmd} ]";

/// How often a server waiting for a request looks whether it was killed.
const KILL_POLL: Duration = Duration::from_millis(100);

/// What a request asks, and where its answer goes.
enum Kind {
    Read {
        count: usize,
        reply: Sender<Result<Vec<u8>, String>>,
    },
    Write {
        data: Vec<u8>,
        reply: Sender<Result<usize, String>>,
    },
    Close,
}

/// An outstanding request.
struct Tag {
    kind: Kind,
    /// The offset (-1 for a close).
    offset: i64,
    fid: u64,
    blocked: bool,
}

/// The outstanding requests by tag id, and the next id.
static TAGS: Mutex<(u64, Option<HashMap<u64, Tag>>)> = Mutex::new((0, None));

fn tags() -> MutexGuard<'static, (u64, Option<HashMap<u64, Tag>>)> {
    TAGS.lock().unwrap_or_else(|e| e.into_inner())
}

fn add(tag: Tag) -> u64 {
    let mut t = tags();
    let id = t.0;
    t.0 += 1;
    t.1.get_or_insert_with(HashMap::new).insert(id, tag);
    id
}

fn remove(id: u64) -> Option<Tag> {
    tags().1.as_mut()?.remove(&id)
}

/// `file2chan file {read} {write} [{close}]`.
pub fn file2chan<P: Process>(sh: &mut Shell<P>, args: &[Val]) -> Status {
    let (path, cmds) = match args {
        [p, rest @ ..] if (2..=3).contains(&rest.len()) => (p.text(), rest.to_vec()),
        _ => return Err(sh.fail("usage", USAGE)),
    };
    if path.is_empty() || cmds.iter().any(|c| c.as_block().is_none()) {
        return Err(sh.fail("usage", USAGE));
    }
    let mut server = sh.subshell();
    let started = sh.proc.file2chan(
        &path,
        Box::new(move |proc, requests| {
            server.proc = proc;
            crate::thread::run(move || {
                serve(&mut server, &requests, &cmds);
                String::new()
            });
        }),
    );
    match started {
        Ok(pid) => {
            sh.set("apid", vec![Val::Str(pid.to_string())]);
            if sh.interactive {
                sh.print(2, &format!("{pid}\n"));
            }
            Ok(String::new())
        }
        Err((status, _)) => Ok(status),
    }
}

/// Answers `requests` with blocks `cmds` (read, write and maybe close)
/// until the file is gone or the process killed.
fn serve<P: Process>(sh: &mut Shell<P>, requests: &Receiver<FileRequest>, cmds: &[Val]) {
    loop {
        let request = match requests.recv_timeout(KILL_POLL) {
            Ok(r) => r,
            Err(RecvTimeoutError::Timeout) if !sh.proc.killed() => continue,
            Err(_) => return,
        };
        let (tag, cmd) = match request {
            FileRequest::Read {
                offset,
                count,
                fid,
                reply,
            } => (Tag::new(Kind::Read { count, reply }, offset, fid), &cmds[0]),
            FileRequest::Write {
                offset,
                data,
                fid,
                reply,
            } => (Tag::new(Kind::Write { data, reply }, offset, fid), &cmds[1]),
            FileRequest::Close { fid } => match cmds.get(2) {
                Some(c) => {
                    let tag = Tag {
                        kind: Kind::Close,
                        offset: -1,
                        fid,
                        blocked: false,
                    };
                    (tag, c)
                }
                None => continue,
            },
        };
        let id = add(tag);
        sh.set_local("tag", vec![Val::Str(id.to_string())]);
        let _ = sh.run_words(std::slice::from_ref(cmd));
        let mut t = tags();
        let pending = t.1.as_mut().and_then(|m| {
            let keep = m.get(&id).is_some_and(|t| t.blocked);
            if keep {
                None
            } else {
                m.remove(&id)
            }
        });
        drop(t);
        match pending.map(|t| t.kind) {
            Some(Kind::Read { reply, .. }) => {
                let _ = reply.send(Err("invalid read".into()));
            }
            Some(Kind::Write { data, reply }) => {
                let _ = reply.send(Ok(data.len()));
            }
            _ => {}
        }
        sh.set_local("tag", Vec::new());
    }
}

impl Tag {
    fn new(kind: Kind, offset: u64, fid: u64) -> Tag {
        Tag {
            kind,
            offset: i64::try_from(offset).unwrap_or(i64::MAX),
            fid,
            blocked: false,
        }
    }
}

/// The tag id a builtin names: its argument when it has one, else `$tag`.
fn tag_id<P: Process>(sh: &Shell<P>, given: Option<&Val>) -> Option<u64> {
    let text = match given {
        Some(v) => v.text(),
        None => match sh.get("tag").as_slice() {
            [t] => t.text(),
            _ => return None,
        },
    };
    Some(leading_number(&text))
}

/// The number at the start of `s`, as Limbo's `int` of a string reads it.
fn leading_number(s: &str) -> u64 {
    let digits: String = s
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap_or(0)
}

/// Runs `f` on outstanding request `id` (for builtin `name`), failing with
/// `bad tag` when there is none.
fn with_tag<P: Process, T>(
    sh: &Shell<P>,
    name: &str,
    id: Option<u64>,
    f: impl FnOnce(&mut Tag) -> T,
) -> Result<T, Flow> {
    let mut t = tags();
    match id.and_then(|id| t.1.as_mut()?.get_mut(&id)) {
        Some(tag) => Ok(f(tag)),
        None => {
            drop(t);
            Err(sh.fail("bad tag", &format!("{name}: cannot find tag")))
        }
    }
}

fn inappropriate<P: Process>(sh: &Shell<P>, name: &str) -> Flow {
    sh.fail("bad tag", &format!("{name}: inappropriate tag id"))
}

/// The builtin commands: `rread`, `rreadone`, `rwrite`, `rerror`, `rblock`,
/// `fetchwdata` and `putrdata`.
pub fn command<P: Process>(sh: &mut Shell<P>, name: &str, args: &[Val]) -> Status {
    match name {
        "file2chan" => file2chan(sh, args),
        "rread" | "rreadone" => {
            let (given, data) = match args {
                [d] => (None, d),
                [t, d] => (Some(t), d),
                _ => return Err(sh.fail("usage", &format!("usage: {name} [tag] data"))),
            };
            let id = tag_id(sh, given);
            let tag = taken(sh, "rread", id, is_read)?;
            let mut d = data.text().into_bytes();
            if name == "rreadone" {
                let from = usize::try_from(tag.offset).unwrap_or(usize::MAX);
                d = d.get(from..).unwrap_or_default().to_vec();
            }
            if let Kind::Read { count, reply } = tag.kind {
                d.truncate(count);
                let _ = reply.send(Ok(d));
            }
            Ok(String::new())
        }
        "rwrite" => {
            if args.len() > 2 {
                return Err(sh.fail("usage", "usage: rwrite [tag [count]]"));
            }
            let id = tag_id(sh, args.first());
            let count = match args.get(1).map(Val::text) {
                Some(c) if !c.bytes().all(|b| b.is_ascii_digit()) => {
                    return Err(sh.fail("usage", "usage: freply [tag [count]]"));
                }
                Some(c) => Some(leading_number(&c) as usize),
                None => None,
            };
            let tag = taken(sh, "rwrite", id, |k| matches!(k, Kind::Write { .. }))?;
            if let Kind::Write { data, reply } = tag.kind {
                let _ = reply.send(Ok(count.unwrap_or(data.len())));
            }
            Ok(String::new())
        }
        "rerror" => {
            let (given, msg) = match args {
                [m] => (None, m),
                [t, m] => (Some(t), m),
                _ => return Err(sh.fail("usage", "usage: ferror [tag] error")),
            };
            let id = tag_id(sh, given);
            let msg = msg.text();
            let tag = taken(sh, "rerror", id, |_| true)?;
            match tag.kind {
                Kind::Read { reply, .. } => {
                    let _ = reply.send(Err(msg));
                }
                Kind::Write { reply, .. } => {
                    let _ = reply.send(Err(msg));
                }
                Kind::Close => {}
            }
            Ok(String::new())
        }
        "rblock" => {
            if args.len() > 1 {
                return Err(sh.fail("usage", "usage: rblock [tag]"));
            }
            let id = tag_id(sh, args.first());
            with_tag(sh, "rblock", id, |t| t.blocked = true)?;
            Ok(String::new())
        }
        "fetchwdata" => {
            if args.len() > 1 {
                return Err(sh.fail("usage", "usage: fetchwdata [tag]"));
            }
            let id = tag_id(sh, args.first());
            let data = with_tag(sh, "fetchwdata", id, |t| match &t.kind {
                Kind::Write { data, .. } => Some(data.clone()),
                _ => None,
            })?;
            let Some(data) = data else {
                return Err(inappropriate(sh, "fetchwdata"));
            };
            let _ = sh.proc.write(1, &data);
            Ok(String::new())
        }
        _ => putrdata(sh, args),
    }
}

/// `putrdata [tag]`: standard input, up to the count asked, as the reply.
fn putrdata<P: Process>(sh: &mut Shell<P>, args: &[Val]) -> Status {
    if args.len() > 1 {
        return Err(sh.fail("usage", "usage: putrdata [tag]"));
    }
    let id = tag_id(sh, args.first());
    let count = with_tag(sh, "putrdata", id, |t| match &t.kind {
        Kind::Read { count, .. } => Some(*count),
        _ => None,
    })?;
    let Some(count) = count else {
        return Err(inappropriate(sh, "putrdata"));
    };
    let mut buf = vec![0u8; count];
    let mut n = 0;
    while n < count {
        match sh.proc.read(0, &mut buf[n..]) {
            Ok(got) if got > 0 => n += got,
            _ => break,
        }
    }
    buf.truncate(n);
    if let Kind::Read { reply, .. } = taken(sh, "putrdata", id, is_read)?.kind {
        let _ = reply.send(Ok(buf));
    }
    Ok(String::new())
}

fn is_read(k: &Kind) -> bool {
    matches!(k, Kind::Read { .. })
}

/// Outstanding request `id`, out of the table, when `fits` its kind; else
/// the failure of builtin `name`.
fn taken<P: Process>(
    sh: &Shell<P>,
    name: &str,
    id: Option<u64>,
    fits: impl Fn(&Kind) -> bool,
) -> Result<Tag, Flow> {
    let fit = with_tag(sh, name, id, |t| fits(&t.kind))?;
    if !fit {
        return Err(inappropriate(sh, name));
    }
    id.and_then(remove)
        .ok_or_else(|| sh.fail("bad tag", &format!("{name}: cannot find tag")))
}

/// `${rget (data|count|offset|fid) [tag]}`.
pub fn rget<P: Process>(sh: &Shell<P>, args: &[Val]) -> Result<Vec<Val>, Flow> {
    const RGET_USAGE: &str = "usage: rget (data|count|offset|fid) [tag]";
    let (what, given) = match args {
        [w] => (w.text(), None),
        [w, t] => (w.text(), Some(t)),
        _ => return Err(sh.fail("usage", RGET_USAGE)),
    };
    let id = tag_id(sh, given);
    let got = with_tag(sh, "rget", id, |t| match (what.as_str(), &t.kind) {
        ("data", Kind::Write { data, .. }) => Ok(String::from_utf8_lossy(data).into_owned()),
        ("count", Kind::Read { count, .. }) => Ok(count.to_string()),
        ("offset", _) => Ok(t.offset.to_string()),
        ("fid", _) => Ok(t.fid.to_string()),
        ("data" | "count", _) => Err(true),
        _ => Err(false),
    })?;
    match got {
        Ok(s) => Ok(vec![Val::Str(s)]),
        Err(true) => Err(inappropriate(sh, "rget")),
        Err(false) => Err(sh.fail("usage", RGET_USAGE)),
    }
}
