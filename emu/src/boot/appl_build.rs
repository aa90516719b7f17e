//! Compiling `appl/` into `build/dis` with our Limbo compiler, at boot, recompiling
//! only what changed.
//!
//! `appl/cmd/X.b` becomes `build/dis/X.dis`, any other `appl/D/X.b` becomes
//! `build/dis/D/X.dis` (so `appl/lib/bufio.b` is `/dis/lib/bufio.dis`), with the
//! root's `module/` as the include folder. The stamp file `build/appl.stamp`
//! records, for each source, the fingerprint of the compiler that compiled it, the
//! outcome, and every file the compilation read (the source and its includes) with
//! a hash of its contents and, once it is old enough, its size and modification
//! time; a source is compiled again when the compiler or one of those files
//! changed, or its module is missing. A file whose size and modification time are
//! those recorded is taken as unchanged without being read, so that a boot with
//! nothing to compile reads the metadata of the tree and no more. A failed compilation is not
//! retried until then; its old module is removed. Progress and errors go to the
//! log (`limbo: appl/cmd/ls.b`, then the compiler's `file:line: message` lines).
//! A lock file keeps two boots of one root from compiling at once.

use limbo::driver::{translate, Options};
use limbo::source::{FileSource, SourceLoader};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The Limbo sources, relative to the root.
pub const APPL_DIR: &str = "appl";
/// Where compiled modules live, relative to the root; boot binds it onto `/dis`.
pub const MODULE_DIR: &str = "build/dis";
/// The module interfaces included by the sources, relative to the root.
pub const INCLUDE_DIR: &str = "module";
/// The records of earlier compilations, relative to the root.
pub const STAMP_FILE: &str = "build/appl.stamp";
const LOCK_FILE: &str = "build/appl.lock";
/// The commands' folder below `appl/`, whose modules go straight into `/dis`.
const COMMANDS: &str = "cmd";

/// Identifies the compiler that is linked in (see `build.rs`).
const COMPILER: &str = env!("LIMBO_FINGERPRINT");

/// A file read, relative to the root, with the hash of its contents and, when
/// known, its [`FileTime`] as it was read.
#[derive(Clone, Debug)]
struct FileRead {
    path: String,
    hash: String,
    time: Option<FileTime>,
}

/// The files a compilation read.
type FilesRead = Vec<FileRead>;

/// A file's size and modification time (nanoseconds since the epoch), `SIZE:NS`
/// in the stamp file.
type FileTime = String;

/// How recent a modification time may be and still be recorded: a file written
/// again within the clock's granularity of its last change could keep its time,
/// so a file this young is hashed at every boot until it is older.
const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

/// The [`FileTime`] of a file with metadata `m`, when it is [`SETTLED`].
fn file_time(m: &std::fs::Metadata) -> Option<FileTime> {
    let modified = m.modified().ok()?;
    let age = std::time::SystemTime::now().duration_since(modified).ok()?;
    let ns = modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    (age >= SETTLED).then(|| format!("{}:{ns}", m.len()))
}

/// The file at `path`, its contents and its [`FileTime`] (taken before it was
/// read, so that a change while it is read shows next time).
fn read_with_time(path: &Path) -> Option<(Vec<u8>, Option<FileTime>)> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).ok()?;
    let time = f.metadata().ok().as_ref().and_then(file_time);
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).ok()?;
    Some((bytes, time))
}

/// How a source's last compilation went, and what it read.
#[derive(Clone, Debug)]
struct Record {
    ok: bool,
    read: FilesRead,
}

fn hash(bytes: &[u8]) -> String {
    limbo::md5::md5(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The stamp file: a first line `compiler FINGERPRINT`, then one line per source:
/// the source, `ok` or `failed`, and `HASH FILE` or `HASH SIZE:NS FILE` for each
/// file read, tab-separated.
fn read_stamps(path: &Path) -> BTreeMap<String, Record> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut lines = text.lines();
    if lines.next() != Some(&format!("compiler {COMPILER}")) {
        return BTreeMap::new();
    }
    let mut records = BTreeMap::new();
    for line in lines {
        let mut fields = line.split('\t');
        let (Some(source), Some(outcome)) = (fields.next(), fields.next()) else {
            continue;
        };
        let read = fields
            .filter_map(|f| f.split_once(' '))
            .map(|(hash, rest)| {
                let (time, path) = match rest.split_once(' ') {
                    Some((t, p)) => (Some(t.to_string()), p),
                    None => (None, rest),
                };
                FileRead {
                    path: path.to_string(),
                    hash: hash.to_string(),
                    time,
                }
            })
            .collect();
        let ok = outcome == "ok";
        records.insert(source.to_string(), Record { ok, read });
    }
    records
}

fn write_stamps(path: &Path, records: &BTreeMap<String, Record>) -> std::io::Result<()> {
    let mut text = format!("compiler {COMPILER}\n");
    for (source, r) in records {
        text.push_str(source);
        text.push_str(if r.ok { "\tok" } else { "\tfailed" });
        for f in &r.read {
            match &f.time {
                Some(t) => text.push_str(&format!("\t{} {t} {}", f.hash, f.path)),
                None => text.push_str(&format!("\t{} {}", f.hash, f.path)),
            }
        }
        text.push('\n');
    }
    write_atomically(path, text.as_bytes())
}

/// Writes a file under a temporary name, then renames it into place, so that a
/// prog never loads half a module.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// The `.b` files below `dir`, as paths relative to the root, sorted.
fn sources(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return;
    };
    for e in entries.flatten() {
        let rel = dir.join(e.file_name());
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            sources(root, &rel, out);
        } else if rel.extension().is_some_and(|x| x == "b") {
            out.push(rel.to_string_lossy().into_owned());
        }
    }
}

