//! Read-ahead for a file of a mounted tree read from start to end. Once a
//! handle has made [`STREAK`] sequential reads that each got all they asked
//! for, and the file is a plain one (no directory, append-only, exclusive
//! or authentication bit in its qid) with a length, the mount driver asks
//! the server for the next pieces of the file (each as large as one
//! message carries) before the reader wants them: a thread of the handle's
//! own reads the file on, piece after piece, until it is [`DEPTH`] pieces
//! ahead of the reader, and the reads are answered from them (those whose
//! data has arrived without leaving the interpreter's thread, see
//! `DevFile::read_now`). So a reader with small buffers (`cat`'s 8 KB) is
//! not held to one round trip per read.
//!
//! Synthetic files (a console, a network line, `/prog`) have no length
//! and are never read ahead, so no request of theirs is made that the
//! reader did not make. Nothing is read ahead past the length the file had
//! when the streak began; a read there, a read elsewhere than where the
//! last one ended, or a write through the handle drops what was read ahead
//! and goes to the server again.

use std::collections::VecDeque;
use std::sync::mpsc::{sync_channel, Receiver, TryRecvError};

/// Pieces read ahead of the reader at most (beyond the one being read).
pub const DEPTH: usize = 2;

/// Sequential full reads after which a file is read ahead.
pub const STREAK: u32 = 2;

/// Reads `size` bytes at an offset from the server; `None` on failure.
pub type Fetch = std::sync::Arc<dyn Fn(u64, usize) -> Option<Vec<u8>> + Send + Sync>;

/// A piece that came: its bytes, and the count asked for (a piece that
/// brings less ends the file).
struct Piece {
    data: Vec<u8>,
    asked: usize,
}

/// The pieces coming from a reading thread, from offset `at` on.
struct Stream {
    /// Pieces from the thread; `None` for a failed read. The thread ends
    /// when this is dropped or at the length it was given.
    rx: Receiver<Option<Piece>>,
    /// The file offset of the next byte to hand out.
    at: u64,
    /// Pieces that came, the first `used` bytes of the first handed out.
    came: VecDeque<Piece>,
    used: usize,
}

impl Stream {
    /// Starts a thread reading pieces of `piece` bytes from `from` up to
    /// `length`.
    fn start(fetch: &Fetch, from: u64, length: u64, piece: usize) -> Option<Stream> {
        let (tx, rx) = sync_channel(DEPTH);
        let fetch = fetch.clone();
        std::thread::Builder::new()
            .name("mnt read-ahead".into())
            .spawn(move || {
                let mut next = from;
                while next < length {
                    let asked = piece.min(usize::try_from(length - next).unwrap_or(piece));
                    let piece = fetch(next, asked).map(|data| Piece { data, asked });
                    let last = piece.as_ref().is_none_or(|p| p.data.len() < asked);
                    if tx.send(piece).is_err() || last {
                        return;
                    }
                    next += asked as u64;
                }
            })
            .ok()?;
        Some(Stream {
            rx,
            at: from,
            came: VecDeque::new(),
            used: 0,
        })
    }

    /// The bytes that came and are not yet handed out.
    fn have(&self) -> usize {
        self.came.iter().map(|p| p.data.len()).sum::<usize>() - self.used
    }

    /// Whether a piece that came short (the end of the file) is held.
    fn holds_end(&self) -> bool {
        self.came.iter().any(|p| p.data.len() < p.asked)
    }
}

/// The read-ahead state of one open handle.
pub struct ReadAhead {
    /// Where the last read ended.
    end: u64,
    /// Sequential full reads that led there.
    streak: u32,
    /// The file's length when read-ahead began; `None` before.
    length: Option<u64>,
    /// Whether the file was found unfit (no length, or not plain).
    unfit: bool,
    stream: Option<Stream>,
}

impl Default for ReadAhead {
    fn default() -> Self {
        ReadAhead::new()
    }
}

impl ReadAhead {
    pub fn new() -> ReadAhead {
        ReadAhead {
            end: 0,
            streak: 0,
            length: None,
            unfit: false,
            stream: None,
        }
    }

