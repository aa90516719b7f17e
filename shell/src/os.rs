//! What the shell needs of the kernel it runs on: one process's files, name
//! space and environment, and a way to run a Dis command. The kernel (`emu`)
//! implements it; the shell itself knows nothing of devices or the VM.

/// The mode bit of a directory.
pub const DMDIR: u32 = 0x8000_0000;

/// How a redirection opens its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    Read,
    /// Create (truncating), or open for writing if creation is refused.
    Write,
    /// Open for writing (creating if missing), at the end.
    Append,
    /// Open for reading and writing, creating if missing.
    ReadWrite,
}

/// How a command ended: its status (empty for success), or why it could not
/// be run at all (the module was not found, or is not a command).
pub type RunResult = Result<String, String>;

/// A line read from a terminal with editing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edited {
    /// The line, without its newline.
    Line(String),
    /// The user interrupted the line (Ctrl-C).
    Interrupted,
    /// The end of input (Ctrl-D on an empty line).
    End,
}

/// What Tab completes the first word of a command from, besides the files
/// of the name space.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandNames {
    /// The builtins and functions in scope.
    pub known: Vec<String>,
    /// The folders of `$path`, searched for `NAME.dis`.
    pub path: Vec<String>,
}

/// A client's request to a file a shell serves (sh-file2chan(1)). A read or
/// write waits for its reply; a close does not.
#[derive(Debug)]
pub enum FileRequest {
    Read {
        offset: u64,
        count: usize,
        fid: u64,
        reply: std::sync::mpsc::Sender<Result<Vec<u8>, String>>,
    },
    Write {
        offset: u64,
        data: Vec<u8>,
        fid: u64,
        reply: std::sync::mpsc::Sender<Result<usize, String>>,
    },
    Close {
        fid: u64,
    },
}

/// What serves a file: run in its own process with the requests.
pub type FileServerBody<P> = Box<dyn FnOnce(P, std::sync::mpsc::Receiver<FileRequest>) + Send>;

/// A process of the kernel: its fd group, name space and environment. Clones
/// share all three; `fork` makes private copies.
pub trait Process: Clone + Send + 'static {
    /// A process with a private copy of the fd group (`fds`), name space
    /// (`ns`) and environment (`env`) where asked; the rest stays shared.
    fn fork(&self, fds: bool, ns: bool, env: bool) -> Self;
    fn open(&self, path: &str, mode: OpenMode) -> Result<i32, String>;
    /// Makes `new` a copy of `old`.
    fn dup(&self, old: i32, new: i32) -> Result<(), String>;
    fn close(&self, fd: i32);
    /// A pipe: (read end, write end).
    fn pipe(&self) -> Result<(i32, i32), String>;
    fn read(&self, fd: i32, buf: &mut [u8]) -> Result<usize, String>;
    fn write(&self, fd: i32, buf: &[u8]) -> Result<usize, String>;
    /// The mode bits of the file at `path` (with [`DMDIR`] for a directory),
    /// `None` if it does not exist.
    fn mode(&self, path: &str) -> Option<u32>;
    /// Whether `path` names a directory (`None` if it does not exist).
    fn is_dir(&self, path: &str) -> Option<bool> {
        self.mode(path).map(|m| m & DMDIR != 0)
    }
    /// The names in directory `path` (`None` if it cannot be read).
    fn dir_names(&self, path: &str) -> Option<Vec<String>>;
    /// Makes directory `path` with permission `perm`.
    fn mkdir(&self, path: &str, perm: u32) -> Result<(), String>;
    /// Gives file `path` the new name `name` in its directory (a wstat).
    fn rename(&self, path: &str, name: &str) -> Result<(), String>;
    fn remove(&self, path: &str) -> Result<(), String>;
    /// Binds `src` onto `old` in this process's name space, replacing it
    /// or (`before`) as a union with `src` first.
    fn bind(&self, src: &str, old: &str, before: bool) -> Result<(), String>;
    /// Undoes every bind onto `old`.
    fn unmount(&self, old: &str) -> Result<(), String>;
    /// Sets environment variable `name`, or removes it (`None`).
    fn setenv(&self, name: &str, value: Option<&[u8]>);
    /// Every environment variable.
    fn environment(&self) -> Vec<(String, Vec<u8>)>;
    fn pid(&self) -> u32;
    /// Whether fd `fd` is the console (`/dev/cons`).
    fn is_console(&self, fd: i32) -> bool;
    /// Starts `body` in a new kernel process (a pid of its own, listed with
    /// the others, out of reach of the console's interrupt) sharing this
    /// one's fds, name space and environment: a background command (`&`).
    /// The kernel waits for it before it ends. Returns its pid.
    fn spawn(&self, body: Box<dyn FnOnce(Self) + Send>) -> Result<u32, String>;
    /// Whether this process was killed (through `/prog/N/ctl`).
    fn killed(&self) -> bool;
    /// Makes this handle's fds and name space the ones the kernel shows for
    /// the process (the shell forks them as it starts); only the first
    /// shell of a process does.
    fn adopt(&self);
    /// Whether the console's interrupt came (once per interrupt); always
    /// false in the background.
    fn interrupted(&self) -> bool;
    /// Reads a line after `prompt` with line editing, history and Tab
    /// completion (of `commands` for a command's first word, of file names
    /// otherwise), when the process's standard input is a terminal that
    /// offers it (`None` if not).
    fn edit_line(&self, prompt: &str, commands: &CommandNames) -> Option<Edited>;
    /// Runs the Dis command module at `path` with `argv`, as a new process
    /// sharing this one's fds, name space and environment, and waits for it.
    fn exec(&self, path: &str, argv: &[String]) -> RunResult;
    /// Makes file `path` (its folder gets the srv device bound before it,
    /// as sys-file2chan(2) needs) and starts `body` in a new process, as
    /// [`Process::spawn`] does but not waited for by the kernel, with the
    /// requests to the file; the file goes when `body` returns. Returns the
    /// pid, or the status and message of the failure.
    fn file2chan(&self, path: &str, body: FileServerBody<Self>) -> Result<u32, (String, String)>;
}
