//! `#U`, host files below one host directory (the attach root), with
//! grafts: top-level names that lead into other host directories instead,
//! read only (the system's compiled modules and interfaces when the root
//! has none of its own; see `boot`). A graft is part of the device's own
//! tree, not a bind, so walks through it read as walks through any folder.
//!
//! A file is kept as its path elements below the root, and every element
//! is checked when walked to: names holding `/` or being `..` are
//! refused, and a host symbolic link is followed by the kernel itself, as
//! if the root were the host's `/` (an absolute target starts again at the
//! root, `..` stops there). The host system is therefore only ever handed
//! paths that stay below the root and contain no symbolic link, so no
//! name, bind or link reaches above it (a host process replacing a checked
//! directory by a link between the walk and the use is outside this
//! guarantee). Stat fields follow the original's host file server:
//! `dtype` `U`, qid path from the host device and inode, qid version the
//! modification time, permission bits from the host.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::os::unix::fs::{FileExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::kernel::chan::lock;
use crate::kernel::device::{Caller, DevFile, Device};
use crate::kernel::dir::{read_entries, Dir, Qid};
use crate::kernel::error::{Error, Result};
use crate::kernel::flags::{DMDIR, OEXEC, ORDWR, OREAD, OTRUNC, OWRITE, QTDIR, QTFILE};

/// How many symbolic links one walk may follow.
const MAXLINKS: usize = 40;

/// The host file device, serving the tree below `root`.
pub struct FsDevice {
    tree: Arc<Tree>,
    next_dev: AtomicU32,
}

/// The host directories a device serves.
struct Tree {
    root: PathBuf,
    /// Top-level names served from other host directories, read only.
    grafts: Vec<(String, PathBuf)>,
}

/// A host directory, canonical, or the error that it is not one.
fn host_directory(dir: &Path) -> std::io::Result<PathBuf> {
    let dir = fs::canonicalize(dir)?;
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            format!("{}: not a directory", dir.display()),
        ));
    }
    Ok(dir)
}

impl FsDevice {
    /// A device serving `root` (which must be a host directory).
    pub fn new(root: &Path) -> std::io::Result<FsDevice> {
        FsDevice::with_grafts(root, &[])
    }

    /// A device serving `root`, where each top-level name of `grafts` is the
    /// host directory given with it, read only (hiding a file of that name
    /// in `root`).
    pub fn with_grafts(root: &Path, grafts: &[(String, PathBuf)]) -> std::io::Result<FsDevice> {
        let root = host_directory(root)?;
        let grafts = grafts
            .iter()
            .map(|(name, dir)| Ok((name.clone(), host_directory(dir)?)))
            .collect::<std::io::Result<_>>()?;
        Ok(FsDevice {
            tree: Arc::new(Tree { root, grafts }),
            next_dev: AtomicU32::new(0),
        })
    }
}

impl Tree {
    /// The host directory a graft named `name` leads to.
    fn graft(&self, name: &str) -> Option<&Path> {
        self.grafts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.as_path())
    }

    /// The host path of the file at `elems` below the root.
    fn path_of(&self, elems: &[String]) -> PathBuf {
        let (mut p, rest) = match elems.split_first() {
            Some((first, rest)) => match self.graft(first) {
                Some(dir) => (dir.to_path_buf(), rest),
                None => (self.root.clone(), elems),
            },
            None => (self.root.clone(), elems),
        };
        for e in rest {
            p.push(e);
        }
        p
    }

    /// Whether the file at `elems` is in a graft, where nothing may change.
    fn read_only(&self, elems: &[String]) -> bool {
        elems.first().is_some_and(|e| self.graft(e).is_some())
    }
}

