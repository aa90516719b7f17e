//! `Sys->file2chan`: a file in a `#s` directory served by the calling program
//! through the two channels of a `FileIO`. The kernel's srv device calls a
//! [`FileServer`] from a host thread (a client prog's blocking call, a kproc) and
//! waits; this bridge carries each request to the interpreter thread, sends
//! `(offset, count, fid, rc)` on `FileIO.read` or `(offset, data, fid, wc)` on
//! `FileIO.write` as a host-side sender, receives the server's reply on a fresh
//! `rc`/`wc` channel, and hands it back. A client's close sends the same tuples
//! with nil reply channels, first on `read`, then on `write`. The file goes when
//! the `FileIO` object dies.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex};
use std::thread::ThreadId;

use dis::vm::blocking::Remote;
use dis::vm::types::Kind;
use dis::vm::{Machine, Prog, Trap, NIL};
use styx::Cancel;

use super::frame::Frame;
use super::kernel_call::{env, fail};
use crate::kernel::chan::lock;
use crate::kernel::devices::srv::{await_reply, FileServer, ServedFile, SrvDevice};
use crate::kernel::namec::Access;

/// What a client sees when the serving program is gone.
const SHUT_DOWN: &str = "mounted device shut down";

/// What a client on the interpreter's own thread (the module loader) sees: it
/// cannot wait for a prog of that interpreter.
const ON_INTERPRETER: &str = "served file read by the interpreter itself";

/// The Dis types the bridge builds values of.
#[derive(Clone, Copy)]
pub struct Types {
    /// `(int, int, int, Rread)`, 16 bytes.
    read_req: u32,
    /// `(int, array of byte, int, Rwrite)`, 16 bytes.
    write_req: u32,
    /// `(array of byte, string)`, the element of `Rread`.
    read_reply: u32,
    /// `(int, string)`, the element of `Rwrite`.
    write_reply: u32,
    /// `FileIO` (`read`, `write`), a native object whose death removes the file.
    fileio: u32,
}

/// The served files by the address of their live `FileIO` object.
pub type Served = Rc<RefCell<HashMap<u32, (ServedFile, Arc<Bridge>)>>>;

/// Registers the types; `served` is where file2chan keeps each file.
pub fn register(vm: &mut Machine, served: &Served) -> Types {
    let served = served.clone();
    let fileio = vm.add_native_type(
        8,
        &[0, 4],
        Rc::new(move |_, obj| {
            if let Some((file, bridge)) = served.borrow_mut().remove(&obj) {
                *lock(&bridge.chans) = None;
                drop(file);
            }
        }),
    );
    Types {
        read_req: vm.types.add(16, &[12], Kind::Plain),
        write_req: vm.types.add(16, &[4, 12], Kind::Plain),
        read_reply: vm.types.add(8, &[0, 4], Kind::Plain),
        write_reply: vm.types.add(8, &[4], Kind::Plain),
        fileio,
    }
}

/// The `FileIO` channels of a served file while its object lives.
#[derive(Clone, Copy)]
struct Chans {
    read: u32,
    write: u32,
}

/// The serving program's side of one file, as the srv device calls it.
pub struct Bridge {
    remote: Mutex<Remote>,
    /// The interpreter's thread, which must never wait for a reply.
    interp: ThreadId,
    types: Types,
    /// Touched only on the interpreter thread; None once the `FileIO` is gone.
    chans: Mutex<Option<Chans>>,
}

/// A reply on its way back to the client's thread.
type Reply<T> = Sender<Result<T, String>>;

/// The file server of one file: a handle on its bridge.
struct ServedBy(Arc<Bridge>);

impl ServedBy {
    /// Runs `f` on the interpreter thread and waits for the reply it sends.
    fn ask<T: Send + 'static>(
        &self,
        stop: &Cancel,
        f: impl FnOnce(&mut Machine, Chans, Reply<T>) -> Result<(), Trap> + Send + 'static,
    ) -> Result<T, String> {
        if std::thread::current().id() == self.0.interp {
            return Err(ON_INTERPRETER.to_string());
        }
        let (reply, rx) = channel();
        let tx = reply.clone();
        let me = self.0.clone();
        let posted = lock(&self.0.remote).post(move |vm| {
            let chans = *lock(&me.chans);
            let Some(chans) = chans else {
                let _ = tx.send(Err(SHUT_DOWN.to_string()));
                return;
            };
            let failed = tx.clone();
            if let Err(t) = f(vm, chans, tx) {
                let _ = failed.send(Err(t.text()));
            }
        });
        if !posted {
            return Err(SHUT_DOWN.to_string());
        }
        await_reply(&reply, &rx, stop, SHUT_DOWN)
    }
}

impl FileServer for ServedBy {
    fn read(&self, offset: u64, count: usize, fid: u64, stop: &Cancel) -> Result<Vec<u8>, String> {
        let ty = self.0.types;
        self.ask(stop, move |vm, chans, reply| {
            let rc = vm.new_channel(ty.read_reply, 8, 1)?;
            let req = vm.alloc(16, ty.read_req)?;
            vm.mem.set_w(req, offset as i32)?;
            vm.mem.set_w(req + 4, count as i32)?;
            vm.mem.set_w(req + 8, fid as i32)?;
            vm.inc(rc)?;
            vm.mem.set_u(req + 12, rc)?;
            request(vm, chans.read, req, rc, ty.read_reply, reply, read_reply)
        })
    }

