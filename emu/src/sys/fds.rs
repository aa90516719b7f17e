//! The file descriptor table behind `Sys->FD` objects. For now every open
//! descriptor is one of the console streams; the kernel issue puts files, pipes and
//! devices behind the same table.

use std::io::Write;
use std::rc::Rc;

/// Where a descriptor's writes go.
pub trait Stream {
    /// Writes all of `data`; returns the bytes written, or an error text.
    fn write(&self, data: &[u8]) -> Result<usize, String>;
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