impl Device for FsDevice {
    fn letter(&self) -> char {
        'U'
    }
    fn name(&self) -> &'static str {
        "fs"
    }
    fn attach(&self, spec: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        if !spec.is_empty() {
            return Err(Error::BadSpec);
        }
        let md = fs::metadata(&self.tree.root).map_err(|e| Error::from_host(&e))?;
        let file = FsFile {
            tree: self.tree.clone(),
            dev: self.next_dev.fetch_add(1, Ordering::Relaxed),
            state: Mutex::new(FsState {
                elems: Vec::new(),
                qid: host_qid(&md),
                open: Opened::No,
            }),
        };
        Ok(Box::new(file))
    }
}

/// What an open handle holds.
enum Opened {
    No,
    File(Arc<File>),
    /// A directory: the entries as of the last read from offset 0.
    Dir(Vec<Dir>),
}

struct FsState {
    /// Path elements below the root; none is a symbolic link.
    elems: Vec<String>,
    qid: Qid,
    open: Opened,
}

/// One host file.
struct FsFile {
    tree: Arc<Tree>,
    dev: u32,
    state: Mutex<FsState>,
}

/// The qid of a host file: device and inode as path, mtime as version.
fn host_qid(md: &fs::Metadata) -> Qid {
    let mut dev = md.dev() as u16;
    if dev & 0x8000 != 0 {
        dev ^= 0x8080;
    }
    let path = ((dev as u64) << 48) ^ md.ino();
    let qtype = if md.is_dir() { QTDIR } else { QTFILE };
    Qid::new(path, md.mtime() as u32, qtype)
}

fn host_err(e: std::io::Error) -> Error {
    Error::from_host(&e)
}

/// The host's user and group names by id, read once from the host's
/// account files.
fn id_names(groups: bool) -> &'static HashMap<u32, String> {
    static USERS: OnceLock<HashMap<u32, String>> = OnceLock::new();
    static GROUPS: OnceLock<HashMap<u32, String>> = OnceLock::new();
    let (cell, file) = if groups {
        (&GROUPS, "/etc/group")
    } else {
        (&USERS, "/etc/passwd")
    };
    cell.get_or_init(|| {
        let text = fs::read_to_string(file).unwrap_or_default();
        text.lines()
            .filter_map(|l| {
                let mut f = l.split(':');
                let name = f.next()?;
                let id = f.nth(1)?.parse().ok()?;
                Some((id, name.to_string()))
            })
            .collect()
    })
}

fn id_name(id: u32, groups: bool) -> String {
    id_names(groups)
        .get(&id)
        .cloned()
        .unwrap_or_else(|| format!("#{id}"))
}

/// The host user id the kernel runs as (owner of `/proc/self`), if known.
fn host_uid() -> Option<u32> {
    static UID: OnceLock<Option<u32>> = OnceLock::new();
    *UID.get_or_init(|| fs::metadata("/proc/self").ok().map(|m| m.uid()))
}

/// The host's name for the user the kernel runs as (from the host's
/// account files), if known.
pub fn host_user_name() -> Option<String> {
    id_names(false).get(&host_uid()?).cloned()
}

/// Checks the host permission bits for the kernel's user, as the
/// original does itself (so running as the host's superuser does not
/// bypass them): owner bits if the file is ours, else other bits.
fn check_perm(md: &fs::Metadata, need: u32) -> Result<()> {
    let Some(uid) = host_uid() else { return Ok(()) };
    let mode = md.mode();
    let bits = if md.uid() == uid { mode >> 6 } else { mode };
    if bits & need & 7 == 0 {
        return Err(Error::Perm);
    }
    Ok(())
}

/// A Dir for the host file `md`, called `name`.
fn host_dir(name: &str, md: &fs::Metadata, dev: u32) -> Dir {
    let qid = host_qid(md);
    let mode = ((qid.qtype as u32) << 24) | (md.mode() & 0o777);
    Dir {
        name: name.to_string(),
        uid: id_name(md.uid(), false),
        gid: id_name(md.gid(), true),
        muid: String::new(),
        qid,
        mode,
        atime: md.atime() as u32,
        mtime: md.mtime() as u32,
        length: if md.is_dir() { 0 } else { md.len() },
        dtype: 'U' as u16,
        dev,
    }
}

