//! Which instructions of a module are compiled and how they fall into blocks:
//! the instructions the translator runs, the leaders that start its blocks, and
//! the entries where the interpreter hands over (loop heads).

use dis::isa::Opcode;
use dis::vm::decode::{Inst, Opnd};
use dis::vm::fast::Fast;
use dis::vm::tier::handed_back;

/// A module's code as the translator will lay it out.
pub struct Plan {
    /// Per pc: the instruction is compiled.
    pub compiled: Vec<bool>,
    /// Per pc: a compiled instruction that starts a block.
    pub leader: Vec<bool>,
    /// Where the interpreter enters compiled code, ascending: the leaders of
    /// blocks that lie on a cycle of compiled blocks (a loop or a recursion that
    /// compiled code can run on its own), every block of it, since the
    /// interpreter's rotated `jmp`s skip a loop's head. Code that would stay a
    /// block or two between interpreted instructions is not worth the entry.
    pub entries: Vec<u32>,
    /// The pcs compiled calls return to, ascending.
    pub returns: Vec<u32>,
    /// Per pc: a leader whose block is one conditional branch (a loop's test,
    /// a function's first test): a compiled `jmp` or `call` to it runs a copy
    /// of it in its own block instead of jumping there.
    pub tests: Vec<bool>,
}

/// An operand that is an address in Dis memory.
pub fn is_place(o: Opnd) -> bool {
    matches!(
        o,
        Opnd::Fp(_) | Opnd::Mp(_) | Opnd::IndFp(..) | Opnd::IndMp(..)
    )
}

/// An operand that has a value.
pub fn is_value(o: Opnd) -> bool {
    matches!(o, Opnd::Imm(_)) || is_place(o)
}

/// The target of a compiled jump, conditional branch or call.
pub fn target(i: &Inst) -> Option<u32> {
    match (i.op, i.d) {
        (op, Opnd::Imm(t))
            if is_branch(op) || is_long_branch(op) || op == Opcode::Jmp || op == Opcode::Call =>
        {
            Some(t as u32)
        }
        _ => None,
    }
}

/// The block a compiled `i` that ends a block runs a copy of at its end (see
/// [`Plan::tests`]), if any.
pub fn copied(i: &Inst, plan: &Plan) -> Option<u32> {
    let t = target(i).filter(|_| matches!(i.op, Opcode::Jmp | Opcode::Call))?;
    plan.tests.get(t as usize).copied()?.then_some(t)
}

/// Control does not go on to the next instruction by itself.
fn ends_block(i: &Inst) -> bool {
    target(i).is_some() || i.op == Opcode::Ret
}

/// A conditional branch on words or bytes.
pub fn is_branch(op: Opcode) -> bool {
    use Opcode::*;
    matches!(
        op,
        Beqw | Bnew | Bltw | Blew | Bgtw | Bgew | Beqb | Bneb | Bltb | Bleb | Bgtb | Bgeb
    )
}

/// A conditional branch on bigs.
pub fn is_long_branch(op: Opcode) -> bool {
    use Opcode::*;
    matches!(op, Beql | Bnel | Bltl | Blel | Bgtl | Bgel)
}

/// Whether the translator runs `i`, whose specialised form is `f`: `frame` of a
/// type without pointers, `call` within the module and `ret` by their
/// specialised forms, the instructions it hands back to the machine
/// ([`handed_back`]) whatever their operands, the rest by operand modes.
pub fn supported(i: &Inst, f: Fast) -> bool {
    use Opcode::*;
    let (s, m, d) = (i.s, i.m, i.d);
    match i.op {
        Frame => matches!(f, Fast::Frame(_, _, _, 0)),
        Call => matches!(f, Fast::Call(..)),
        Ret => f == Fast::Ret,
        Jmp => matches!(d, Opnd::Imm(_)),
        op if is_branch(op) || is_long_branch(op) => {
            is_value(s) && is_value(m) && matches!(d, Opnd::Imm(_))
        }
        op if handed_back(op) => true,
        Movw | Movb | Cvtbw | Cvtwb | Movl | Movf => is_value(s) && is_place(d),
        Addw | Subw | Mulw | Divw | Modw | Andw | Orw | Xorw | Shlw | Shrw | Lsrw | Addb | Subb
        | Mulb | Andb | Orb | Xorb | Shlb | Shrb | Addl | Subl | Mull | Andl | Orl | Xorl
        | Shll | Shrl | Lsrl => is_value(s) && is_value(m) && is_place(d),
        Cvtwl | Cvtlw => is_value(s) && is_place(d),
        Lea => is_place(s) && is_place(d),
        Indw | Indb | Indl | Indf => is_value(s) && is_place(m) && is_value(d),
        _ => false,
    }
}

