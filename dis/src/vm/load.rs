//! Loading: turning `.dis` bytes into shared [`Code`] (cached by path), building
//! module data templates, and linking import tables against exports by name and
//! signature; `load` of Dis modules (read on a host worker thread when the
//! embedder's loader can, so that a file that blocks holds up only the loading
//! prog), built-ins and `$self`.

use super::arena::NIL;
use super::decode::{decode, Opnd};
use super::module::{Code, Entry, Export, LinkState};
use super::prog::Prog;
use super::trap::{raise, Trap, EXC_OBSOLETE};
use super::types::{Kind, T_BYTE};
use super::Machine;
use crate::object::{DataItem, Module, HASLDT};
use std::any::Any;
use std::rc::Rc;

/// The most bytes a module file (or its symbol file) may hold: a loader refuses a
/// longer file with an error rather than reading it whole.
pub const MAX_MODULE_FILE: usize = 16 << 20;

/// Reading one file on a host worker thread: its bytes or the error text.
pub type ReadJob = Box<dyn FnOnce() -> Result<Vec<u8>, String> + Send>;

/// What the embedder supplies to find modules: the bytes of the file at a path.
pub trait Loader {
    /// Reads the whole file at `path` as seen by the process whose embedder state
    /// (a prog's `host`) is `by` (None: a module started from outside any
    /// process), or gives the error text `%r` will show. A file longer than
    /// [`MAX_MODULE_FILE`] is an error.
    fn read(&mut self, path: &str, by: Option<&dyn Any>) -> Result<Vec<u8>, String>;

    /// The same read as a job for a host worker thread, for reads that may block
    /// (a pipe, a device); `None` (the default) when [`Loader::read`] never blocks.
    fn reader(&mut self, _path: &str, _by: Option<&dyn Any>) -> Option<ReadJob> {
        None
    }
}

/// A cached module: the bytes it came from and its code.
pub struct Cached {
    bytes: Vec<u8>,
    pub code: Rc<Code>,
}

impl Machine {
    /// Reads, checks and decodes the module at `path` as the process with embedder
    /// state `by` sees it (cached while the file's bytes are unchanged).
    pub fn load_code(&mut self, path: &str, by: Option<&dyn Any>) -> Result<Rc<Code>, String> {
        let bytes = self.loader.read(path, by)?;
        if let Some(code) = self.cached(path, &bytes) {
            return Ok(code);
        }
        self.decode_module(path, bytes)
    }

    /// [`Machine::load_code`] for a module whose file the embedder has read
    /// itself, off the interpreter thread.
    pub fn code_from_file(&mut self, path: &str, bytes: Vec<u8>) -> Result<Rc<Code>, String> {
        match self.cached(path, &bytes) {
            Some(code) => Ok(code),
            None => self.decode_module(path, bytes),
        }
    }

    /// The cached code of `path` if it was made from these bytes.
    fn cached(&self, path: &str, bytes: &[u8]) -> Option<Rc<Code>> {
        self.code_cache
            .get(path)
            .filter(|c| c.bytes == bytes)
            .map(|c| c.code.clone())
    }

    /// Checks and decodes module file `bytes` read from `path` and caches it (the
    /// path is kept, so that the `.sbl` beside it can be read when a source line
    /// is asked for).
    fn decode_module(&mut self, path: &str, bytes: Vec<u8>) -> Result<Rc<Code>, String> {
        let module = Module::read(&bytes).map_err(|e| e.message().to_string())?;
        module.verify().map_err(|e| e.message().to_string())?;
        let mut code = self.code_from_module(&module).map_err(|t| t.text())?;
        if let Some(c) = Rc::get_mut(&mut code) {
            c.path = Some(path.to_string());
        }
        self.code_cache.insert(
            path.to_string(),
            Cached {
                bytes,
                code: code.clone(),
            },
        );
        Ok(code)
    }

