//! Name spaces: the mount table of a process group, with `/` and the
//! current directory. `bind` and `mount` make union directories, `unmount`
//! takes members away, and the table prints as the text of `/prog/n/ns`.
//! Path evaluation over the table is in `namec`.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::chan::{Chan, Mount};
use super::devices::DeviceTable;
use super::error::{Error, Result};
use super::flags::{MAFTER, MBEFORE, MCACHE, MCREATE, MORDER, MREPL};

/// The union mounted on one file.
#[derive(Debug, Clone)]
struct MountHead {
    from: Arc<Chan>,
    mounts: Vec<Mount>,
}

#[derive(Debug, Clone)]
struct NsState {
    slash: Arc<Chan>,
    dot: Arc<Chan>,
    heads: Vec<MountHead>,
    nodevs: bool,
}

/// A name space, shared by the processes of a name space group.
pub struct Namespace {
    id: u32,
    devices: Arc<DeviceTable>,
    state: RwLock<NsState>,
}

static NEXT_MOUNT_ID: AtomicU32 = AtomicU32::new(1);
static NEXT_NS_ID: AtomicU32 = AtomicU32::new(1);

impl Namespace {
    /// A name space with `slash` as `/` and current directory, no mounts.
    pub fn new(devices: Arc<DeviceTable>, mut slash: Chan) -> Arc<Namespace> {
        slash.set_name("/".to_string());
        let slash = Arc::new(slash);
        Arc::new(Namespace {
            id: NEXT_NS_ID.fetch_add(1, Ordering::Relaxed),
            devices,
            state: RwLock::new(NsState {
                dot: slash.clone(),
                slash,
                heads: Vec::new(),
                nodevs: false,
            }),
        })
    }

    /// The group id (`/prog/n/nsgrp`).
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The kernel's devices.
    pub fn devices(&self) -> &Arc<DeviceTable> {
        &self.devices
    }

    /// A private copy (pctl FORKNS): same binds, root and directory.
    pub fn fork(&self) -> Arc<Namespace> {
        Arc::new(Namespace {
            id: NEXT_NS_ID.fetch_add(1, Ordering::Relaxed),
            devices: self.devices.clone(),
            state: RwLock::new(self.read().clone()),
        })
    }

    /// A new name space whose root is the current directory (pctl NEWNS);
    /// the NODEVS restriction carries over.
    pub fn new_from_dot(&self) -> Arc<Namespace> {
        let st = self.read();
        let ns = Namespace::new(self.devices.clone(), st.dot.clone_unopened());
        ns.write().nodevs = st.nodevs;
        ns
    }

    /// Forbids attaching devices other than `#| #e #s #D #a` (pctl NODEVS).
    pub fn forbid_devices(&self) {
        self.write().nodevs = true;
    }

    /// Whether NODEVS is in force.
    pub fn nodevs(&self) -> bool {
        self.read().nodevs
    }

    /// The root directory `/`.
    pub fn slash(&self) -> Arc<Chan> {
        self.read().slash.clone()
    }

    /// The current directory.
    pub fn dot(&self) -> Arc<Chan> {
        self.read().dot.clone()
    }

    /// Makes `dir` the current directory of the group.
    pub fn set_dot(&self, dir: Chan) {
        let old = std::mem::replace(&mut self.write().dot, Arc::new(dir));
        drop(old);
    }

    fn read(&self) -> RwLockReadGuard<'_, NsState> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, NsState> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The union mounted on `c`, if any.
    pub fn mounted_on(&self, c: &Chan) -> Option<Vec<Mount>> {
        self.read()
            .heads
            .iter()
            .find(|h| h.from.same_file(c))
            .map(|h| h.mounts.clone())
    }

