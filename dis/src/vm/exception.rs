//! Handling a raised exception: searching the handler tables frame by frame, then
//! unwinding to the handler's frame, releasing the references of every popped frame.

use super::arena::NIL;
use super::last_exception::LastException;
use super::module::Code;
use super::prog::Prog;
use super::trap::{Exception, Trap};
use super::Machine;
use crate::object::Handler;
use std::rc::Rc;

/// Whether handler label `label` matches exception text `text`.
fn label_matches(label: &str, text: &str) -> bool {
    match label.strip_suffix('*') {
        Some(prefix) => text.starts_with(prefix),
        None => label == text,
    }
}

/// The target pc a handler gives the exception, if any of its arms takes it.
fn arm(h: &Handler, e: &Exception) -> Option<i32> {
    let typed = usize::try_from(h.ne).unwrap_or(0);
    for (k, label) in h.labels.iter().enumerate() {
        if (k < typed) != e.is_object {
            continue;
        }
        if label_matches(&label.name, &e.text) {
            return Some(label.pc);
        }
    }
    (h.wildcard >= 0).then_some(h.wildcard)
}

/// The first handler of `code` covering `pc` that takes the exception.
fn find(code: &Code, pc: u32, e: &Exception) -> Option<(usize, i32)> {
    code.handlers.iter().enumerate().find_map(|(n, h)| {
        let covers = h.pc1 as i64 <= pc as i64 && (pc as i64) < h.pc2 as i64;
        if covers {
            arm(h, e).map(|t| (n, t))
        } else {
            None
        }
    })
}

impl Machine {
    /// Handles exception `e` raised at `p.pc`. On success the prog continues in the
    /// handler and `None` is returned; an exception nothing handles comes back.
    pub fn handle(
        &mut self,
        p: &mut Prog,
        mut e: Box<Exception>,
    ) -> Result<Option<Box<Exception>>, Trap> {
        let Some(raising) = p.current_frame() else {
            return Ok(Some(e));
        };
        let mut frame = raising;
        let mut ml = p.ml;
        let mut code = p.code.clone();
        let mut pc = p.pc;
        let found = loop {
            if let Some(hit) = find(&code, pc, &e) {
                break Some(hit);
            }
            if e.is_object && frame != raising {
                self.demote(&mut e)?;
                if let Some(hit) = find(&code, pc, &e) {
                    break Some(hit);
                }
            }
            let Some(caller) = p.caller_of(frame) else {
                break None;
            };
            let f = p.frames[frame];
            if f.ret_ml != NIL {
                ml = f.ret_ml;
                code = match &self.link(ml)?.code {
                    Some(c) => c.clone(),
                    None => break None,
                };
            }
            pc = f.ret_pc.wrapping_sub(1);
            frame = caller;
        };
        p.exception = Some(Box::new(LastException {
            pc: p.pc,
            module: p.code.name.clone(),
            text: e.text.clone(),
            uncaught: found.is_none(),
            path: p.code.path.clone(),
        }));
        let Some((index, target)) = found else {
            return Ok(Some(e));
        };
        self.unwind(p, frame, ml, code.clone())?;
        let frame = p.fp;
        let h = &code.handlers[index];
        if h.desc >= 0 {
            if let Some(&t) = code.type_ids.get(h.desc as usize) {
                self.clear_ptrs(frame, t)?;
            }
        }
        let value = match e.value.take() {
            Some(v) => v,
            None => self.new_string(&e.text)?,
        };
        let at = frame.wrapping_add(h.eoff as u32);
        self.put_ptr(at, value)?;
        p.pc = target as u32;
        Ok(None)
    }

    /// Turns an exception object into its name string (releasing the object).
    fn demote(&mut self, e: &mut Exception) -> Result<(), Trap> {
        if let Some(v) = e.value.take() {
            self.dec(v)?;
        }
        e.is_object = false;
        Ok(())
    }

    /// Pops every frame above frame `target`, releasing their pointers and the
    /// module links held while they ran, and makes `target` current in module link
    /// `ml`.
    fn unwind(&mut self, p: &mut Prog, target: usize, ml: u32, code: Rc<Code>) -> Result<(), Trap> {
        let mut held = vec![p.ml];
        held.extend(
            p.frames[target + 1..]
                .iter()
                .filter(|f| f.called() && f.ret_ml != NIL)
                .map(|f| f.ret_ml),
        );
        // The link the handler runs in stays held.
        if let Some(pos) = held.iter().rposition(|&l| l == ml) {
            held.swap_remove(pos);
        }
        self.pop_frames(p, target + 1)?;
        p.fp = p.frames[target].addr;
        p.ml = ml;
        p.mp = self.mem.u(ml)?;
        p.code = code;
        for l in held {
            self.dec(l)?;
        }
        Ok(())
    }

    /// Ends a prog: releases every frame's pointers, the module links it holds and its
    /// stack.
    pub fn end_prog(&mut self, p: &mut Prog) -> Result<(), Trap> {
        let mut held = vec![p.ml];
        held.extend(
            p.frames
                .iter()
                .filter(|f| f.called() && f.ret_ml != NIL)
                .map(|f| f.ret_ml),
        );
        if !p.frames.is_empty() {
            self.pop_frames(p, 0)?;
        }
        self.free_stack(p)?;
        let imm = std::mem::replace(&mut p.imm, NIL);
        if imm != NIL {
            self.free_block(imm)?;
        }
        for l in held {
            self.dec(l)?;
        }
        p.ml = NIL;
        Ok(())
    }
}
