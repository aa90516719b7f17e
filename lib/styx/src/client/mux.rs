//! The multiplexer under the client: many threads share one connection, each
//! request under its own tag. There is no reader thread: as in Inferno's mount
//! driver, one waiting caller at a time reads replies and hands each to the caller
//! whose tag it bears, so nothing holds the connection open once the client is gone.
//! Cancelling a call sends `Tflush` at once (from the cancelling thread) and the call
//! then waits for the `Rflush`, honouring a reply that came first.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use crate::cancel::Cancel;
use crate::client::ClientError;
use crate::constants::NOTAG;
use crate::error::EncodeError;
use crate::frame::read_message;
use crate::message::{Header, Rmsg, Tmsg};
use crate::sync::{lock, wait};

/// An outstanding request.
#[derive(Default)]
struct Call {
    /// Tells this call from earlier ones that used the same tag.
    id: u64,
    reply: Option<Result<Rmsg, ClientError>>,
    /// For a request: the tag of the `Tflush` sent for it.
    flush: Option<u16>,
    /// For a request: whether its `Rflush` has arrived (no reply can follow).
    flushed: bool,
    /// For a `Tflush`: the tag it flushes.
    flushes: Option<u16>,
}

#[derive(Default)]
struct State {
    calls: HashMap<u16, Call>,
    next_tag: u16,
    next_id: u64,
    /// Whether a caller is reading replies.
    reading: bool,
    hungup: bool,
}

pub(crate) struct Mux {
    reader: Mutex<Box<dyn Read + Send>>,
    writer: Mutex<Box<dyn Write + Send>>,
    msize: u32,
    state: Mutex<State>,
    changed: Condvar,
}

impl Mux {
    pub(crate) fn new(
        reader: Box<dyn Read + Send>,
        writer: Box<dyn Write + Send>,
        msize: u32,
    ) -> Arc<Mux> {
        Arc::new(Mux {
            reader: Mutex::new(reader),
            writer: Mutex::new(writer),
            msize,
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
        })
    }

    /// Sends `msg` and waits for its reply; `cancel` makes it flush the request.
    pub(crate) fn rpc(
        self: &Arc<Self>,
        msg: &Tmsg,
        cancel: Option<&Cancel>,
    ) -> Result<Rmsg, ClientError> {
        if cancel.is_some_and(Cancel::is_cancelled) {
            return Err(ClientError::Interrupted);
        }
        let (tag, id) = Self::start(&mut lock(&self.state), Call::default())?;
        if let Err(e) = self.send(tag, msg) {
            lock(&self.state).calls.remove(&tag);
            return Err(e);
        }
        let _hook = cancel.map(|cancel| {
            let mux = Arc::clone(self);
            cancel.on_cancel(move || mux.flush(tag, id))
        });
        self.wait(tag)
    }

    /// Allocates a tag for `call`; gives the tag and the call's id.
    fn start(state: &mut State, mut call: Call) -> Result<(u16, u64), ClientError> {
        if state.hungup {
            return Err(ClientError::Hungup);
        }
        for _ in 0..NOTAG {
            let tag = state.next_tag;
            state.next_tag = match tag.wrapping_add(1) {
                NOTAG => 0,
                next => next,
            };
            if let Entry::Vacant(slot) = state.calls.entry(tag) {
                state.next_id += 1;
                call.id = state.next_id;
                slot.insert(call);
                return Ok((tag, state.next_id));
            }
        }
        Err(ClientError::Exhausted("tags"))
    }

    fn send(&self, tag: u16, msg: &Tmsg) -> Result<(), ClientError> {
        let bytes = msg.encode(tag).map_err(ClientError::Encode)?;
        if bytes.len() > self.msize as usize {
            return Err(ClientError::Encode(EncodeError::MessageTooLong {
                len: bytes.len(),
                limit: self.msize as usize,
            }));
        }
        let mut writer = lock(&self.writer);
        if writer
            .write_all(&bytes)
            .and_then(|()| writer.flush())
            .is_err()
        {
            drop(writer);
            self.hang_up(&mut lock(&self.state));
            return Err(ClientError::Hungup);
        }
        Ok(())
    }

    /// Sends a `Tflush` for call `id` under `oldtag`, unless it is answered or
    /// already being flushed (or over, its tag maybe serving another call).
    fn flush(&self, oldtag: u16, id: u64) {
        let tag = {
            let mut state = lock(&self.state);
            match state.calls.get(&oldtag) {
                Some(call) if call.id == id && call.reply.is_none() && call.flush.is_none() => {}
                _ => return,
            }
            let flush = Call {
                flushes: Some(oldtag),
                ..Call::default()
            };
            let Ok((tag, _)) = Self::start(&mut state, flush) else {
                return;
            };
            if let Some(call) = state.calls.get_mut(&oldtag) {
                call.flush = Some(tag);
            }
            tag
        };
        // On failure the connection is hung up and every call is answered.
        let _ = self.send(tag, &Tmsg::Flush { oldtag });
    }

    /// Whether `call` has its final outcome.
    fn settled(call: &Call) -> bool {
        call.flushed || (call.reply.is_some() && call.flush.is_none())
    }

    /// Waits for the outcome of `tag`, reading replies for everyone while no other
    /// caller does; frees the tag.
    fn wait(&self, tag: u16) -> Result<Rmsg, ClientError> {
        let mut state = lock(&self.state);
        loop {
            match state.calls.get(&tag) {
                Some(call) if Self::settled(call) => {
                    let call = state.calls.remove(&tag).unwrap_or_default();
                    return call.reply.unwrap_or(Err(ClientError::Interrupted));
                }
                Some(_) => {}
                None => return Err(ClientError::Hungup),
            }
            if state.reading || state.hungup {
                state = wait(&self.changed, state);
                continue;
            }
            state.reading = true;
            drop(state);
            let message = read_message(&mut *lock(&self.reader), self.msize);
            state = lock(&self.state);
            state.reading = false;
            match message {
                Ok(Some(bytes)) => Self::deliver(&mut state, &bytes),
                Ok(None) | Err(_) => self.hang_up(&mut state),
            }
            self.changed.notify_all();
        }
    }

    /// Hands a reply to its call; replies to unknown tags are dropped.
    fn deliver(state: &mut State, bytes: &[u8]) {
        let Ok(header) = Header::decode(bytes) else {
            return;
        };
        let reply = Rmsg::decode(bytes)
            .map(|(_, msg)| msg)
            .map_err(|e| ClientError::BadReply(e.to_string()));
        let Some(call) = state.calls.get_mut(&header.tag) else {
            return;
        };
        if let Some(oldtag) = call.flushes {
            state.calls.remove(&header.tag);
            if let Some(old) = state.calls.get_mut(&oldtag) {
                old.flushed = true;
            }
        } else if call.reply.is_none() {
            call.reply = Some(reply);
        }
    }

    /// Marks the connection dead and settles every call.
    fn hang_up(&self, state: &mut MutexGuard<'_, State>) {
        state.hungup = true;
        for call in state.calls.values_mut() {
            call.flushed = true;
            if call.reply.is_none() {
                call.reply = Some(Err(ClientError::Hungup));
            }
        }
        self.changed.notify_all();
    }
}