/// Lays out `insts`, whose specialised forms are `fast`.
pub fn plan(insts: &[Inst], fast: &[Fast]) -> Plan {
    let n = insts.len();
    let compiled: Vec<bool> = insts
        .iter()
        .zip(fast)
        .map(|(i, f)| supported(i, *f))
        .collect();
    let mut target_of = vec![false; n];
    let mut returns = Vec::new();
    for (pc, i) in insts.iter().enumerate() {
        if !compiled[pc] {
            continue;
        }
        if i.op == Opcode::Call && compiled.get(pc + 1) == Some(&true) {
            returns.push(pc as u32 + 1);
        }
        if let Some(slot) = target(i).and_then(|t| target_of.get_mut(t as usize)) {
            *slot = true;
        }
    }
    let leader: Vec<bool> = (0..n)
        .map(|pc| {
            compiled[pc]
                && (pc == 0 || !compiled[pc - 1] || ends_block(&insts[pc - 1]) || target_of[pc])
        })
        .collect();
    let tests: Vec<bool> = (0..n)
        .map(|pc| leader[pc] && is_branch(insts[pc].op))
        .collect();
    let succ = successors(insts, &compiled, &leader, &returns);
    let cyclic = on_cycles(&succ);
    let entries: Vec<u32> = (0..n as u32).filter(|&pc| cyclic[pc as usize]).collect();
    let reached = reached(insts, &compiled, &leader, &succ, &entries);
    // Only blocks compiled code can run from an entry are compiled: the rest
    // would cost compile time at load (every `ret` a switch over every return
    // site) and never run.
    let mut live = false;
    let compiled: Vec<bool> = (0..n)
        .map(|pc| {
            if leader[pc] {
                live = reached[pc];
            }
            compiled[pc] && live
        })
        .collect();
    let keep = |pc: usize| compiled[pc];
    let leader = (0..n).map(|pc| leader[pc] && keep(pc)).collect();
    let tests = (0..n).map(|pc| tests[pc] && keep(pc)).collect();
    let returns = returns.into_iter().filter(|&r| keep(r as usize)).collect();
    Plan {
        compiled,
        leader,
        entries,
        returns,
        tests,
    }
}

/// The last pc of the block that starts at leader `start`: one that ends it, or
/// the one before the next leader or an interpreted instruction.
fn block_end(insts: &[Inst], compiled: &[bool], leader: &[bool], start: usize) -> usize {
    let mut pc = start;
    while !ends_block(&insts[pc]) && pc + 1 < insts.len() && compiled[pc + 1] && !leader[pc + 1] {
        pc += 1;
    }
    pc
}

/// Per pc, for a leader, whether compiled code entered at `entries` may run its
/// block: following `succ`, except that a `ret` goes only to the return sites
/// of calls reached (to any other it leaves to the interpreter).
fn reached(
    insts: &[Inst],
    compiled: &[bool],
    leader: &[bool],
    succ: &[Vec<u32>],
    entries: &[u32],
) -> Vec<bool> {
    let mut seen = vec![false; insts.len()];
    for &e in entries {
        seen[e as usize] = true;
    }
    let mut sites = Vec::new();
    let mut ret_seen = false;
    let mut work: Vec<u32> = entries.to_vec();
    let visit = |pc: u32, work: &mut Vec<u32>, seen: &mut Vec<bool>| {
        if leader.get(pc as usize) == Some(&true) && !seen[pc as usize] {
            seen[pc as usize] = true;
            work.push(pc);
        }
    };
    while let Some(start) = work.pop() {
        let last = block_end(insts, compiled, leader, start as usize);
        match insts[last].op {
            Opcode::Ret => {
                if !ret_seen {
                    ret_seen = true;
                    for &r in &sites {
                        visit(r, &mut work, &mut seen);
                    }
                }
            }
            op => {
                if op == Opcode::Call {
                    let r = last as u32 + 1;
                    sites.push(r);
                    if ret_seen {
                        visit(r, &mut work, &mut seen);
                    }
                }
                for &t in &succ[start as usize] {
                    visit(t, &mut work, &mut seen);
                }
            }
        }
    }
    seen
}

/// Per pc, for a leader, the leaders its block may pass control to within
/// compiled code (a `ret` to every return site); empty for the other pcs.
fn successors(
    insts: &[Inst],
    compiled: &[bool],
    leader: &[bool],
    returns: &[u32],
) -> Vec<Vec<u32>> {
    let n = insts.len();
    let is_leader = |pc: u32| leader.get(pc as usize) == Some(&true);
    let mut succ = vec![Vec::new(); n];
    for start in (0..n).filter(|&pc| leader[pc]) {
        let pc = block_end(insts, compiled, leader, start);
        let last = &insts[pc];
        let next = pc as u32 + 1;
        let mut to: Vec<u32> = match last.op {
            Opcode::Ret => returns.to_vec(),
            Opcode::Jmp => target(last).into_iter().collect(),
            Opcode::Call => target(last).into_iter().collect(),
            op if is_branch(op) || is_long_branch(op) => {
                target(last).into_iter().chain([next]).collect()
            }
            _ => vec![next],
        };
        to.retain(|&t| is_leader(t));
        succ[start] = to;
    }
    succ
}

/// Per node, whether it lies on a cycle of `succ` (Kosaraju's strongly
/// connected components, without recursion).
fn on_cycles(succ: &[Vec<u32>]) -> Vec<bool> {
    let n = succ.len();
    let mut pred = vec![Vec::new(); n];
    for (a, to) in succ.iter().enumerate() {
        for &b in to {
            pred[b as usize].push(a as u32);
        }
    }
    // First pass: nodes in order of finishing.
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for root in 0..n {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        let mut stack = vec![(root, 0usize)];
        while let Some((v, i)) = stack.pop() {
            if let Some(&w) = succ[v].get(i) {
                stack.push((v, i + 1));
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    stack.push((w as usize, 0));
                }
            } else {
                order.push(v);
            }
        }
    }
    // Second pass, over the reversed graph: components.
    let mut comp = vec![usize::MAX; n];
    let mut size = Vec::new();
    for &root in order.iter().rev() {
        if comp[root] != usize::MAX {
            continue;
        }
        let c = size.len();
        size.push(0usize);
        comp[root] = c;
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            size[c] += 1;
            for &w in &pred[v] {
                if comp[w as usize] == usize::MAX {
                    comp[w as usize] = c;
                    stack.push(w as usize);
                }
            }
        }
    }
    (0..n)
        .map(|v| size[comp[v]] > 1 || succ[v].contains(&(v as u32)))
        .collect()
}
