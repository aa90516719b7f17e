//! The `alt` statement: an alt table in the frame (send count, receive count,
//! then a channel and a value address per arm, sends first), `alt` or `nbalt`,
//! and a `goto` through a table of arm addresses in module data.

use super::cond::Access;
use super::func::{offset, Breakable, Func};
use super::layout::Class;
use super::{unsupported, Label, Result, TableWord};
use crate::ast::{Arm, Expr, ExprKind, Qual, UnOp};
use crate::types::TypeId;
use dis::isa::Opcode;
use dis::object::Operand;

/// One communication of an alt.
struct Comm<'e> {
    label: Label,
    chan: &'e Expr,
    /// The value sent, for a send.
    sent: Option<&'e Expr>,
    /// Where the received value goes, for a receive with an assignment.
    target: Option<&'e Expr>,
    /// The type of the value communicated (for a receive from an array of
    /// channels, the pair of index and value).
    ty: TypeId,
    /// For a receive inside a larger guard (`*m = *<-c`, `c = int <-k`): the guard,
    /// evaluated once the value has arrived, and the receive within it.
    rest: Option<(&'e Expr, &'e Expr)>,
}

fn comm(e: &Expr, label: Label) -> Option<Comm<'_>> {
    match &e.kind {
        ExprKind::Send(c, v) => Some(Comm {
            label,
            chan: c,
            sent: Some(v),
            target: None,
            ty: v.ty,
            rest: None,
        }),
        ExprKind::Unary(UnOp::Recv, c) => Some(Comm {
            label,
            chan: c,
            sent: None,
            target: None,
            ty: e.ty,
            rest: None,
        }),
        ExprKind::Assign(None, l, r) | ExprKind::Declare(l, r) => match &r.kind {
            ExprKind::Unary(UnOp::Recv, c) => Some(Comm {
                label,
                chan: c,
                sent: None,
                target: Some(l),
                ty: r.ty,
                rest: None,
            }),
            _ => guarded_recv(e, label),
        },
        _ => guarded_recv(e, label),
    }
}

/// A guard with its receive deeper inside: the receive is the communication, the
/// whole guard runs after it.
fn guarded_recv(e: &Expr, label: Label) -> Option<Comm<'_>> {
    let recv = find_recv(e)?;
    let ExprKind::Unary(UnOp::Recv, c) = &recv.kind else {
        return None;
    };
    Some(Comm {
        label,
        chan: c,
        sent: None,
        target: None,
        ty: recv.ty,
        rest: Some((e, recv)),
    })
}

/// The receive in an expression (the checker allows one communication per guard),
/// found left to right through the forms a guard is written with.
fn find_recv(e: &Expr) -> Option<&Expr> {
    match &e.kind {
        ExprKind::Unary(UnOp::Recv, _) => Some(e),
        ExprKind::Unary(_, x) | ExprKind::Cast(_, x) | ExprKind::Dot(x, _) => find_recv(x),
        ExprKind::Binary(_, a, b)
        | ExprKind::Assign(_, a, b)
        | ExprKind::Declare(a, b)
        | ExprKind::Send(a, b) => find_recv(a).or_else(|| find_recv(b)),
        ExprKind::Index(b, xs) => find_recv(b).or_else(|| xs.iter().find_map(find_recv)),
        ExprKind::Call(f, xs) => find_recv(f).or_else(|| xs.iter().find_map(find_recv)),
        ExprKind::Tuple(xs) | ExprKind::ListInit(xs) => xs.iter().find_map(find_recv),
        _ => None,
    }
}

impl Func<'_, '_> {
    /// The variable a receive assigns, when the alt can write the value straight
    /// there: a plain variable of the type received.
    fn direct_target(&mut self, c: &Comm) -> Option<Operand> {
        let target = c.target?;
        let v = target.var?;
        if !matches!(target.kind, ExprKind::Ident(_)) || self.g.var(v).ty != c.ty {
            return None;
        }
        match self.lvalue(target).ok()? {
            place @ (Operand::Fp(_) | Operand::Mp(_)) => Some(place),
            _ => None,
        }
    }

    /// Where the alt sends value `v` of type `t` from: where a value reached
    /// directly is (an int constant from a word of module data: the original takes
    /// an immediate's address, which this VM does not keep), else a temporary.
    fn sent_from(&mut self, v: &Expr, t: TypeId) -> Result<Operand> {
        if self.access(v) != Access::Computed {
            match self.value(v)? {
                place @ (Operand::Fp(_)
                | Operand::Mp(_)
                | Operand::IndFp(..)
                | Operand::IndMp(..)) => return Ok(place),
                Operand::Imm(k) if self.class(t) == Class::Word => {
                    return Ok(self.g.mp.stored_word(k))
                }
                _ => {}
            }
        }
        let place = self.temp(t);
        self.value_to(v, place)?;
        Ok(place)
    }

