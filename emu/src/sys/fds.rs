//! The file descriptor table behind `Sys->FD` objects: the console streams and host
//! files for now; the kernel issue puts pipes and devices behind the same table.

use std::cell::RefCell;
use std::fs::File;
use std::io::{Read, Write};
use std::rc::Rc;

/// What a descriptor reads from and writes to.
pub trait Stream {
    /// Writes all of `data`; returns the bytes written, or an error text.
    fn write(&self, data: &[u8]) -> Result<usize, String>;

    /// Reads at most `buf.len()` bytes; 0 at end of file.
    fn read(&self, _buf: &mut [u8]) -> Result<usize, String> {
        Err("inappropriate use of fd".to_string())
    }
}

/// An open host file.
pub struct HostFile {
    pub file: RefCell<File>,
    pub readable: bool,
    pub writable: bool,
}

impl Stream for HostFile {
    fn write(&self, data: &[u8]) -> Result<usize, String> {
        if !self.writable {
            return Err("inappropriate use of fd".to_string());
        }
        let mut f = self.file.borrow_mut();
        f.write_all(data)
            .map(|_| data.len())
            .map_err(|e| e.to_string())
    }

    fn read(&self, buf: &mut [u8]) -> Result<usize, String> {
        if !self.readable {
            return Err("inappropriate use of fd".to_string());
        }
        self.file.borrow_mut().read(buf).map_err(|e| e.to_string())
    }
}

/// The host's standard output or standard error.
pub enum Console {
    Stdout,
    Stderr,
}

impl Stream for Console {
    fn write(&self, data: &[u8]) -> Result<usize, String> {
        let r = match self {
            Console::Stdout => {
                let mut o = std::io::stdout().lock();
                o.write_all(data).and_then(|_| o.flush())
            }
            Console::Stderr => {
                let mut o = std::io::stderr().lock();
                o.write_all(data).and_then(|_| o.flush())
            }
        };
        r.map(|_| data.len()).map_err(|e| e.to_string())
    }
}

/// Open descriptors by number.
pub struct FdTable {
    slots: Vec<Option<Rc<dyn Stream>>>,
}

impl FdTable {
    /// A table with the console as descriptors 0, 1 and 2.
    pub fn console() -> FdTable {
        FdTable {
            slots: vec![
                Some(Rc::new(Console::Stdout)),
                Some(Rc::new(Console::Stdout)),
                Some(Rc::new(Console::Stderr)),
            ],
        }
    }

    /// The stream of descriptor `fd`.
    pub fn get(&self, fd: i32) -> Option<Rc<dyn Stream>> {
        usize::try_from(fd)
            .ok()
            .and_then(|i| self.slots.get(i))
            .and_then(|s| s.clone())
    }

    /// `dup(fd, -1)`: the lowest free descriptor now refers to `fd`'s stream.
    pub fn dup(&mut self, fd: i32) -> Option<i32> {
        let s = self.get(fd)?;
        self.add(s)
    }

    /// Puts a stream in the lowest free descriptor.
    pub fn add(&mut self, s: Rc<dyn Stream>) -> Option<i32> {
        let free = match self.slots.iter().position(Option::is_none) {
            Some(i) => i,
            None => {
                self.slots.push(None);
                self.slots.len() - 1
            }
        };
        self.slots[free] = Some(s);
        i32::try_from(free).ok()
    }

    /// Closes a descriptor.
    pub fn close(&mut self, fd: i32) {
        if let Some(slot) = usize::try_from(fd).ok().and_then(|i| self.slots.get_mut(i)) {
            *slot = None;
        }
    }
}
