//! The distribution calls behind the Sys module, on a process's
//! [`ProcEnv`]: `mount` of a Styx connection, `fversion`, `fauth` and
//! `export`.

use std::sync::Arc;

use super::chan::Chan;
use super::conn::Interrupt;
use super::devices::mnt::Session;
use super::error::Result;
use super::export::Export;
use super::flags::ORDWR;
use super::proc::ProcEnv;

impl ProcEnv {
    /// The connection behind `fd`, which must be open for reading and
    /// writing.
    fn connection(&self, fd: i32) -> Result<Arc<Chan>> {
        self.fds.get_for(fd, ORDWR)
    }

    /// sys->mount: attaches to the server on `fd` (authenticated through
    /// `afd` from `fauth`, if given) as tree `spec`, and binds its root
    /// onto `old`; the mount's sequence number.
    pub fn mount(
        &self,
        fd: i32,
        afd: Option<i32>,
        old: &str,
        flags: u32,
        spec: &str,
    ) -> Result<u32> {
        let conn = self.connection(fd)?;
        let auth = afd.map(|a| self.fds.get(a)).transpose()?;
        let caller = self.caller();
        let session = Session::of(&conn, 0, "", &caller)?;
        let root = session.attach(auth.as_deref(), &caller.user, spec)?;
        let c = Chan::new('M', root, conn.name().to_string());
        self.ns.mount_on(c, old, flags, &caller)
    }

    /// sys->fversion: negotiates a new session on `fd`; the version agreed.
    pub fn fversion(&self, fd: i32, msize: u32, version: &str) -> Result<String> {
        let conn = self.connection(fd)?;
        let session = Session::negotiate(&conn, msize, version, &self.caller())?;
        Ok(session.version().to_string())
    }

    /// sys->fauth: a new fd on the authentication file of tree `aname`
    /// of the server on `fd`; fails when the server needs none.
    pub fn fauth(&self, fd: i32, aname: &str) -> Result<i32> {
        let conn = self.connection(fd)?;
        let session = Session::of(&conn, 0, "", &self.caller())?;
        let file = session.auth(&self.user(), aname)?;
        let c = Chan::new('M', file, "#M".to_string()).open(ORDWR, &self.caller())?;
        self.fds.install(Arc::new(c))
    }

    /// sys->export: checks the connection `fd` and the directory `dir`;
    /// the result serves the name space below `dir` there, in the caller
    /// (EXPWAIT) or in a kproc (EXPASYNC).
    pub fn export(&self, fd: i32, dir: &str) -> Result<Exporting> {
        Ok(Exporting {
            conn: self.connection(fd)?,
            export: Export::new(self, dir)?,
        })
    }
}

/// An export ready to be served.
pub struct Exporting {
    conn: Arc<Chan>,
    export: Export,
}

impl Exporting {
    /// Serves until the client hangs up or `stop` is raised.
    pub fn serve(&self, stop: &Interrupt) -> Result<()> {
        self.export.serve(&self.conn, stop)
    }
}