impl FsFile {
    fn path_of(&self, elems: &[String]) -> PathBuf {
        self.tree.path_of(elems)
    }

    /// Refuses a change to a file in a graft.
    fn writable(&self, elems: &[String]) -> Result<()> {
        if self.tree.read_only(elems) {
            return Err(Error::Perm);
        }
        Ok(())
    }

    fn path(&self) -> PathBuf {
        self.path_of(&lock(&self.state).elems)
    }

    /// Follows `name` from the directory `elems`, resolving host symbolic
    /// links inside the root; gives the new elements and the metadata.
    fn resolve(&self, elems: &[String], name: &str) -> Result<(Vec<String>, fs::Metadata)> {
        let mut cur = elems.to_vec();
        let mut pending: Vec<String> = vec![name.to_string()];
        let mut links = 0;
        let mut last = None;
        while let Some(elem) = pending.pop() {
            match elem.as_str() {
                "" | "." => continue,
                ".." => {
                    cur.pop();
                    last = None;
                    continue;
                }
                _ => {}
            }
            let mut next = cur.clone();
            next.push(elem.clone());
            let p = self.path_of(&next);
            let md = fs::symlink_metadata(&p).map_err(host_err)?;
            if md.file_type().is_symlink() {
                links += 1;
                if links > MAXLINKS {
                    return Err(Error::Text("too many symbolic links".into()));
                }
                let target = fs::read_link(&p).map_err(host_err)?;
                let target = target.to_string_lossy().into_owned();
                if target.starts_with('/') {
                    cur.clear();
                }
                pending.extend(target.split('/').rev().map(str::to_string));
                last = None;
                continue;
            }
            if !pending.is_empty() && !md.is_dir() {
                return Err(Error::NotDir);
            }
            cur.push(elem);
            last = Some(md);
        }
        let md = match last {
            Some(md) => md,
            None => fs::metadata(self.path_of(&cur)).map_err(host_err)?,
        };
        Ok((cur, md))
    }

    fn metadata(&self) -> Result<fs::Metadata> {
        let st = lock(&self.state);
        match &st.open {
            Opened::File(f) => f.metadata().map_err(host_err),
            _ => fs::metadata(self.path_of(&st.elems)).map_err(host_err),
        }
    }

    fn parent_writable(&self, elems: &[String]) -> Result<()> {
        self.writable(elems)?;
        let parent = &elems[..elems.len().saturating_sub(1)];
        let md = fs::metadata(self.path_of(parent)).map_err(host_err)?;
        check_perm(&md, 2)
    }

    fn list(&self, dir: &Path) -> Result<Vec<Dir>> {
        let mut out = Vec::new();
        for entry in fs::read_dir(dir).map_err(host_err)? {
            let Ok(entry) = entry else { continue };
            let name = entry.file_name().to_string_lossy().into_owned();
            let elems = lock(&self.state).elems.clone();
            if elems.is_empty() && self.tree.graft(&name).is_some() {
                continue;
            }
            // Links are shown as what they lead to inside the root; a
            // link leading nowhere is shown as itself.
            let md = match self.resolve(&elems, &name) {
                Ok((_, md)) => md,
                Err(_) => match entry.metadata() {
                    Ok(md) => md,
                    Err(_) => continue,
                },
            };
            let mut file = elems.clone();
            file.push(name.clone());
            out.push(self.host_dir(&file, &name, &md));
        }
        if lock(&self.state).elems.is_empty() {
            for (name, dir) in &self.tree.grafts {
                if let Ok(md) = fs::metadata(dir) {
                    out.push(self.host_dir(std::slice::from_ref(name), name, &md));
                }
            }
        }
        Ok(out)
    }

    /// The Dir of the file at `elems`, called `name`: a graft's files show
    /// no write permission.
    fn host_dir(&self, elems: &[String], name: &str, md: &fs::Metadata) -> Dir {
        let mut d = host_dir(name, md, self.dev);
        if self.tree.read_only(elems) {
            d.mode &= !0o222;
        }
        d
    }
}

