//! Path evaluation: turning a name into a channel in a name space (the
//! original's `namec` and `walk`). Elements are walked one by one; a file
//! with a union mounted on it is replaced by the union's first member, and
//! a name missing there is looked for in the later members. `..` is
//! lexical: the channel's name is cleaned and evaluated again from `/`
//! (or from the device root for `#` names), so it leads back out of a
//! bind to the parent of the mount point and can never climb above a
//! device's root. Errors carry the path walked, as the original prints it.

use super::chan::{Chan, Mount};
use super::device::Caller;
use super::error::{Error, Result};
use super::flags::{DMDIR, MCREATE, OEXCL, OTRUNC};
use super::mount::Namespace;
use super::names::{add_elem, clean_chan_name, error_path, parse, validate};

/// What a name is evaluated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// stat, wstat: the file as mounted.
    Stat,
    /// The source of a bind: the file and any union on it.
    Bind,
    /// The target of a bind or mount: the file itself, not what is mounted.
    Mount,
    /// chdir: a directory, not crossing a final mount point.
    Todir,
    /// Open with the given mode.
    Open(u32),
    /// Remove.
    Remove,
    /// Create with mode and permissions.
    Create(u32, u32),
}

/// The most names the original walks in one step; error texts depend on
/// where a step begins.
const MAXWELEM: usize = 16;

/// Devices that NODEVS still allows.
const NODEVS_ALLOWED: &str = "|esDa";

impl Namespace {
    /// Evaluates `aname` for `access`.
    pub fn namec(&self, aname: &str, access: Access, caller: &Caller) -> Result<Chan> {
        if aname.is_empty() {
            return Err(Error::EmptyName);
        }
        validate(aname, true)?;
        let (start, prefix, nomount) = self.start(aname, caller)?;
        let e = parse(&aname[prefix..]);
        let name_error = |npath: usize, err: Error| {
            let len = prefix + e.ends.get(npath).copied().unwrap_or(0);
            err.at_path(&error_path(aname, len))
        };

        let mut nwalk = e.elems.len();
        if let Access::Create(_, perm) = access {
            if e.must_be_dir && perm & DMDIR == 0 {
                return Err(name_error(
                    nwalk,
                    Error::Text("create without DMDIR".into()),
                ));
            }
            if nwalk == 0 {
                return Err(Error::Exists);
            }
            nwalk -= 1;
        }
        let c = self
            .walk(start, &e.elems[..nwalk], nomount, caller)
            .map_err(|(n, err)| name_error(n, err))?;
        if e.must_be_dir && !c.is_dir() {
            return Err(name_error(nwalk, Error::NotDir));
        }

        match access {
            Access::Stat => Ok(self.cross(c, nomount).0),
            Access::Bind => {
                let (mut c, union) = self.cross(c, nomount);
                c.set_union(union);
                Ok(c)
            }
            Access::Mount => Ok(c),
            Access::Todir => {
                if !c.is_dir() {
                    return Err(Error::NotDir);
                }
                Ok(c)
            }
            Access::Remove => Ok(self.cross(c, nomount).0),
            Access::Open(mode) => self.open(c, mode, nomount, caller),
            Access::Create(mode, perm) => {
                let last = &e.elems[nwalk];
                self.create(c, last, mode, perm, nomount, caller)
            }
        }
    }

    /// The channel a name starts from, how many bytes of the name that
    /// consumed (a `#x` device part), and whether mounts are ignored.
    fn start(&self, aname: &str, caller: &Caller) -> Result<(Chan, usize, bool)> {
        match aname.as_bytes()[0] {
            b'/' => Ok((self.slash().clone_unopened(), 0, false)),
            b'#' => {
                let mut chars = aname.char_indices().skip(1);
                let Some((_, letter)) = chars.next() else {
                    return Err(Error::BadSharp);
                };
                let spec_start = 1 + letter.len_utf8();
                let end = aname[spec_start..]
                    .find('/')
                    .map_or(aname.len(), |i| i + spec_start);
                let spec = &aname[spec_start..end];
                if letter == 'M' {
                    return Err(Error::NoAttach);
                }
                if self.nodevs()
                    && (!NODEVS_ALLOWED.contains(letter) || (letter == 's' && !spec.is_empty()))
                {
                    return Err(Error::NoAttach);
                }
                let dev = self.devices().lookup(letter).ok_or(Error::BadSharp)?;
                let file = dev.attach(spec, caller)?;
                let name = format!("#{letter}{spec}");
                Ok((Chan::new(letter, file, name), end, true))
            }
            _ => Ok((self.dot().clone_unopened(), 0, false)),
        }
    }

    /// The first member of the union mounted on `c` (if any, and mounts
    /// count), with the union when it has several members.
    fn cross(&self, c: Chan, nomount: bool) -> (Chan, Option<Vec<Mount>>) {
        if nomount {
            return (c, None);
        }
        match self.mounted_on(&c) {
            Some(members) if !members.is_empty() => {
                let mut first = members[0].to.clone_unopened();
                first.set_name(c.name().to_string());
                let union = (members.len() > 1).then_some(members);
                (first, union)
            }
            _ => (c, None),
        }
    }