    /// Binds `new` onto `old` (both already evaluated, flags checked);
    /// returns the mount's sequence number. `new`'s own union, if it
    /// stands for one, is copied along.
    pub(super) fn mount_chan(&self, new: Chan, old: Chan, flags: u32) -> Result<u32> {
        if new.is_dir() != old.is_dir() {
            return Err(Error::Mount);
        }
        let order = flags & MORDER;
        if !old.is_dir() && order != MREPL {
            return Err(Error::Mount);
        }
        let copied: Vec<Mount> = new.union().map(|u| u.to_vec()).unwrap_or_default();
        if flags & MCREATE != 0
            && !copied.is_empty()
            && (copied.len() > 1 || copied[0].flags & MCREATE == 0)
        {
            return Err(Error::Mount);
        }
        // Channels let go of are closed after the lock is released.
        let mut released: Vec<Mount> = Vec::new();
        let mut st = self.write();
        let idx = match st.heads.iter().position(|h| h.from.same_file(&old)) {
            Some(i) => i,
            None => {
                let old = Arc::new(old);
                let mut head = MountHead {
                    from: old.clone(),
                    mounts: Vec::new(),
                };
                if order != MREPL {
                    head.mounts.push(Mount {
                        to: old,
                        flags: 0,
                        id: next_mount_id(),
                    });
                }
                st.heads.push(head);
                st.heads.len() - 1
            }
        };
        let mut new = new;
        new.set_union(None);
        let nm = Mount {
            to: Arc::new(new),
            flags,
            id: next_mount_id(),
        };
        let id = nm.id;
        let mut added = vec![nm];
        let copy_order = if order == MREPL { MAFTER } else { order };
        for m in copied.iter().skip(1) {
            added.push(Mount {
                to: m.to.clone(),
                flags: copy_order,
                id: next_mount_id(),
            });
        }
        let head = &mut st.heads[idx];
        match order {
            MREPL => released = std::mem::replace(&mut head.mounts, added),
            MAFTER => head.mounts.extend(added),
            _ => {
                added.append(&mut head.mounts);
                head.mounts = added;
            }
        }
        drop(st);
        drop(released);
        Ok(id)
    }

    /// Removes `mounted` (or, when None, everything) from the union on
    /// `old`.
    pub fn unmount_chan(&self, old: &Chan, mounted: Option<&Chan>) -> Result<()> {
        // Channels let go of are closed after the lock is released.
        let mut released: Vec<MountHead> = Vec::new();
        let mut released_member: Option<Mount> = None;
        let mut st = self.write();
        let idx = st
            .heads
            .iter()
            .position(|h| h.from.same_file(old))
            .ok_or(Error::Unmount)?;
        match mounted {
            None => released.push(st.heads.remove(idx)),
            Some(mounted) => {
                let head = &mut st.heads[idx];
                let member = head
                    .mounts
                    .iter()
                    .position(|m| m.to.same_file(mounted))
                    .ok_or(Error::Union)?;
                released_member = Some(head.mounts.remove(member));
                if head.mounts.is_empty() {
                    released.push(st.heads.remove(idx));
                }
            }
        }
        drop(st);
        drop((released, released_member));
        Ok(())
    }

    /// The name space as `/prog/n/ns` prints it: one `bind` (or, for a
    /// mounted server, `mount`) line per member in the order they were
    /// made, then `cd`.
    pub fn text(&self) -> String {
        let st = self.read();
        let mut all: Vec<(&Mount, &MountHead)> = st
            .heads
            .iter()
            .flat_map(|h| h.mounts.iter().map(move |m| (m, h)))
            .collect();
        all.sort_by_key(|(m, _)| m.id);
        let mut s = String::new();
        for (m, h) in all {
            let (flags, to, from) = (flag_text(m.flags), m.to.name(), h.from.name());
            s += &match m.to.file().mount_spec() {
                Some(spec) => format!("mount {flags} {to} {from} {spec}\n"),
                None => format!("bind {flags} {to} {from}\n"),
            };
        }
        s += &format!("cd {}\n", st.dot.name());
        s
    }
}

fn next_mount_id() -> u32 {
    NEXT_MOUNT_ID.fetch_add(1, Ordering::Relaxed)
}

/// Bind flags as the `-abcC` option letters of the ns text.
fn flag_text(flags: u32) -> String {
    if flags == 0 {
        return String::new();
    }
    let mut s = String::from("-");
    for (bit, c) in [(MAFTER, 'a'), (MBEFORE, 'b'), (MCREATE, 'c'), (MCACHE, 'C')] {
        if flags & bit != 0 {
            s.push(c);
        }
    }
    s
}

impl std::fmt::Debug for Namespace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Namespace({})", self.id)
    }
}
