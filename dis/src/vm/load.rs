//! Loading: turning `.dis` bytes into shared [`Code`] (cached by path), building
//! module data templates, and linking import tables against exports by name and
//! signature; `load` of Dis modules, built-ins and `$self`.

use super::arena::NIL;
use super::decode::decode;
use super::module::{Code, Entry, Export, LinkState};
use super::prog::Prog;
use super::trap::{raise, Trap, EXC_OBSOLETE};
use super::types::{Kind, T_BYTE};
use super::Machine;
use crate::object::{DataItem, Module, HASLDT};
use std::any::Any;
use std::rc::Rc;

/// What the embedder supplies to find modules: the bytes of the file at a path.
pub trait Loader {
    /// Reads the whole file at `path` as seen by the process whose embedder state
    /// (a prog's `host`) is `by` (None: a module started from outside any
    /// process), or gives the error text `%r` will show.
    fn read(&mut self, path: &str, by: Option<&dyn Any>) -> Result<Vec<u8>, String>;
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
        if let Some(c) = self.code_cache.get(path) {
            if c.bytes == bytes {
                return Ok(c.code.clone());
            }
        }
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
        Ok(Rc::new(Code {
            name: m.name.clone(),
            insts,
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
    pub fn load(&mut self, p: &mut Prog, path: u32, table: i32) -> Result<u32, Trap> {
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
            match self.builtins.iter().position(|b| b.path == path) {
                None => Err("module not built-in".to_string()),
                Some(i) => match self.link_builtin(i as u32, &imports) {
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
            match self.load_code(&path, p.host.as_deref()) {
                Err(e) => Err(e),
                Ok(code) => match self.link_dis(&code, &imports) {
                    Err(e) => Err(e),
                    Ok(entries) => {
                        let mp = self.new_instance_data(&code)?;
                        let state = LinkState {
                            code: Some(code),
                            entries,
                        };
                        Ok(self.new_link(state, mp)?)
                    }
                },
            }
        };
        match result {
            Ok(l) => Ok(l),
            Err(e) => {
                p.errstr = super::trap::truncate(&e).to_string();
                Ok(NIL)
            }
        }
    }
}