    /// Walks `elems` from `c`; a failure gives how many elements the error
    /// path shows and the error.
    fn walk(
        &self,
        mut c: Chan,
        elems: &[String],
        nomount: bool,
        caller: &Caller,
    ) -> std::result::Result<Chan, (usize, Error)> {
        let mut cname = c.name().to_string();
        let mut in_step = 0;
        let mut others: Vec<Mount> = Vec::new();
        for (k, elem) in elems.iter().enumerate() {
            if elem == ".." {
                cname = add_elem(&cname, "..");
                c = self.resolve(&cname, caller).map_err(|e| (k + 1, e))?;
                in_step = 0;
                continue;
            }
            if in_step == 0 {
                others.clear();
            }
            if !nomount {
                if let Some(members) = self.mounted_on(&c) {
                    if let Some((first, rest)) = members.split_first() {
                        c = first.to.clone_unopened();
                        others = rest.to_vec();
                        in_step = 0;
                    }
                }
            }
            if !c.is_dir() {
                return Err((k, Error::NotDir));
            }
            let next = match c.walk1(elem, caller) {
                Ok(n) => n,
                Err(err) if in_step == 0 => {
                    let mut last = err;
                    let mut found = None;
                    for m in &others {
                        match m.to.walk1(elem, caller) {
                            Ok(n) => {
                                found = Some(n);
                                break;
                            }
                            Err(e) => last = e,
                        }
                    }
                    found.ok_or((k + 1, last))?
                }
                Err(_) => return Err((k + 1, Error::PartialWalk)),
            };
            c = next;
            others.clear();
            cname = add_elem(&cname, elem);
            in_step = (in_step + 1) % MAXWELEM;
        }
        c.set_name(cname);
        Ok(c)
    }

    /// Evaluates a cleaned channel name again (for `..`).
    fn resolve(&self, name: &str, caller: &Caller) -> Result<Chan> {
        let name = clean_chan_name(name);
        let (start, prefix, nomount) = self.start(&name, caller)?;
        let e = parse(&name[prefix..]);
        let mut c = self
            .walk(start, &e.elems, nomount, caller)
            .map_err(|(_, err)| err)?;
        c.set_name(name);
        Ok(c)
    }

    fn open(&self, c: Chan, mode: u32, nomount: bool, caller: &Caller) -> Result<Chan> {
        let (mut c, union) = self.cross(c, nomount);
        c.set_union(union);
        c.open(mode, caller)
    }

    fn create(
        &self,
        dir: Chan,
        name: &str,
        mode: u32,
        perm: u32,
        nomount: bool,
        caller: &Caller,
    ) -> Result<Chan> {
        if let Ok(existing) = self.walk(dir.clone_unopened(), &[name.to_string()], nomount, caller)
        {
            if mode & OEXCL != 0 {
                return Err(Error::Exists);
            }
            return self.open(existing, mode | OTRUNC, nomount, caller);
        }
        let target = match (nomount, self.mounted_on(&dir)) {
            (false, Some(members)) => members
                .iter()
                .find(|m| m.flags & MCREATE != 0)
                .map(|m| m.to.clone_unopened())
                .ok_or(Error::NoCreate)?,
            _ => dir.clone_unopened(),
        };
        let mut target = target;
        target.set_name(add_elem(dir.name(), name));
        match target.create(name, mode & !OEXCL, perm, caller) {
            Ok(c) => Ok(c),
            Err(err) if mode & OEXCL != 0 => Err(err),
            Err(err) => {
                // Someone else may have made it meanwhile: open that instead.
                match self.walk(dir, &[name.to_string()], nomount, caller) {
                    Ok(existing) => self.open(existing, mode | OTRUNC, nomount, caller),
                    Err(_) => Err(err),
                }
            }
        }
    }

    /// Evaluates `src` and binds it onto `old` (sys->bind).
    pub fn bind(&self, src: &str, old: &str, flags: u32, caller: &Caller) -> Result<u32> {
        let new = self.namec(src, Access::Bind, caller)?;
        self.mount_on(new, old, flags, caller)
    }

    /// Binds an already evaluated channel (a device root, a mount
    /// driver's root) onto the name `old`.
    pub fn mount_on(&self, new: Chan, old: &str, flags: u32, caller: &Caller) -> Result<u32> {
        if flags > super::flags::MMASK || flags & super::flags::MORDER == super::flags::MORDER {
            return Err(Error::BadArg);
        }
        let old = self.namec(old, Access::Mount, caller)?;
        self.mount_chan(new, old, flags)
    }

    /// Undoes a bind (sys->unmount): `src` None removes everything on `old`.
    pub fn unmount(&self, src: Option<&str>, old: &str, caller: &Caller) -> Result<()> {
        let old = self.namec(old, Access::Mount, caller)?;
        let mounted = match src {
            Some(s) if !s.is_empty() => Some(self.namec(s, Access::Open(0), caller)?),
            _ => None,
        };
        self.unmount_chan(&old, mounted.as_ref())
    }

    /// Changes the group's current directory (sys->chdir).
    pub fn chdir(&self, path: &str, caller: &Caller) -> Result<()> {
        let c = self.namec(path, Access::Todir, caller)?;
        self.set_dot(c);
        Ok(())
    }
}
