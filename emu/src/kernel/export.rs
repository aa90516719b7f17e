//! `sys->export`'s server: serves the part of a process's name space
//! below a directory as a Styx file tree (the original's `exportfs`). Each
//! fid stands for a name in that name space; walks, opens and creates
//! evaluate it there (so binds and mounts made later are seen, as in the
//! original, unless the exporter forked its name space), and `..` never
//! leaves the exported directory.

use std::sync::Arc;

use styx::{Cancel, FsError, Opened};

use super::chan::Chan;
use super::conn::{ConnIo, Interrupt};
use super::device::Caller;
use super::error::Error;
use super::mount::Namespace;
use super::namec::Access;
use super::names::{add_elem, cleanname};
use super::proc::ProcEnv;
use super::styxdir::{dir_from_styx, dir_to_styx, error_text, qid_to_styx};

/// An exported tree.
pub struct Export {
    ns: Arc<Namespace>,
    caller: Caller,
    /// The exported directory's name in the name space.
    root: String,
}

/// A fid's file: its name, and the channel it was last evaluated to.
pub struct ExFile {
    path: String,
    chan: Chan,
}

fn fs_error(e: Error) -> FsError {
    FsError(error_text(&e))
}

impl Export {
    /// The tree below `dir` of `env`'s name space.
    pub fn new(env: &ProcEnv, dir: &str) -> Result<Export, Error> {
        let caller = env.caller();
        let c = env.ns.namec(dir, Access::Todir, &caller)?;
        Ok(Export {
            ns: env.ns.clone(),
            caller,
            root: c.name().to_string(),
        })
    }

    /// Serves Styx on `conn` until the client hangs up or breaks the
    /// protocol, or `stop` is raised.
    pub fn serve(&self, conn: &Arc<Chan>, stop: &Interrupt) -> Result<(), Error> {
        let io = || ConnIo {
            conn: conn.clone(),
            caller: self.caller.clone(),
            stop: stop.clone(),
        };
        styx::serve(self, io(), io(), &styx::Config::default())
            .map_err(|e| Error::Text(e.to_string()))
    }

    fn file(&self, path: String, access: Access) -> Result<(ExFile, styx::Qid), FsError> {
        let chan = self
            .ns
            .namec(&path, access, &self.caller)
            .map_err(fs_error)?;
        let qid = qid_to_styx(chan.qid());
        Ok((ExFile { path, chan }, qid))
    }

    fn opened(&self, (file, qid): (ExFile, styx::Qid)) -> Opened<ExFile> {
        let iounit = file.chan.file().iounit();
        Opened { file, qid, iounit }
    }
}

impl styx::FileServer for Export {
    type File = ExFile;

    fn attach(
        &self,
        _uname: &str,
        _aname: &str,
        _auth: Option<&ExFile>,
    ) -> Result<(ExFile, styx::Qid), FsError> {
        self.file(self.root.clone(), Access::Stat)
    }

    fn walk(
        &self,
        dir: &ExFile,
        name: &str,
        _cancel: &Cancel,
    ) -> Result<(ExFile, styx::Qid), FsError> {
        let path = match name {
            ".." if dir.path == self.root => dir.path.clone(),
            ".." => cleanname(&format!("{}/..", dir.path)),
            _ => add_elem(&dir.path, name),
        };
        self.file(path, Access::Stat)
    }

    fn open(&self, file: &ExFile, mode: u8, _cancel: &Cancel) -> Result<Opened<ExFile>, FsError> {
        let opened = self.file(file.path.clone(), Access::Open(u32::from(mode)))?;
        Ok(self.opened(opened))
    }

    fn create(
        &self,
        dir: &ExFile,
        name: &str,
        perm: u32,
        mode: u8,
        _cancel: &Cancel,
    ) -> Result<Opened<ExFile>, FsError> {
        let path = add_elem(&dir.path, name);
        let created = self.file(path, Access::Create(u32::from(mode), perm))?;
        Ok(self.opened(created))
    }

    fn read(
        &self,
        file: &ExFile,
        offset: u64,
        count: u32,
        _cancel: &Cancel,
    ) -> Result<Vec<u8>, FsError> {
        let mut buf = vec![0u8; count as usize];
        let n = file
            .chan
            .pread(&mut buf, offset, &self.caller)
            .map_err(fs_error)?;
        buf.truncate(n);
        Ok(buf)
    }

    fn read_dir(&self, dir: &ExFile, _cancel: &Cancel) -> Result<Vec<styx::Dir>, FsError> {
        dir.chan.set_offset(0);
        let mut entries = Vec::new();
        let mut buf = vec![0u8; 8192];
        loop {
            let n = dir.chan.read(&mut buf, &self.caller).map_err(fs_error)?;
            if n == 0 {
                return Ok(entries);
            }
            let dirs = super::dir::Dir::unpack_all(&buf[..n]).map_err(fs_error)?;
            entries.extend(dirs.iter().map(dir_to_styx));
        }
    }

    fn write(
        &self,
        file: &ExFile,
        offset: u64,
        data: &[u8],
        _cancel: &Cancel,
    ) -> Result<u32, FsError> {
        let n = file
            .chan
            .pwrite(data, offset, &self.caller)
            .map_err(fs_error)?;
        Ok(n as u32)
    }

    fn remove(&self, file: &ExFile, _cancel: &Cancel) -> Result<(), FsError> {
        if file.path == self.root {
            return Err(FsError::from(Error::Perm.to_string()));
        }
        self.ns
            .namec(&file.path, Access::Remove, &self.caller)
            .and_then(|c| c.remove(&self.caller))
            .map_err(fs_error)
    }

    fn stat(&self, file: &ExFile, _cancel: &Cancel) -> Result<styx::Dir, FsError> {
        let d = file.chan.stat(&self.caller).map_err(fs_error)?;
        Ok(dir_to_styx(&d))
    }

    /// Host files (`#U`) are read and written at once; any other device may
    /// wait (a pipe, a network line, a console, a mount). (A named pipe of
    /// the host's would hold up its connection's other requests while it
    /// waits.)
    fn prompt(&self, file: &ExFile) -> bool {
        file.chan.letter() == 'U'
    }

    fn wstat(&self, file: &ExFile, dir: &styx::Dir, _cancel: &Cancel) -> Result<(), FsError> {
        let d = dir_from_styx(dir.clone());
        file.chan.file().wstat(&d, &self.caller).map_err(fs_error)
    }
}