    /// Whether a read of `len` bytes at `offset` can be answered from
    /// pieces that have come, so [`ReadAhead::take`] will not wait.
    pub fn at_hand(&mut self, offset: u64, len: usize) -> bool {
        let Some(s) = self.stream.as_mut() else {
            return false;
        };
        if s.at != offset {
            return false;
        }
        while s.have() < len && !s.holds_end() {
            match s.rx.try_recv() {
                Ok(Some(piece)) => s.came.push_back(piece),
                // A failed read is for a waiting read to find.
                Ok(None) | Err(TryRecvError::Empty) | Err(TryRecvError::Disconnected) => {
                    return false
                }
            }
        }
        true
    }

    /// Answers a read of `buf` at `offset` from the pieces read ahead,
    /// waiting for them to come: `None` if they do not hold its start (the
    /// caller then reads from the server and tells [`ReadAhead::note`]).
    /// Fills `buf` from as many pieces as it takes, stopping early only at
    /// the end of the file or of what is read ahead.
    pub fn take(&mut self, buf: &mut [u8], offset: u64) -> Option<usize> {
        let s = self.stream.as_mut()?;
        if s.at != offset {
            self.stream = None;
            return None;
        }
        let mut got = 0;
        let mut ended = false;
        while got < buf.len() && !ended {
            if s.came.is_empty() {
                match s.rx.recv() {
                    Ok(Some(piece)) => s.came.push_back(piece),
                    // A failed read, or the thread reached the length.
                    Ok(None) | Err(_) => break,
                }
            }
            let Some(front) = s.came.front() else {
                break;
            };
            let left = &front.data[s.used..];
            let n = left.len().min(buf.len() - got);
            buf[got..got + n].copy_from_slice(&left[..n]);
            got += n;
            s.used += n;
            if s.used == front.data.len() {
                ended = front.data.len() < front.asked;
                s.came.pop_front();
                s.used = 0;
            }
        }
        s.at += got as u64;
        self.end = s.at;
        if got == 0 && !ended {
            self.stream = None;
            return None;
        }
        Some(got)
    }

    /// Records a read that went to the server (`asked` bytes at `offset`,
    /// `got` came) and starts reading ahead once the streak is long enough;
    /// `plain_length` gives the file's length if it is a plain file with
    /// one (asked once per handle).
    pub fn note(
        &mut self,
        offset: u64,
        asked: usize,
        got: usize,
        fetch: &Fetch,
        piece: usize,
        plain_length: impl FnOnce() -> Option<u64>,
    ) {
        self.stream = None;
        let full = asked > 0 && got == asked;
        self.streak = match (full, offset == self.end) {
            (true, true) => self.streak + 1,
            (true, false) => 1,
            (false, _) => 0,
        };
        self.end = offset + got as u64;
        if self.streak < STREAK || self.unfit || piece == 0 {
            return;
        }
        let length = match self.length {
            Some(n) => n,
            None => match plain_length() {
                Some(n) if n > 0 => *self.length.insert(n),
                _ => {
                    self.unfit = true;
                    return;
                }
            },
        };
        if self.end < length {
            self.stream = Stream::start(fetch, self.end, length, piece);
        }
    }

