//! A small in-memory file tree served through the framework: directories, files,
//! `/pipe`, whose reads block until something is written (or the read is flushed),
//! and `/slow`, whose reads block until flushed and then succeed anyway, to exercise
//! concurrency and both outcomes of `Tflush`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::ThreadId;

use styx::server::errors::{EEXISTS, EINTR, ENOTFOUND, EPERM};
use styx::{Cancel, Dir, FileServer, FsError, Opened, Qid, DMDIR, OTRUNC};

const ROOT: u64 = 0;
const PIPE: u64 = 1;
const SLOW: u64 = 2;

struct Node {
    dir: Dir,
    parent: u64,
    children: Vec<u64>,
    data: Vec<u8>,
}

struct Tree {
    nodes: HashMap<u64, Node>,
    next_path: u64,
}

/// The bytes written to `/pipe` and not yet read, with a condition to wait on.
type Pipe = Arc<(Mutex<Vec<u8>>, Condvar)>;

pub struct MemFs {
    tree: Mutex<Tree>,
    pipe: Pipe,
    /// Reads of `/pipe` waiting for data.
    pipe_readers: AtomicUsize,
    /// The thread each read of a file ran on, in order.
    reading_threads: Mutex<Vec<ThreadId>>,
    /// The thread each stat ran on, in order.
    stat_threads: Mutex<Vec<ThreadId>>,
}

/// A handle: which node, for whom.
pub struct MemFile {
    path: u64,
    uname: String,
}

fn dir_entry(name: &str, path: u64, mode: u32, uid: &str) -> Dir {
    Dir {
        name: name.to_owned(),
        qid: Qid {
            qtype: (mode >> 24) as u8,
            vers: 0,
            path,
        },
        mode,
        uid: uid.to_owned(),
        gid: uid.to_owned(),
        muid: uid.to_owned(),
        ..Dir::default()
    }
}

impl Tree {
    fn node(&self, path: u64) -> Result<&Node, FsError> {
        self.nodes.get(&path).ok_or_else(|| ENOTFOUND.into())
    }

    fn node_mut(&mut self, path: u64) -> Result<&mut Node, FsError> {
        self.nodes.get_mut(&path).ok_or_else(|| ENOTFOUND.into())
    }

    fn child(&self, dir: u64, name: &str) -> Option<u64> {
        let node = self.nodes.get(&dir)?;
        node.children
            .iter()
            .copied()
            .find(|c| self.nodes.get(c).is_some_and(|n| n.dir.name == name))
    }

    fn add(&mut self, parent: u64, dir: Dir) -> u64 {
        let path = dir.qid.path;
        self.nodes.insert(
            path,
            Node {
                dir,
                parent,
                children: Vec::new(),
                data: Vec::new(),
            },
        );
        if let Some(p) = self.nodes.get_mut(&parent) {
            p.children.push(path);
        }
        path
    }

    fn stat(&self, path: u64) -> Result<Dir, FsError> {
        let node = self.node(path)?;
        let mut dir = node.dir.clone();
        dir.length = if dir.mode & DMDIR != 0 {
            0
        } else {
            node.data.len() as u64
        };
        Ok(dir)
    }
}

impl MemFs {
    /// A tree with `/pipe`, `/README` holding "hello, world\n", and an empty `/tmp`.
    pub fn new() -> MemFs {
        let mut nodes = HashMap::new();
        nodes.insert(
            ROOT,
            Node {
                dir: dir_entry("/", ROOT, DMDIR | 0o777, "sys"),
                parent: ROOT,
                children: Vec::new(),
                data: Vec::new(),
            },
        );
        let mut tree = Tree {
            nodes,
            next_path: 3,
        };
        tree.add(ROOT, dir_entry("pipe", PIPE, 0o666, "sys"));
        tree.add(ROOT, dir_entry("slow", SLOW, 0o444, "sys"));
        let readme = tree.next_path;
        tree.next_path += 1;
        tree.add(ROOT, dir_entry("README", readme, 0o644, "sys"));
        if let Some(n) = tree.nodes.get_mut(&readme) {
            n.data = b"hello, world\n".to_vec();
        }
        let tmp = tree.next_path;
        tree.next_path += 1;
        tree.add(ROOT, dir_entry("tmp", tmp, DMDIR | 0o777, "sys"));
        MemFs {
            tree: Mutex::new(tree),
            pipe: Arc::new((Mutex::new(Vec::new()), Condvar::new())),
            pipe_readers: AtomicUsize::new(0),
            reading_threads: Mutex::new(Vec::new()),
            stat_threads: Mutex::new(Vec::new()),
        }
    }

