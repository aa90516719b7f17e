//! The fid table of a session: each fid's file handle, qid, open mode, and where a
//! directory read has got to.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::dir::Dir;
use crate::qid::Qid;
use crate::server::errors::{EBADFID, EINUSE, EOPEN};
use crate::server::FsError;
use crate::sync::lock;

/// The state of reading an open directory: the entries listed when the read started
/// at offset 0, the next one to send, and the offset the next read must give.
#[derive(Default)]
pub(crate) struct DirCursor {
    pub(crate) entries: Vec<Dir>,
    pub(crate) next: usize,
    pub(crate) offset: u64,
}

/// What a fid stands for.
pub(crate) struct Fid<F> {
    pub(crate) file: Arc<F>,
    pub(crate) qid: Qid,
    /// The mode the fid was opened with; `None` until opened.
    pub(crate) mode: Option<u8>,
    pub(crate) cursor: Mutex<DirCursor>,
}

impl<F> Fid<F> {
    pub(crate) fn new(file: Arc<F>, qid: Qid, mode: Option<u8>) -> Arc<Fid<F>> {
        Arc::new(Fid {
            file,
            qid,
            mode,
            cursor: Mutex::new(DirCursor::default()),
        })
    }
}

/// Fids in use, shared by the session's workers.
pub(crate) struct Fids<F> {
    table: Mutex<HashMap<u32, Arc<Fid<F>>>>,
}

impl<F> Fids<F> {
    pub(crate) fn new() -> Self {
        Fids {
            table: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn get(&self, fid: u32) -> Result<Arc<Fid<F>>, FsError> {
        lock(&self.table)
            .get(&fid)
            .cloned()
            .ok_or_else(|| EBADFID.into())
    }

    pub(crate) fn in_use(&self, fid: u32) -> bool {
        lock(&self.table).contains_key(&fid)
    }

    /// Adds a fid that must not exist yet.
    pub(crate) fn insert(&self, fid: u32, entry: Arc<Fid<F>>) -> Result<(), FsError> {
        let mut table = lock(&self.table);
        if table.contains_key(&fid) {
            return Err(EINUSE.into());
        }
        table.insert(fid, entry);
        Ok(())
    }

    /// Replaces what `fid` stands for, if it still stands for `old` (another request
    /// may have clunked or opened it meanwhile).
    pub(crate) fn replace(
        &self,
        fid: u32,
        old: &Arc<Fid<F>>,
        new: Arc<Fid<F>>,
    ) -> Result<(), FsError> {
        let mut table = lock(&self.table);
        match table.get_mut(&fid) {
            None => Err(EBADFID.into()),
            Some(current) if !Arc::ptr_eq(current, old) => Err(EOPEN.into()),
            Some(current) => {
                *current = new;
                Ok(())
            }
        }
    }

    pub(crate) fn remove(&self, fid: u32) -> Result<Arc<Fid<F>>, FsError> {
        lock(&self.table).remove(&fid).ok_or_else(|| EBADFID.into())
    }

    pub(crate) fn take_all(&self) -> Vec<Arc<Fid<F>>> {
        lock(&self.table).drain().map(|(_, fid)| fid).collect()
    }
}
