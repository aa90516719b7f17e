//! Which direct words a block receives in registers from the blocks before it:
//! those it reads as words before it writes them or runs anything after which
//! the translator knows no word (an instruction handed back, a call, a
//! return), the copy of a loop's test that its `jmp` runs included. Every jump into the block hands it their values (known, or loaded
//! there), so that a loop's words stay in registers from one turn to the next
//! instead of going through memory. Which words are carried is only a matter
//! of speed: the translator loads on the way in whatever the block before did
//! not know.

use crate::known::Space;
use crate::plan::{copied, is_branch, Plan};
use dis::isa::Opcode;
use dis::vm::decode::{Inst, Opnd};
use dis::vm::tier::handed_back;

/// A direct word: its space and offset there.
pub type Word = (Space, u32);

/// The direct word an operand names, or the word an indirect operand reads
/// its pointer from.
fn base_word(o: Opnd) -> Option<Word> {
    match o {
        Opnd::Fp(n) | Opnd::IndFp(n, _) => Some((Space::Frame, n)),
        Opnd::Mp(n) | Opnd::IndMp(n, _) => Some((Space::Data, n)),
        _ => None,
    }
}

/// The words `i` reads (an operand read as a word, and the pointer word of an
/// indirect operand) and the direct word it writes as a word, if any.
fn reads_writes(i: &Inst) -> (Vec<Word>, Option<Word>) {
    use Opcode::*;
    let pointer = |o: Opnd| matches!(o, Opnd::IndFp(..) | Opnd::IndMp(..));
    let direct = |o: Opnd| matches!(o, Opnd::Fp(_) | Opnd::Mp(_));
    let mut reads: Vec<Word> = [i.s, i.m, i.d]
        .into_iter()
        .filter(|&o| pointer(o))
        .filter_map(base_word)
        .collect();
    let (read, written): (&[Opnd], Option<Opnd>) = match i.op {
        op if is_branch(op) && !matches!(op, Beqb | Bneb | Bltb | Bleb | Bgtb | Bgeb) => {
            (&[i.s, i.m], None)
        }
        Movw | Cvtwl | Cvtwb | Movp => (&[i.s], (i.op == Movw).then_some(i.d)),
        Addw | Subw | Mulw | Divw | Modw | Andw | Orw | Xorw | Shlw | Shrw | Lsrw => {
            (&[i.s, i.m], Some(i.d))
        }
        Shlb | Shrb | Shll | Shrl | Lsrl => (&[i.s], None),
        Cvtbw | Cvtlw | Lea => (&[], Some(i.d)),
        Indw | Indb | Indl | Indf => (&[i.s, i.d], Some(i.m)),
        Call => (&[i.s], None),
        _ => (&[], None),
    };
    reads.extend(
        read.iter()
            .filter(|&&o| direct(o))
            .filter_map(|&o| base_word(o)),
    );
    (reads, written.filter(|&o| direct(o)).and_then(base_word))
}

/// Per pc, for a leader of `plan`, the words its block receives (see the
/// module comment); empty for the other pcs.
pub fn carried(insts: &[Inst], plan: &Plan) -> Vec<Vec<Word>> {
    let mut out = vec![Vec::new(); insts.len()];
    for start in (0..insts.len()).filter(|&pc| plan.leader[pc]) {
        let mut written: Vec<Word> = Vec::new();
        let words = &mut out[start];
        let mut pc = start;
        while let Some(i) = insts.get(pc) {
            if pc > start && (plan.leader[pc] || !plan.compiled[pc]) {
                break;
            }
            if handed_back(i.op) || matches!(i.op, Opcode::Ret | Opcode::Frame) {
                break;
            }
            let (reads, write) = reads_writes(i);
            for w in reads {
                if !written.contains(&w) && !words.contains(&w) {
                    words.push(w);
                }
            }
            if i.op == Opcode::Call {
                break;
            }
            written.extend(write);
            pc += 1;
            // The test a `jmp` runs a copy of is read last.
            if let Some(t) = copied(i, plan).filter(|_| i.op == Opcode::Jmp) {
                let (reads, _) = reads_writes(&insts[t as usize]);
                words.extend(reads.into_iter().filter(|w| !written.contains(w)));
                words.sort_unstable();
                words.dedup();
                break;
            }
        }
    }
    out
}