/// Where the module of `source` (relative to the root) goes, relative to the root.
pub fn module_path(source: &str) -> PathBuf {
    let in_appl = Path::new(source)
        .strip_prefix(APPL_DIR)
        .unwrap_or(Path::new(source));
    let rel = in_appl.strip_prefix(COMMANDS).unwrap_or(in_appl);
    Path::new(MODULE_DIR).join(rel).with_extension("dis")
}

/// Reads host files below the root by root-relative paths, remembering each file
/// read with the hash of its contents.
struct RecordingFiles {
    root: PathBuf,
    read: Rc<RefCell<FilesRead>>,
}

impl FileSource for RecordingFiles {
    fn read(&self, path: &Path) -> Option<String> {
        let (bytes, time) = read_with_time(&self.root.join(path))?;
        self.read.borrow_mut().push(FileRead {
            path: path.to_string_lossy().into_owned(),
            hash: hash(&bytes),
            time,
        });
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// A file as it is now: its [`FileTime`] and, once it had to be read, the hash
/// of its contents.
#[derive(Default)]
struct Current {
    time: Option<FileTime>,
    hash: Option<String>,
}

/// The files a compilation read with their times as they are now, when they
/// still hold what they held then (`None` when one changed). A file whose time
/// is the one recorded is not read; `now` keeps what was learnt of each file.
fn unchanged(
    root: &Path,
    read: &[FileRead],
    now: &mut HashMap<String, Current>,
) -> Option<FilesRead> {
    read.iter()
        .map(|f| {
            let path = root.join(&f.path);
            let current = now.entry(f.path.clone()).or_insert_with(|| Current {
                time: std::fs::metadata(&path).ok().as_ref().and_then(file_time),
                hash: None,
            });
            if current.time.is_none() || current.time != f.time {
                let h = current.hash.get_or_insert_with(|| {
                    read_with_time(&path).map_or_else(String::new, |(b, _)| hash(&b))
                });
                if *h != f.hash {
                    return None;
                }
            }
            Some(FileRead {
                time: current.time.clone(),
                ..f.clone()
            })
        })
        .collect()
}

/// Compiles one source; returns what it read and the module, or the compiler's
/// messages.
fn compile(root: &Path, source: &str) -> (FilesRead, Result<Vec<u8>, Vec<String>>) {
    let read = Rc::new(RefCell::new(Vec::new()));
    let files = RecordingFiles {
        root: root.to_path_buf(),
        read: read.clone(),
    };
    let mut loader = SourceLoader::new(
        Box::new(files),
        Vec::new(),
        Some(PathBuf::from(INCLUDE_DIR)),
    );
    let opts = Options::default();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        translate(&opts, source, &mut loader)
    }));
    let result = match outcome {
        Ok(t) => match t.output {
            Some((bytes, _)) if !t.failed => Ok(bytes),
            _ => Err(t.messages),
        },
        Err(_) => Err(vec![format!(
            "{source}: the compiler failed (a panic; see above)"
        )]),
    };
    let read = read.take();
    (read, result)
}

/// Brings the modules of the root's `appl/` up to date, writing progress and
/// errors to `log`. Fails only when the stamp or lock file cannot be used.
pub fn build(root: &Path, log: &mut dyn Write) -> std::io::Result<()> {
    std::fs::create_dir_all(root.join(MODULE_DIR))?;
    let lock = std::fs::File::create(root.join(LOCK_FILE))?;
    lock.lock()?;
    let stamp = root.join(STAMP_FILE);
    let old = read_stamps(&stamp);
    let mut all = Vec::new();
    sources(root, Path::new(APPL_DIR), &mut all);
    all.sort();
    let mut now = HashMap::new();
    let mut records = BTreeMap::new();
    for source in &all {
        let target = root.join(module_path(source));
        if let Some(r) = old.get(source) {
            if !r.ok || target.is_file() {
                if let Some(read) = unchanged(root, &r.read, &mut now) {
                    records.insert(source.clone(), Record { ok: r.ok, read });
                    continue;
                }
            }
        }
        let _ = writeln!(log, "limbo: {source}");
        let (read, result) = compile(root, source);
        let ok = match result {
            Ok(bytes) => match write_atomically(&target, &bytes) {
                Ok(()) => true,
                Err(e) => {
                    let _ = writeln!(log, "limbo: {}: {e}", target.display());
                    false
                }
            },
            Err(messages) => {
                for m in messages {
                    let _ = writeln!(log, "{m}");
                }
                let _ = std::fs::remove_file(&target);
                false
            }
        };
        records.insert(source.clone(), Record { ok, read });
    }
    for (source, r) in &old {
        if r.ok && !records.contains_key(source) {
            let _ = std::fs::remove_file(root.join(module_path(source)));
        }
    }
    write_stamps(&stamp, &records)
}

#[cfg(test)]
mod tests {
    use super::module_path;
    use std::path::PathBuf;

    #[test]
    fn commands_go_to_dis_and_other_folders_keep_their_place() {
        assert_eq!(
            module_path("appl/cmd/ls.b"),
            PathBuf::from("build/dis/ls.dis")
        );
        assert_eq!(
            module_path("appl/lib/bufio.b"),
            PathBuf::from("build/dis/lib/bufio.dis")
        );
        assert_eq!(
            module_path("appl/cmd/auth/x.b"),
            PathBuf::from("build/dis/auth/x.dis")
        );
        assert_eq!(
            module_path("appl/wm/clock.b"),
            PathBuf::from("build/dis/wm/clock.dis")
        );
    }
}