    /// The thread each read of a file (not `/pipe` or `/slow`) ran on, in order.
    pub fn reading_threads(&self) -> Vec<ThreadId> {
        self.reading_threads.lock().unwrap().clone()
    }

    /// The thread each stat ran on, in order.
    pub fn stat_threads(&self) -> Vec<ThreadId> {
        self.stat_threads.lock().unwrap().clone()
    }

    /// Waits until a read of `/pipe` or `/slow` is blocked in the server; panics
    /// (failing the test) if none is after a minute.
    pub fn wait_for_pipe_reader(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while self.pipe_readers.load(Ordering::SeqCst) == 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "no read of /pipe reached the server"
            );
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Reads `/pipe`, or with `late` set, `/slow`: blocks until the pipe has data
    /// or the read is cancelled; a cancelled `/slow` read still answers "late".
    fn read_blocking(&self, count: u32, late: bool, cancel: &Cancel) -> Result<Vec<u8>, FsError> {
        let pipe = Arc::clone(&self.pipe);
        let _hook = cancel.on_cancel(move || {
            let _held = pipe.0.lock().unwrap();
            pipe.1.notify_all();
        });
        let (lock, ready) = &*self.pipe;
        let mut buffer = lock.lock().unwrap();
        loop {
            if !late && !buffer.is_empty() {
                let n = buffer.len().min(count as usize);
                return Ok(buffer.drain(..n).collect());
            }
            if cancel.is_cancelled() {
                return if late {
                    Ok(b"late".to_vec())
                } else {
                    Err(EINTR.into())
                };
            }
            self.pipe_readers.fetch_add(1, Ordering::SeqCst);
            buffer = ready.wait(buffer).unwrap();
            self.pipe_readers.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl FileServer for MemFs {
    type File = MemFile;

    fn attach(
        &self,
        uname: &str,
        _aname: &str,
        _auth: Option<&MemFile>,
    ) -> Result<(MemFile, Qid), FsError> {
        let qid = self.tree.lock().unwrap().stat(ROOT)?.qid;
        let file = MemFile {
            path: ROOT,
            uname: uname.to_owned(),
        };
        Ok((file, qid))
    }

    fn walk(&self, dir: &MemFile, name: &str, _: &Cancel) -> Result<(MemFile, Qid), FsError> {
        let tree = self.tree.lock().unwrap();
        let path = match name {
            ".." => tree.node(dir.path)?.parent,
            _ => tree.child(dir.path, name).ok_or(FsError::from(ENOTFOUND))?,
        };
        let file = MemFile {
            path,
            uname: dir.uname.clone(),
        };
        Ok((file, tree.stat(path)?.qid))
    }

    fn open(&self, file: &MemFile, mode: u8, _: &Cancel) -> Result<Opened<MemFile>, FsError> {
        let mut tree = self.tree.lock().unwrap();
        if mode & OTRUNC != 0 {
            tree.node_mut(file.path)?.data.clear();
        }
        Ok(Opened {
            qid: tree.stat(file.path)?.qid,
            file: MemFile {
                path: file.path,
                uname: file.uname.clone(),
            },
            iounit: 0,
        })
    }

    fn create(
        &self,
        dir: &MemFile,
        name: &str,
        perm: u32,
        _mode: u8,
        _: &Cancel,
    ) -> Result<Opened<MemFile>, FsError> {
        let mut tree = self.tree.lock().unwrap();
        if tree.child(dir.path, name).is_some() {
            return Err(EEXISTS.into());
        }
        let dir_mode = tree.node(dir.path)?.dir.mode;
        let mode = if perm & DMDIR != 0 {
            perm & (!0o777 | (dir_mode & 0o777))
        } else {
            perm & (!0o666 | (dir_mode & 0o666))
        };
        let path = tree.next_path;
        tree.next_path += 1;
        tree.add(dir.path, dir_entry(name, path, mode, &dir.uname));
        Ok(Opened {
            qid: tree.stat(path)?.qid,
            file: MemFile {
                path,
                uname: dir.uname.clone(),
            },
            iounit: 0,
        })
    }

    fn read(
        &self,
        file: &MemFile,
        offset: u64,
        count: u32,
        cancel: &Cancel,
    ) -> Result<Vec<u8>, FsError> {
        if file.path == PIPE || file.path == SLOW {
            return self.read_blocking(count, file.path == SLOW, cancel);
        }
        self.reading_threads
            .lock()
            .unwrap()
            .push(std::thread::current().id());
        let tree = self.tree.lock().unwrap();
        let data = &tree.node(file.path)?.data;
        let start = (offset as usize).min(data.len());
        let end = start.saturating_add(count as usize).min(data.len());
        Ok(data[start..end].to_vec())
    }

    fn read_dir(&self, dir: &MemFile, _: &Cancel) -> Result<Vec<Dir>, FsError> {
        let tree = self.tree.lock().unwrap();
        tree.node(dir.path)?
            .children
            .iter()
            .map(|c| tree.stat(*c))
            .collect()
    }

    fn write(&self, file: &MemFile, offset: u64, data: &[u8], _: &Cancel) -> Result<u32, FsError> {
        if file.path == PIPE {
            let (lock, ready) = &*self.pipe;
            lock.lock().unwrap().extend_from_slice(data);
            ready.notify_all();
            return Ok(data.len() as u32);
        }
        let mut tree = self.tree.lock().unwrap();
        let node = tree.node_mut(file.path)?;
        let end = offset as usize + data.len();
        if node.data.len() < end {
            node.data.resize(end, 0);
        }
        node.data[offset as usize..end].copy_from_slice(data);
        node.dir.qid.vers += 1;
        Ok(data.len() as u32)
    }

    fn remove(&self, file: &MemFile, _: &Cancel) -> Result<(), FsError> {
        let mut tree = self.tree.lock().unwrap();
        let node = tree.node(file.path)?;
        if file.path == ROOT {
            return Err(EPERM.into());
        }
        if !node.children.is_empty() {
            return Err("directory not empty".into());
        }
        let parent = node.parent;
        tree.nodes.remove(&file.path);
        tree.node_mut(parent)?.children.retain(|c| *c != file.path);
        Ok(())
    }

    fn stat(&self, file: &MemFile, _: &Cancel) -> Result<Dir, FsError> {
        self.stat_threads
            .lock()
            .unwrap()
            .push(std::thread::current().id());
        self.tree.lock().unwrap().stat(file.path)
    }

    /// Every file but `/pipe` and `/slow`, whose reads wait.
    fn prompt(&self, file: &MemFile) -> bool {
        file.path != PIPE && file.path != SLOW
    }

    fn wstat(&self, file: &MemFile, new: &Dir, _: &Cancel) -> Result<(), FsError> {
        let mut tree = self.tree.lock().unwrap();
        let parent = tree.node(file.path)?.parent;
        if !new.name.is_empty() && tree.child(parent, &new.name).is_some() {
            return Err(EEXISTS.into());
        }
        let node = tree.node_mut(file.path)?;
        if new.mode != u32::MAX && (new.mode ^ node.dir.mode) & DMDIR != 0 {
            return Err(EPERM.into());
        }
        if !new.name.is_empty() {
            node.dir.name = new.name.clone();
        }
        if new.mode != u32::MAX {
            node.dir.mode = new.mode;
        }
        if new.mtime != u32::MAX {
            node.dir.mtime = new.mtime;
        }
        if new.length != u64::MAX {
            node.data.resize(new.length as usize, 0);
        }
        Ok(())
    }
}