    /// Registers a module's types, decodes its code and builds its data template.
    pub fn code_from_module(&mut self, m: &Module) -> Result<Rc<Code>, Trap> {
        let max_id = m.types.iter().map(|t| t.id).max().unwrap_or(-1);
        let mut type_ids = vec![u32::MAX; usize::try_from(max_id + 1).unwrap_or(0)];
        for t in &m.types {
            let id = self
                .types
                .add_map(t.size.max(0) as u32, &t.map, Kind::Plain);
            if let Some(slot) = usize::try_from(t.id).ok().and_then(|i| type_ids.get_mut(i)) {
                *slot = id;
            }
        }
        let tid = |n: i32| -> u32 {
            usize::try_from(n)
                .ok()
                .and_then(|i| type_ids.get(i))
                .copied()
                .unwrap_or(u32::MAX)
        };
        let data_type = match type_ids.first() {
            Some(&t) if t != u32::MAX => t,
            _ => self.types.add(m.data_size.max(0) as u32, &[], Kind::Plain),
        };
        let exports = m
            .links
            .iter()
            .map(|l| Export {
                name: l.name.clone(),
                sig: l.sig,
                pc: l.pc as u32,
                frame: tid(l.desc),
            })
            .collect();
        let imports = m.imports.as_ref().map(|tables| {
            tables
                .iter()
                .map(|t| t.iter().map(|i| (i.sig, i.name.clone())).collect())
                .collect()
        });
        let template = self.build_template(m, data_type, &type_ids)?;
        let insts = decode(&m.code, &type_ids);
        let fast = super::fast::specialise(&insts, &self.types);
        let heat = self.first_heat((&m.name, &insts, &fast));
        Ok(Rc::new(Code {
            name: m.name.clone(),
            insts,
            fast,
            heat,
            type_ids: type_ids.clone(),
            exports,
            imports: if m.flags & HASLDT != 0 { imports } else { None },
            handlers: m.handlers.clone().unwrap_or_default(),
            template,
            data_type,
            entry_pc: m.entry_pc,
            entry_type: tid(m.entry_type),
            stack_extent: m.stack_extent.max(0) as u32,
            path: None,
        }))
    }

    /// Module data initialised from the data section.
    fn build_template(
        &mut self,
        m: &Module,
        data_type: u32,
        type_ids: &[u32],
    ) -> Result<u32, Trap> {
        let size = self.types.get(data_type).size;
        if size == 0 && m.data.is_empty() {
            return Ok(NIL);
        }
        let mp = self.alloc(size, data_type)?;
        let mut bases = vec![mp];
        for item in &m.data {
            let base = *bases.last().unwrap_or(&mp);
            match item {
                DataItem::Bytes { offset, bytes } => {
                    let a = base.wrapping_add(*offset as u32);
                    self.mem
                        .slice_mut(a, bytes.len() as u32)?
                        .copy_from_slice(bytes);
                }
                DataItem::Words { offset, words } => {
                    for (i, w) in words.iter().enumerate() {
                        self.mem
                            .set_w(base.wrapping_add(*offset as u32 + 4 * i as u32), *w)?;
                    }
                }
                DataItem::Bigs { offset, values } => {
                    for (i, v) in values.iter().enumerate() {
                        self.mem
                            .set_l(base.wrapping_add(*offset as u32 + 8 * i as u32), *v)?;
                    }
                }
                DataItem::Reals { offset, bits } => {
                    for (i, v) in bits.iter().enumerate() {
                        self.mem
                            .set_l(base.wrapping_add(*offset as u32 + 8 * i as u32), *v as i64)?;
                    }
                }
                DataItem::String { offset, bytes } => {
                    let s = self.new_string_utf8(bytes)?;
                    self.mem.set_u(base.wrapping_add(*offset as u32), s)?;
                }
                DataItem::Array {
                    offset,
                    elem_type,
                    len,
                } => {
                    let elem = usize::try_from(*elem_type)
                        .ok()
                        .and_then(|i| type_ids.get(i))
                        .copied()
                        .unwrap_or(T_BYTE);
                    let a = self.new_array(*len, elem)?;
                    self.mem.set_u(base.wrapping_add(*offset as u32), a)?;
                }
                DataItem::Index { offset, index } => {
                    let arr = self.mem.u(base.wrapping_add(*offset as u32))?;
                    let elem = self.array_elem(arr)?;
                    let at = self.array_index(arr, *index, self.types.get(elem).size)?;
                    bases.push(at);
                }
                DataItem::Pop { .. } => {
                    if bases.len() > 1 {
                        bases.pop();
                    }
                }
            }
        }
        Ok(mp)
    }

    /// Links `imports` against a Dis module's exports.
    pub fn link_dis(
        &mut self,
        code: &Rc<Code>,
        imports: &[(u32, String)],
    ) -> Result<Vec<Entry>, String> {
        let mut entries = Vec::with_capacity(imports.len());
        for (sig, name) in imports {
            let e = match code.exports.iter().find(|e| &e.name == name) {
                Some(e) => e,
                None => {
                    return Err(format!(
                        "link failed fn {}->{}() not implemented",
                        code.name, name
                    ))
                }
            };
            if e.sig != *sig {
                let msg = format!(
                    "link typecheck {}->{}() {:x}/{:x}",
                    code.name, name, e.sig, sig
                );
                self.console_line(&msg);
                return Err(msg);
            }
            entries.push(Entry::Dis {
                pc: e.pc,
                frame: e.frame,
            });
        }
        Ok(entries)
    }

