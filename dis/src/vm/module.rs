//! Loaded modules: decoded code shared by every instance, and module links (the Dis
//! "module reference" objects) that give an instance its data and import entries.
//!
//! A module link object holds `+0` the instance's module data (nil for a built-in)
//! and `+4` the index of its [`LinkState`] in the machine.

use super::arena::NIL;
use super::decode::Inst;
use super::fast::Fast;
use super::hot::Heat;
use super::trap::Trap;
use super::types::{Kind, T_MODLINK};
use super::Machine;
use crate::object::Handler;
use std::rc::Rc;

/// An export of a Dis module.
#[derive(Clone, Debug)]
pub struct Export {
    pub name: String,
    pub sig: u32,
    pub pc: u32,
    /// Frame type id (`u32::MAX` when the file names none).
    pub frame: u32,
}

/// A module's code and everything instances share.
pub struct Code {
    /// The implementation module's name (for `Broken` lines and link errors).
    pub name: String,
    pub insts: Vec<Inst>,
    /// The same code in the forms the dispatch loop runs (one per instruction)
    /// while it is interpreted.
    pub fast: Vec<Fast>,
    /// Its standing with the compiled tier, and its compiled form once made
    /// ([`super::hot`]).
    pub heat: Heat,
    /// Module type number → machine type id.
    pub type_ids: Vec<u32>,
    pub exports: Vec<Export>,
    /// Import tables: (signature, name) per entry.
    pub imports: Option<Vec<Vec<(u32, String)>>>,
    pub handlers: Vec<Handler>,
    /// Initialised module data every instance starts from (nil when the module has
    /// no data).
    pub template: u32,
    /// Machine type id of the module data (type 0).
    pub data_type: u32,
    pub entry_pc: i32,
    pub entry_type: u32,
    pub stack_extent: u32,
    /// The file it was loaded from (its symbol file, `.sbl`, lies beside it).
    pub path: Option<String>,
}

/// Where one entry of a module link leads.
#[derive(Clone, Copy, Debug)]
pub enum Entry {
    Dis { pc: u32, frame: u32 },
    Native { module: u32, func: u32, frame: u32 },
}

/// Rust-side state of a module link.
pub struct LinkState {
    /// The Dis code, `None` for a built-in module.
    pub code: Option<Rc<Code>>,
    /// Entries by import index.
    pub entries: Vec<Entry>,
}

impl Code {
    /// Whether the code has a compiled form ([`super::tier`]).
    pub fn is_compiled(&self) -> bool {
        self.heat.tiered().is_some()
    }
}

impl Machine {
    /// A new module link object for `state` with module data `mp` (its reference
    /// moves into the link).
    pub fn new_link(&mut self, state: LinkState, mp: u32) -> Result<u32, Trap> {
        let id = match self.free_links.pop() {
            Some(i) => {
                self.links[i as usize] = Some(state);
                i
            }
            None => {
                self.links.push(Some(state));
                (self.links.len() - 1) as u32
            }
        };
        let l = self.alloc(8, T_MODLINK)?;
        self.mem.set_u(l, mp)?;
        self.mem.set_u(l + 4, id)?;
        Ok(l)
    }

    /// The state of a module link object.
    #[inline]
    pub fn link(&self, l: u32) -> Result<&LinkState, Trap> {
        let id = self.mem.u(l + 4)?;
        match self.links.get(id as usize) {
            Some(Some(s)) => Ok(s),
            _ => super::trap::raise(super::trap::EXC_MODULE),
        }
    }

    /// Called when a link object dies: forgets its state.
    pub(super) fn drop_link(&mut self, l: u32) -> Result<(), Trap> {
        let id = self.mem.u(l + 4)?;
        if let Some(slot) = self.links.get_mut(id as usize) {
            if slot.take().is_some() {
                self.free_links.push(id);
            }
        }
        Ok(())
    }

    /// A new instance of a module's data: a copy of the template in which every
    /// pointer gains a reference, except that arrays referenced directly are copied.
    pub fn new_instance_data(&mut self, code: &Code) -> Result<u32, Trap> {
        if code.template == NIL {
            return Ok(NIL);
        }
        let t = self.types.get(code.data_type);
        let mp = self.alloc(t.size, code.data_type)?;
        self.mem.copy(mp, code.template, t.size)?;
        for i in 0..t.ptr_len {
            let at = mp + self.types.ptr(&t, i);
            let p = self.mem.u(at)?;
            if p == NIL {
                continue;
            }
            if self.types.get(self.type_of(p)?).kind == Kind::Array {
                let copy = self.copy_array(p)?;
                self.mem.set_u(at, copy)?;
            } else {
                self.inc(p)?;
            }
        }
        Ok(mp)
    }

    /// A fresh array with the same elements (element pointers gain a reference).
    fn copy_array(&mut self, a: u32) -> Result<u32, Trap> {
        let n = self.array_len(a)?;
        let elem = self.array_elem(a)?;
        let size = self.types.get(elem).size;
        let c = self.new_array(n as i32, elem)?;
        let (src, dst) = (self.array_data(a)?, self.array_data(c)?);
        self.mem.copy(dst, src, n * size)?;
        for i in 0..n {
            self.inc_ptrs(dst + i * size, elem)?;
        }
        Ok(c)
    }
}