    pub fn alt(&mut self, label: &Option<crate::ast::Ident>, arms: &[Arm]) -> Result<()> {
        // the communications in source order, each with its entry in the table
        let mut comms = Vec::new();
        let mut default = None;
        let mut arm_labels = Vec::new();
        for arm in arms {
            let l = self.g.new_label();
            arm_labels.push(l);
            for q in &arm.quals {
                match q {
                    Qual::Star(_) => default = Some(l),
                    Qual::Expr(e) => match comm(e, l) {
                        Some(c) => comms.push(c),
                        None => return unsupported(e.span, "this alt guard"),
                    },
                    Qual::Range(a, _) => return unsupported(a.span, "an alt range"),
                }
            }
        }
        let n = comms.len();
        let nsend = comms.iter().filter(|c| c.sent.is_some()).count();
        let (mut sends, mut recvs) = (0, nsend);
        let mut entry = Vec::new();
        for c in &comms {
            let k = if c.sent.is_some() {
                &mut sends
            } else {
                &mut recvs
            };
            entry.push(*k);
            *k += 1;
        }
        // the original's order: the word `alt` answers in, then the table, whose
        // channel words are pointers where a channel is computed into them
        let res = self.temp(TypeId::INT);
        let mut ptrs: Vec<u32> = comms
            .iter()
            .zip(&entry)
            .filter(|(c, _)| self.access(c.chan) == Access::Computed)
            .map(|(_, k)| 8 + 8 * *k as u32)
            .collect();
        ptrs.sort_unstable();
        let table = self.shaped_temp(8 + 8 * n as u32, 4, ptrs, true);
        // where each receive's value lands (None for sends), and whether that is
        // the variable the arm assigns itself
        let mut places: Vec<Option<(Operand, bool)>> = Vec::new();
        // the pointer words of the temporaries receiving values, kept past the alt
        let mut landing_words = Vec::new();
        for (c, k) in comms.iter().zip(&entry) {
            let el = c.ty;
            let slot = offset(table, 8 + 8 * *k as i32);
            if self.access(c.chan) == Access::Computed {
                self.value_to(c.chan, slot)?;
            } else {
                let ch = self.value(c.chan)?;
                self.g.emit(Opcode::Movw, ch, Operand::None, slot);
            }
            let place = match c.sent {
                Some(v) => {
                    places.push(None);
                    self.sent_from(v, el)?
                }
                None => match self.direct_target(c) {
                    Some(var) => {
                        places.push(Some((var, true)));
                        var
                    }
                    None => {
                        let place = self.temp(el);
                        landing_words.extend(self.pointer_words(el, place));
                        places.push(Some((place, false)));
                        place
                    }
                },
            };
            self.g
                .emit(Opcode::Lea, place, Operand::None, offset(slot, 4));
        }
        self.g.emit(
            Opcode::Movw,
            Operand::Imm(nsend as i32),
            Operand::None,
            table,
        );
        self.g.emit(
            Opcode::Movw,
            Operand::Imm((n - nsend) as i32),
            Operand::None,
            offset(table, 4),
        );
        let op = if default.is_some() {
            Opcode::Nbalt
        } else {
            Opcode::Alt
        };
        self.g.emit(op, table, Operand::None, res);
        // the channels and values sent are done with once the alt returns; the
        // values received are released once their arms have them
        let held: Vec<Operand> = self
            .take_dirty()
            .into_iter()
            .filter(|w| !landing_words.contains(w))
            .collect();
        self.nil_words(&held);
        // one label per communication, received values first copied to their targets
        let mut words = vec![TableWord::Word((n + usize::from(default.is_some())) as i32)];
        let mut landings = Vec::new();
        for _ in 0..n {
            let l = self.g.new_label();
            words.push(TableWord::Label(l));
            landings.push(l);
        }
        let default_landing = default.map(|_| self.g.new_label());
        if let Some(d) = default_landing {
            words.push(TableWord::Label(d));
        }
        let off = self.g.mp.table(words);
        // the goto operand is the word after the table's count
        self.g.emit(
            Opcode::Goto,
            res,
            Operand::None,
            Operand::Mp(off as i32 + 4),
        );
        self.free_place(table);
        self.free_place(res);
        // the guards in source order, each at the landing of its table entry
        for ((c, k), place) in comms.iter().zip(&entry).zip(places) {
            self.g.place(landings[*k]);
            let mut used = Vec::new();
            if let Some((place, false)) = place {
                used = self.pointer_words(c.ty, place);
            }
            if let (Some((guard, recv)), Some((place, _))) = (c.rest, place) {
                self.received = Some((recv as *const Expr, place));
                let done = self.effect(guard);
                self.received = None;
                done?;
            } else if let (Some(target), Some((place, false))) = (c.target, place) {
                match &target.kind {
                    ExprKind::Tuple(items) => self.destructure(items, c.ty, place)?,
                    _ => {
                        let loc = self.lvalue(target)?;
                        self.mov(c.ty, place, loc);
                    }
                }
            }
            used.extend(self.take_dirty());
            self.nil_words(&used);
            self.g.jmp(c.label);
        }
        if let (Some(landing), Some(d)) = (default_landing, default) {
            self.g.place(landing);
            self.g.jmp(d);
        }
        let brk = self.g.new_label();
        self.breakables.push(Breakable {
            label: label.as_ref().map(|l| l.name.clone()),
            brk,
            cont: None,
        });
        for (arm, l) in arms.iter().zip(arm_labels) {
            self.g.place(l);
            self.arm(&arm.body, brk)?;
        }
        self.breakables.pop();
        self.g.place(brk);
        Ok(())
    }
}