impl DevFile for FsFile {
    fn qid(&self) -> Qid {
        lock(&self.state).qid
    }
    fn devno(&self) -> u32 {
        self.dev
    }
    fn clone_file(&self) -> Box<dyn DevFile> {
        let st = lock(&self.state);
        Box::new(FsFile {
            tree: self.tree.clone(),
            dev: self.dev,
            state: Mutex::new(FsState {
                elems: st.elems.clone(),
                qid: st.qid,
                open: Opened::No,
            }),
        })
    }
    fn walk(&self, name: &str, _caller: &Caller) -> Result<Box<dyn DevFile>> {
        if name.contains('/') || name == ".." || name == "." || name.is_empty() {
            return Err(Error::NotExist);
        }
        let elems = lock(&self.state).elems.clone();
        let (elems, md) = self.resolve(&elems, name).map_err(|e| match e {
            Error::Text(_) | Error::NotDir => e,
            _ => Error::NotExist,
        })?;
        Ok(Box::new(FsFile {
            tree: self.tree.clone(),
            dev: self.dev,
            state: Mutex::new(FsState {
                elems,
                qid: host_qid(&md),
                open: Opened::No,
            }),
        }))
    }
    fn stat(&self, _caller: &Caller) -> Result<Dir> {
        let md = self.metadata()?;
        let st = lock(&self.state);
        let name = match st.elems.last() {
            Some(n) => n.clone(),
            None => self
                .tree
                .root
                .file_name()
                .map_or("/".to_string(), |n| n.to_string_lossy().into_owned()),
        };
        Ok(self.host_dir(&st.elems, &name, &md))
    }
    fn open(&self, mode: u32, _caller: &Caller) -> Result<()> {
        let md = fs::metadata(self.path()).map_err(host_err)?;
        let (read, write) = match mode & 3 {
            OREAD => (true, false),
            OWRITE => (false, true),
            ORDWR => (true, true),
            _ => (true, false),
        };
        let trunc = mode & OTRUNC != 0;
        if mode & 3 == OEXEC {
            check_perm(&md, 1)?;
        }
        if read {
            check_perm(&md, 4)?;
        }
        if write || trunc {
            check_perm(&md, 2)?;
        }
        let mut st = lock(&self.state);
        if write || trunc {
            self.writable(&st.elems)?;
        }
        if md.is_dir() {
            if mode & (3 | OTRUNC) != OREAD {
                return Err(Error::Perm);
            }
            st.open = Opened::Dir(Vec::new());
            return Ok(());
        }
        let path = self.path_of(&st.elems);
        if trunc && !write {
            OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(&path)
                .map_err(host_err)?;
        }
        let f = OpenOptions::new()
            .read(read)
            .write(write)
            .truncate(trunc && write)
            .open(&path)
            .map_err(host_err)?;
        st.open = Opened::File(Arc::new(f));
        Ok(())
    }
    fn create(&self, name: &str, mode: u32, perm: u32, _caller: &Caller) -> Result<()> {
        let mut st = lock(&self.state);
        let dir_md = fs::metadata(self.path_of(&st.elems)).map_err(host_err)?;
        check_perm(&dir_md, 2)?;
        if name == "." || name == ".." || name.contains('/') || name.is_empty() {
            return Err(Error::FileName);
        }
        let mut elems = st.elems.clone();
        elems.push(name.to_string());
        self.writable(&elems)?;
        let path = self.path_of(&elems);
        let opened = if perm & DMDIR != 0 {
            if mode & 3 != OREAD {
                return Err(Error::Perm);
            }
            let perm = perm & (!0o777 | (dir_md.mode() & 0o777));
            fs::create_dir(&path).map_err(host_err)?;
            fs::set_permissions(&path, fs::Permissions::from_mode(perm & 0o777))
                .map_err(host_err)?;
            Opened::Dir(Vec::new())
        } else {
            let perm = perm & (!0o666 | (dir_md.mode() & 0o666));
            let f = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(host_err)?;
            f.set_permissions(fs::Permissions::from_mode(perm & 0o777))
                .map_err(host_err)?;
            // The host cannot create a file open for reading only; open
            // it again as asked (the new file's permissions are not
            // checked, as in the original).
            let f = match mode & 3 {
                OWRITE => f,
                m => OpenOptions::new()
                    .read(true)
                    .write(m == ORDWR)
                    .open(&path)
                    .map_err(host_err)?,
            };
            Opened::File(Arc::new(f))
        };
        let md = fs::metadata(&path).map_err(host_err)?;
        st.elems = elems;
        st.qid = host_qid(&md);
        st.open = opened;
        Ok(())
    }
    fn read(&self, buf: &mut [u8], offset: u64, _caller: &Caller) -> Result<usize> {
        let file = {
            let st = lock(&self.state);
            match &st.open {
                Opened::File(f) => Some(f.clone()),
                _ => None,
            }
        };
        if let Some(f) = file {
            return f.read_at(buf, offset).map_err(host_err);
        }
        if offset == 0 {
            let entries = self.list(&self.path())?;
            lock(&self.state).open = Opened::Dir(entries);
        }
        let st = lock(&self.state);
        match &st.open {
            Opened::Dir(entries) => Ok(read_entries(entries, buf, offset)),
            _ => Err(Error::BadUseFd),
        }
    }
    fn write(&self, buf: &[u8], offset: u64, _caller: &Caller) -> Result<usize> {
        let file = match &lock(&self.state).open {
            Opened::File(f) => f.clone(),
            _ => return Err(Error::IsDir),
        };
        file.write_at(buf, offset).map_err(host_err)
    }
    fn remove(&self, _caller: &Caller) -> Result<()> {
        let st = lock(&self.state);
        if st.elems.is_empty() {
            return Err(Error::Perm);
        }
        self.parent_writable(&st.elems)?;
        let path = self.path_of(&st.elems);
        if st.qid.is_dir() {
            fs::remove_dir(&path).map_err(host_err)
        } else {
            fs::remove_file(&path).map_err(host_err)
        }
    }
    fn wstat(&self, d: &Dir, _caller: &Caller) -> Result<()> {
        let md = self.metadata()?;
        let mut st = lock(&self.state);
        self.writable(&st.elems)?;
        let path = self.path_of(&st.elems);
        if !d.name.is_empty() && Some(&d.name) != st.elems.last() {
            crate::kernel::names::validate(&d.name, false)?;
            if st.elems.is_empty() || d.name == "." || d.name == ".." {
                return Err(Error::Perm);
            }
            self.parent_writable(&st.elems)?;
            let mut elems = st.elems.clone();
            if let Some(last) = elems.last_mut() {
                *last = d.name.clone();
            }
            self.writable(&elems)?;
            let new = self.path_of(&elems);
            fs::rename(&path, &new).map_err(host_err)?;
            st.elems = elems;
        }
        let path = self.path_of(&st.elems);
        let owner = host_uid().is_none_or(|u| u == md.uid());
        if d.mode != !0 && d.mode & 0o777 != md.mode() & 0o777 {
            if !owner {
                return Err(Error::Owner);
            }
            fs::set_permissions(&path, fs::Permissions::from_mode(d.mode & 0o777))
                .map_err(host_err)?;
        }
        if d.mtime != !0 && d.mtime != md.mtime() as u32 {
            if !owner {
                return Err(Error::Owner);
            }
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(d.mtime as u64);
            File::open(&path)
                .and_then(|f| f.set_modified(t))
                .map_err(host_err)?;
        }
        if !d.gid.is_empty() && d.gid != id_name(md.gid(), true) {
            return Err(Error::Text("cannot change group on the host".into()));
        }
        if d.length != !0 {
            check_perm(&md, 2)?;
            match &st.open {
                Opened::File(f) if f.set_len(d.length).is_ok() => {}
                _ => OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .and_then(|f| f.set_len(d.length))
                    .map_err(host_err)?,
            }
        }
        Ok(())
    }
}