    /// Forgets what was read ahead (a write through the handle).
    pub fn forget(&mut self) {
        self.stream = None;
        self.streak = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// The (offset, count) of each fetch made.
    type FetchLog = Arc<Mutex<Vec<(u64, usize)>>>;

    /// A file of `len` bytes (byte i is i mod 251) whose fetches are logged.
    fn file(len: usize) -> (Fetch, FetchLog) {
        let log = Arc::new(Mutex::new(Vec::new()));
        let seen = log.clone();
        let fetch: Fetch = Arc::new(move |off, n| {
            seen.lock().unwrap().push((off, n));
            let start = (off as usize).min(len);
            let end = (start + n).min(len);
            Some((start..end).map(|i| (i % 251) as u8).collect())
        });
        (fetch, log)
    }

    /// Reads the whole file with `size`-byte reads as the mount driver
    /// does: from read-ahead when it can, else from "the server".
    fn read_all(
        ra: &mut ReadAhead,
        fetch: &Fetch,
        size: usize,
        length: Option<u64>,
    ) -> (Vec<u8>, usize) {
        let mut out = Vec::new();
        let mut direct = 0;
        loop {
            let mut buf = vec![0u8; size];
            let off = out.len() as u64;
            let n = match ra.take(&mut buf, off) {
                Some(n) => n,
                None => {
                    direct += 1;
                    let data = fetch(off, size).unwrap();
                    buf[..data.len()].copy_from_slice(&data);
                    ra.note(off, size, data.len(), fetch, 65536, || length);
                    data.len()
                }
            };
            if n == 0 {
                return (out, direct);
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    #[test]
    fn a_file_read_in_small_pieces_arrives_whole_mostly_from_read_ahead() {
        let len = 1_000_003;
        let (fetch, _) = file(len);
        let mut ra = ReadAhead::new();
        let (data, direct) = read_all(&mut ra, &fetch, 8192, Some(len as u64));
        assert_eq!(data.len(), len);
        assert!(data.iter().enumerate().all(|(i, &b)| b == (i % 251) as u8));
        // Two reads start the streak; the end of the file takes one more.
        assert!(
            direct <= STREAK as usize + 1,
            "{direct} reads went to the server"
        );
    }

    #[test]
    fn what_has_come_is_at_hand() {
        let (fetch, _) = file(100_000);
        let mut ra = ReadAhead::new();
        let mut buf = vec![0u8; 8192];
        assert!(!ra.at_hand(0, 8192));
        for off in [0u64, 8192] {
            ra.note(off, 8192, 8192, &fetch, 65536, || Some(100_000));
        }
        // The pieces come from a thread: wait until the rest of the file has.
        while !ra.at_hand(16384, 100_000 - 16384) {
            std::thread::yield_now();
        }
        assert!(!ra.at_hand(16384, 100_000), "more than the file holds");
        assert!(!ra.at_hand(16385, 10), "not where the last read ended");
        assert_eq!(ra.take(&mut buf, 16384), Some(8192));
        assert_eq!(buf[0], (16384 % 251) as u8);
    }

    #[test]
    fn a_file_without_length_is_never_read_ahead() {
        let (fetch, log) = file(100_000);
        let mut ra = ReadAhead::new();
        let (data, direct) = read_all(&mut ra, &fetch, 8192, None);
        assert_eq!(data.len(), 100_000);
        assert_eq!(
            direct,
            log.lock().unwrap().len(),
            "every fetch was the reader's own"
        );
    }

    #[test]
    fn a_seek_drops_what_was_read_ahead() {
        let (fetch, _) = file(500_000);
        let mut ra = ReadAhead::new();
        let mut buf = vec![0u8; 8192];
        for off in [0u64, 8192] {
            assert_eq!(ra.take(&mut buf, off), None);
            ra.note(off, 8192, 8192, &fetch, 65536, || Some(500_000));
        }
        assert_eq!(ra.take(&mut buf, 16384), Some(8192));
        assert_eq!(buf[0], (16384 % 251) as u8);
        // Elsewhere: not answered, and nothing is left read ahead.
        assert_eq!(ra.take(&mut buf, 300_000), None);
        assert!(ra.stream.is_none());
    }

    #[test]
    fn nothing_is_asked_past_the_length_known() {
        let (fetch, log) = file(200_000);
        let mut ra = ReadAhead::new();
        // The file grew to twice the length known: the reads past that
        // length go to the server, and get all of it.
        let (data, _) = read_all(&mut ra, &fetch, 8192, Some(100_000));
        assert_eq!(data.len(), 200_000);
        let ahead: Vec<_> = log
            .lock()
            .unwrap()
            .iter()
            .filter(|&&(_, n)| n != 8192)
            .copied()
            .collect();
        assert!(!ahead.is_empty(), "nothing was read ahead");
        assert!(
            ahead.iter().all(|&(off, n)| off + n as u64 <= 100_000),
            "{ahead:?}"
        );
    }
}
