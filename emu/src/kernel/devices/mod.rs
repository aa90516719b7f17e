//! The kernel's devices, each in its own module, and the table that finds
//! one by its `#` letter.

pub mod cmd;
pub mod cons;
pub mod dup;
pub mod env;
pub mod fs;
pub mod ip;
pub mod mnt;
pub mod pipe;
pub mod prof;
pub mod prog;
pub mod root;
pub mod srv;
pub mod ssl;

use std::sync::Arc;

use super::device::Device;

/// The devices of a kernel, found by letter.
#[derive(Default)]
pub struct DeviceTable {
    devices: Vec<Arc<dyn Device>>,
}

impl DeviceTable {
    /// An empty table.
    pub fn new() -> DeviceTable {
        DeviceTable::default()
    }

    /// Adds a device; a later device with the same letter replaces it.
    pub fn add(&mut self, dev: Arc<dyn Device>) {
        self.devices.retain(|d| d.letter() != dev.letter());
        self.devices.push(dev);
    }

    /// The device with letter `c`.
    pub fn lookup(&self, c: char) -> Option<Arc<dyn Device>> {
        self.devices.iter().find(|d| d.letter() == c).cloned()
    }

    /// The text of `/dev/drivers`: `#c cons` lines.
    pub fn drivers_text(&self) -> String {
        self.devices
            .iter()
            .map(|d| format!("#{} {}\n", d.letter(), d.name()))
            .collect()
    }
}