    /// Links `imports` against a built-in module's table.
    fn link_builtin(
        &mut self,
        index: u32,
        imports: &[(u32, String)],
    ) -> Result<Vec<Entry>, String> {
        let mut entries = Vec::with_capacity(imports.len());
        let Some(reg) = self.builtins.get(index as usize) else {
            return Err("module not built-in".to_string());
        };
        let mut typecheck = None;
        for (sig, name) in imports {
            let Some(func) = reg.functions.iter().position(|f| f.name == name) else {
                return Err(format!(
                    "link failed fn {}->{}() not implemented",
                    reg.path, name
                ));
            };
            let f = reg.functions[func];
            if f.sig != *sig {
                typecheck = Some(format!(
                    "link typecheck {}->{}() {:x}/{:x}",
                    reg.path, name, f.sig, sig
                ));
                break;
            }
            entries.push(Entry::Native {
                module: index,
                func: func as u32,
                frame: reg.frames.get(func).copied().unwrap_or(u32::MAX),
            });
        }
        if let Some(msg) = typecheck {
            self.console_line(&msg);
            return Err(msg);
        }
        Ok(entries)
    }

    /// The `load` instruction: a module link for `path` linked against import table
    /// `table` of the current module, or nil with the reason in the error string.
    /// `None` when the file is being read on a host worker: the prog waits, and the
    /// link is stored through operand `dst` when the read is over.
    pub fn load(
        &mut self,
        p: &mut Prog,
        path: u32,
        table: i32,
        dst: Opnd,
    ) -> Result<Option<u32>, Trap> {
        let imports = match &p.code.imports {
            Some(t) => t,
            None => return raise(EXC_OBSOLETE),
        };
        let Some(imports) = usize::try_from(table).ok().and_then(|i| imports.get(i)) else {
            return raise(super::trap::EXC_ILLEGAL);
        };
        let imports = imports.clone();
        let path = self.str_text(path)?;
        let result = if path == "$self" {
            let code = p.code.clone();
            match self.link_dis(&code, &imports) {
                Ok(entries) => {
                    self.inc(p.mp)?;
                    let state = LinkState {
                        code: Some(code),
                        entries,
                    };
                    Ok(self.new_link(state, p.mp)?)
                }
                Err(e) => Err(e),
            }
        } else if path.starts_with('$') {
            match self.builtin_index(&path) {
                Err(e) => Err(e),
                Ok(i) => match self.link_builtin(i, &imports) {
                    Ok(entries) => {
                        let state = LinkState {
                            code: None,
                            entries,
                        };
                        Ok(self.new_link(state, NIL)?)
                    }
                    Err(e) => Err(e),
                },
            }
        } else {
            let by = p.host.clone();
            if let Some(read) = self.loader.reader(&path, by.as_deref()) {
                let finish =
                    move |m: &mut Machine, p: &mut Prog, bytes: Result<Vec<u8>, String>| {
                        let code = bytes.and_then(|b| m.code_from_file(&path, b));
                        let linked = m.link_module(code, &imports)?;
                        let l = m.loaded(p, linked);
                        let d = m.ea(dst, p, 2)?;
                        m.put_ptr(d, l)
                    };
                self.block_on(p, read, finish)?;
                return Ok(None);
            }
            let code = self.load_code(&path, by.as_deref());
            self.link_module(code, &imports)?
        };
        Ok(Some(self.loaded(p, result)))
    }

    /// A new instance of loaded code linked against `imports`, or why not.
    fn link_module(
        &mut self,
        code: Result<Rc<Code>, String>,
        imports: &[(u32, String)],
    ) -> Result<Result<u32, String>, Trap> {
        let code = match code {
            Ok(c) => c,
            Err(e) => return Ok(Err(e)),
        };
        let entries = match self.link_dis(&code, imports) {
            Ok(e) => e,
            Err(e) => return Ok(Err(e)),
        };
        let mp = self.new_instance_data(&code)?;
        let state = LinkState {
            code: Some(code),
            entries,
        };
        Ok(Ok(self.new_link(state, mp)?))
    }

    /// What `load` gives: the link, or nil with the reason in the error string.
    fn loaded(&mut self, p: &mut Prog, result: Result<u32, String>) -> u32 {
        match result {
            Ok(l) => l,
            Err(e) => {
                p.errstr = super::trap::truncate(&e).to_string();
                NIL
            }
        }
    }
}