    fn write(&self, offset: u64, data: &[u8], fid: u64, stop: &Cancel) -> Result<usize, String> {
        let ty = self.0.types;
        let data = data.to_vec();
        self.ask(stop, move |vm, chans, reply| {
            let wc = vm.new_channel(ty.write_reply, 8, 1)?;
            let req = vm.alloc(16, ty.write_req)?;
            let a = vm.new_byte_array(&data)?;
            vm.mem.set_w(req, offset as i32)?;
            vm.mem.set_u(req + 4, a)?;
            vm.mem.set_w(req + 8, fid as i32)?;
            vm.inc(wc)?;
            vm.mem.set_u(req + 12, wc)?;
            request(vm, chans.write, req, wc, ty.write_reply, reply, write_reply)
        })
    }

    fn close(&self, fid: u64) {
        let me = self.0.clone();
        let ty = self.0.types;
        lock(&self.0.remote).post(move |vm| {
            let Some(chans) = *lock(&me.chans) else {
                return;
            };
            // Failures here have no client left to tell.
            let _ = notify_close(vm, chans, ty, fid as i32);
        });
    }
}

/// Sends request `req` on `c` and then waits on `rc` for the reply, which
/// `decode` turns into the client's result.
fn request<T: Send + 'static>(
    vm: &mut Machine,
    c: u32,
    req: u32,
    rc: u32,
    reply_type: u32,
    reply: Reply<T>,
    decode: fn(&Machine, u32) -> Result<T, String>,
) -> Result<(), Trap> {
    vm.send_external(c, req, move |vm, sent| {
        let _ = vm.dec(req);
        if !sent {
            let _ = vm.dec(rc);
            let _ = reply.send(Err(SHUT_DOWN.to_string()));
            return;
        }
        let dst = match vm.alloc(8, reply_type) {
            Ok(d) => d,
            Err(t) => {
                let _ = vm.dec(rc);
                let _ = reply.send(Err(t.text()));
                return;
            }
        };
        let failed = reply.clone();
        let received = vm.recv_external(rc, dst, move |vm, got| {
            let r = if got {
                decode(vm, dst)
            } else {
                Err(SHUT_DOWN.to_string())
            };
            let _ = vm.dec(dst);
            let _ = vm.dec(rc);
            let _ = reply.send(r);
        });
        if let Err(t) = received {
            let _ = failed.send(Err(t.text()));
        }
    })
}

/// The reply text of an error, if the server gave one.
fn reply_error(vm: &Machine, s: u32) -> Result<(), String> {
    if s == NIL {
        return Ok(());
    }
    match vm.str_text(s) {
        Ok(t) if t.is_empty() => Ok(()),
        Ok(t) => Err(t),
        Err(t) => Err(t.text()),
    }
}

/// `(data, error)` from `rc`.
fn read_reply(vm: &Machine, at: u32) -> Result<Vec<u8>, String> {
    let (a, s) = match (vm.mem.u(at), vm.mem.u(at + 4)) {
        (Ok(a), Ok(s)) => (a, s),
        _ => return Err(SHUT_DOWN.to_string()),
    };
    reply_error(vm, s)?;
    if a == NIL {
        return Ok(Vec::new());
    }
    vm.array_bytes(a).map(<[u8]>::to_vec).map_err(|t| t.text())
}

/// `(count, error)` from `wc`.
fn write_reply(vm: &Machine, at: u32) -> Result<usize, String> {
    let (n, s) = match (vm.mem.w(at), vm.mem.u(at + 4)) {
        (Ok(n), Ok(s)) => (n, s),
        _ => return Err(SHUT_DOWN.to_string()),
    };
    reply_error(vm, s)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Tells the server that a client closed `fid`: a read with no reply channel,
/// then a write with none.
fn notify_close(vm: &mut Machine, chans: Chans, ty: Types, fid: i32) -> Result<(), Trap> {
    let rreq = vm.alloc(16, ty.read_req)?;
    vm.mem.set_w(rreq + 8, fid)?;
    vm.send_external(chans.read, rreq, move |vm, _| {
        let _ = vm.dec(rreq);
        let Ok(wreq) = vm.alloc(16, ty.write_req) else {
            return;
        };
        if vm.mem.set_w(wreq + 8, fid).is_err() {
            let _ = vm.dec(wreq);
            return;
        }
        let sent = vm.send_external(chans.write, wreq, move |vm, _| {
            let _ = vm.dec(wreq);
        });
        if sent.is_err() {
            let _ = vm.dec(wreq);
        }
    })
}

/// file2chan(dir, file): a `ref FileIO`, or nil with the error set.
pub fn file2chan(
    srv: &Arc<SrvDevice>,
    types: Types,
    served: &Served,
    vm: &mut Machine,
    p: &mut Prog,
    fr: Frame,
) -> Result<(), Trap> {
    fr.ret_ptr(vm, NIL)?;
    let dir = vm.str_text(fr.ptr(vm, 0)?)?;
    let file = vm.str_text(fr.ptr(vm, 4)?)?;
    let env = env(p)?;
    let caller = env.caller();
    let dirchan = match env.ns.namec(&dir, Access::Stat, &caller) {
        Ok(c) => c,
        Err(e) => return fail(p, e),
    };
    let bridge = Arc::new(Bridge {
        remote: Mutex::new(vm.remote()),
        interp: std::thread::current().id(),
        types,
        chans: Mutex::new(None),
    });
    let served_file =
        match srv.file2chan(&dirchan, &file, Arc::new(ServedBy(bridge.clone())), &caller) {
            Ok(f) => f,
            Err(e) => return fail(p, e),
        };
    let read = vm.new_channel(types.read_req, 16, 0)?;
    let write = vm.new_channel(types.write_req, 16, 0)?;
    let io = vm.alloc(8, types.fileio)?;
    vm.mem.set_u(io, read)?;
    vm.mem.set_u(io + 4, write)?;
    *lock(&bridge.chans) = Some(Chans { read, write });
    served.borrow_mut().insert(io, (served_file, bridge));
    fr.ret_ptr(vm, io)
}
