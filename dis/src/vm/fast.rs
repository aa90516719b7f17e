//! Specialised instruction forms, chosen once at load: the common instructions with
//! their operand modes fixed in the form, so that the dispatch loop runs them with
//! no look at a mode. An instruction with no specialised form runs from its general
//! form ([`super::decode::Inst`]).
//!
//! A `jmp` to a conditional branch takes a copy of that branch (loop rotation): the
//! copy remembers the branch's own pc, where a fault in it is reported and where a
//! turn that ends between the two instructions stops, so that exceptions, `/prog`
//! state and source lines are those of the unrotated code.
//!
//! Running the forms is [`super::step`]'s; the one table of forms below feeds both
//! files through [`with_forms`].

use super::decode::{Inst, Opnd};
use super::types::{frame_bytes, Types};
use crate::isa::Opcode;

/// The mode of a decoded operand as the table below names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum K {
    I,
    F,
    M,
    X,
    N,
    /// A mode no specialised form takes.
    Other,
}

/// An operand's mode and payload.
fn kind(o: Opnd) -> (K, u32) {
    match o {
        Opnd::Imm(v) => (K::I, v as u32),
        Opnd::Fp(n) => (K::F, n),
        Opnd::Mp(n) => (K::M, n),
        Opnd::IndFp(f, s) if f < 0x10000 && s < 0x10000 => (K::X, (f << 16) | s),
        Opnd::None => (K::N, 0),
        _ => (K::Other, 0),
    }
}

/// Opcodes that share another's specialised forms (same effect).
fn alias(op: Opcode) -> Opcode {
    match op {
        Opcode::Movf => Opcode::Movl,
        Opcode::Indf => Opcode::Indl,
        o => o,
    }
}

/// Declares the forms: the enum and how an instruction is matched to a form.
macro_rules! fast_forms {
    (
        straight { $( $sop:ident => $sh:ident $sarg:tt [ $( $sv:ident ( $sk1:ident $sk2:ident $sk3:ident ) )* ] )* }
        branch { $( $bop:ident => $bh:ident ( $barg:expr ) [ $( $bv:ident ( $bk1:ident $bk2:ident ) )* ] )* }
    ) => {
        /// One instruction as the dispatch loop runs it. Straight-line forms hold the
        /// payloads of source, middle and destination; branch forms hold source,
        /// middle, target and the pc of the branch itself.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Fast {
            /// Run from the general form in the dispatch loop.
            Generic,
            /// `jmp $t`.
            Jmp(u32),
            /// `call n(fp), $t`: `n`, `t`.
            Call(u32, u32),
            /// `frame $ty, n(fp)`: the machine type id, `n`, and the frame's layout:
            /// its stack bytes and its number of pointer words.
            Frame(u32, u32, u32, u32),
            /// `ret`.
            Ret,
            /// Enter the module's compiled code here ([`super::tier`]); the
            /// interpreter's own form of the instruction stays in
            /// [`super::module::Code::fast`].
            Enter,
            $( $( $sv(u32, u32, u32), )* )*
            $( $( $bv(u32, u32, u32, u32), )* )*
        }

        fn select_straight(op: Opcode, k: [K; 3], v: [u32; 3]) -> Option<Fast> {
            match (op, k) {
                $( $( (Opcode::$sop, [K::$sk1, K::$sk2, K::$sk3]) => Some(Fast::$sv(v[0], v[1], v[2])), )* )*
                _ => None,
            }
        }

        fn select_branch(op: Opcode, k: [K; 2], v: [u32; 3], at: u32) -> Option<Fast> {
            match (op, k) {
                $( $( (Opcode::$bop, [K::$bk1, K::$bk2]) => Some(Fast::$bv(v[0], v[1], v[2], at)), )* )*
                _ => None,
            }
        }

        impl Fast {
            /// A copy of this conditional branch to be run from a `jmp` to it, with
            /// `at` the branch's own pc; `None` for any other form.
            fn rotated(self, at: u32) -> Option<Fast> {
                match self {
                    $( $( Fast::$bv(s, m, t, _) => Some(Fast::$bv(s, m, t, at)), )* )*
                    _ => None,
                }
            }
        }

    };
}

/// The table of specialised forms: per opcode, the handler that runs it, its
/// argument and its forms with their operand modes. `with_forms!(m)` hands the table
/// to macro `m`; `with_forms!(m, tokens)` puts `tokens` before the table.
macro_rules! with_forms {
    ($then:ident $(, $( $pre:tt )* )?) => {
        $then! {
            $( $( $pre )* )?
            straight {
                Addw => alu_w(i32::wrapping_add) [
                    AddwIFF(I F F) AddwFFF(F F F) AddwIFX(I F X) AddwFFX(F F X)
                    AddwIMM(I M M) AddwFMM(F M M) AddwMFF(M F F) AddwFMF(F M F)
                ]
                Subw => alu_w(i32::wrapping_sub) [
                    SubwIFF(I F F) SubwFFF(F F F) SubwIFX(I F X) SubwFFX(F F X)
                    SubwIMM(I M M) SubwFMM(F M M) SubwMFF(M F F) SubwFMF(F M F)
                ]
                Mulw => alu_w(i32::wrapping_mul) [
                    MulwIFF(I F F) MulwFFF(F F F) MulwIFX(I F X) MulwFFX(F F X)
                    MulwIMM(I M M) MulwFMM(F M M) MulwMFF(M F F) MulwFMF(F M F)
                ]
                Andw => alu_w(|m, s| m & s) [AndwIFF(I F F) AndwFFF(F F F) AndwIFX(I F X) AndwFFX(F F X)]
                Orw => alu_w(|m, s| m | s) [OrwIFF(I F F) OrwFFF(F F F) OrwIFX(I F X) OrwFFX(F F X)]
                Xorw => alu_w(|m, s| m ^ s) [XorwIFF(I F F) XorwFFF(F F F) XorwIFX(I F X) XorwFFX(F F X)]
                Shlw => alu_w(|m: i32, s| m.wrapping_shl(s as u32)) [
                    ShlwIFF(I F F) ShlwFFF(F F F) ShlwIFX(I F X) ShlwFFX(F F X)
                ]
                Shrw => alu_w(|m: i32, s| m.wrapping_shr(s as u32)) [
                    ShrwIFF(I F F) ShrwFFF(F F F) ShrwIFX(I F X) ShrwFFX(F F X)
                ]
                Lsrw => alu_w(|m, s| (m as u32).wrapping_shr(s as u32) as i32) [
                    LsrwIFF(I F F) LsrwFFF(F F F) LsrwIFX(I F X) LsrwFFX(F F X)
                ]
                Movw => mov_w() [
                    MovwIF(I N F) MovwFF(F N F) MovwMF(M N F) MovwXF(X N F)
                    MovwIM(I N M) MovwFM(F N M) MovwMM(M N M) MovwXM(X N M)
                    MovwIX(I N X) MovwFX(F N X) MovwMX(M N X) MovwXX(X N X)
                ]
                Movb => mov_b() [
                    MovbIF(I N F) MovbFF(F N F) MovbMF(M N F) MovbXF(X N F)
                    MovbIM(I N M) MovbFM(F N M) MovbMM(M N M) MovbXM(X N M)
                    MovbIX(I N X) MovbFX(F N X) MovbMX(M N X) MovbXX(X N X)
                ]
                Movl => mov_l() [
                    MovlFF(F N F) MovlMF(M N F) MovlXF(X N F)
                    MovlFM(F N M) MovlMM(M N M) MovlXM(X N M)
                    MovlFX(F N X) MovlMX(M N X) MovlXX(X N X)
                ]
                Movp => mov_p() [
                    MovpFF(F N F) MovpMF(M N F) MovpXF(X N F)
                    MovpFM(F N M) MovpMM(M N M) MovpXM(X N M)
                    MovpFX(F N X) MovpMX(M N X) MovpXX(X N X)
                ]
                Lea => lea() [
                    LeaFF(F N F) LeaMF(M N F) LeaXF(X N F)
                    LeaFM(F N M) LeaMM(M N M) LeaXM(X N M)
                    LeaFX(F N X) LeaMX(M N X) LeaXX(X N X)
                ]
                Cvtbw => cvt_bw() [
                    CvtbwFF(F N F) CvtbwMF(M N F) CvtbwXF(X N F) CvtbwFX(F N X) CvtbwMX(M N X) CvtbwXX(X N X)
                ]
                Cvtwb => cvt_wb() [
                    CvtwbFF(F N F) CvtwbMF(M N F) CvtwbXF(X N F) CvtwbFX(F N X) CvtwbMX(M N X) CvtwbXX(X N X)
                ]
                Indb => ind(1) [IndbFFF(F F F) IndbFFI(F F I) IndbMFF(M F F) IndbMFI(M F I)]
                Indw => ind(4) [IndwFFF(F F F) IndwFFI(F F I) IndwMFF(M F F) IndwMFI(M F I)]
                Indl => ind(8) [IndlFFF(F F F) IndlFFI(F F I) IndlMFF(M F F) IndlMFI(M F I)]
                Indx => ind(0) [IndxFFF(F F F) IndxFFI(F F I) IndxMFF(M F F) IndxMFI(M F I)]
            }
            branch {
                Beqw => br_w(|s, m| s == m) [BeqwIF(I F) BeqwFI(F I) BeqwFF(F F) BeqwFM(F M) BeqwMF(M F)]
                Bnew => br_w(|s, m| s != m) [BnewIF(I F) BnewFI(F I) BnewFF(F F) BnewFM(F M) BnewMF(M F)]
                Bltw => br_w(|s, m| s < m) [BltwIF(I F) BltwFI(F I) BltwFF(F F) BltwFM(F M) BltwMF(M F)]
                Blew => br_w(|s, m| s <= m) [BlewIF(I F) BlewFI(F I) BlewFF(F F) BlewFM(F M) BlewMF(M F)]
                Bgtw => br_w(|s, m| s > m) [BgtwIF(I F) BgtwFI(F I) BgtwFF(F F) BgtwFM(F M) BgtwMF(M F)]
                Bgew => br_w(|s, m| s >= m) [BgewIF(I F) BgewFI(F I) BgewFF(F F) BgewFM(F M) BgewMF(M F)]
                Beqb => br_b(|s, m| s == m) [
                    BeqbXM(X M) BeqbXI(X I) BeqbFI(F I) BeqbFF(F F) BeqbFM(F M) BeqbXF(X F)
                ]
                Bneb => br_b(|s, m| s != m) [
                    BnebXM(X M) BnebXI(X I) BnebFI(F I) BnebFF(F F) BnebFM(F M) BnebXF(X F)
                ]
                Bltb => br_b(|s, m| s < m) [
                    BltbXM(X M) BltbXI(X I) BltbFI(F I) BltbFF(F F) BltbFM(F M) BltbXF(X F)
                ]
                Bleb => br_b(|s, m| s <= m) [
                    BlebXM(X M) BlebXI(X I) BlebFI(F I) BlebFF(F F) BlebFM(F M) BlebXF(X F)
                ]
                Bgtb => br_b(|s, m| s > m) [
                    BgtbXM(X M) BgtbXI(X I) BgtbFI(F I) BgtbFF(F F) BgtbFM(F M) BgtbXF(X F)
                ]
                Bgeb => br_b(|s, m| s >= m) [
                    BgebXM(X M) BgebXI(X I) BgebFI(F I) BgebFF(F F) BgebFM(F M) BgebXF(X F)
                ]
            }
        }
    };
}
pub(super) use with_forms;

with_forms!(fast_forms);

/// The specialised form of `inst` at `pc`, or [`Fast::Generic`].
fn select(inst: &Inst, pc: u32, types: &Types) -> Fast {
    let (ks, s) = kind(inst.s);
    let (km, m) = kind(inst.m);
    let (kd, d) = kind(inst.d);
    match (inst.op, ks, kd) {
        (Opcode::Jmp, _, K::I) => return Fast::Jmp(d),
        (Opcode::Call, K::F, K::I) => return Fast::Call(s, d),
        (Opcode::Frame, K::I, K::F) if s < types.count() => {
            let t = types.get(s);
            return Fast::Frame(s, d, frame_bytes(t.size), t.ptr_len);
        }
        (Opcode::Ret, _, _) => return Fast::Ret,
        _ => {}
    }
    let op = alias(inst.op);
    if kd == K::I {
        if let Some(f) = select_branch(op, [ks, km], [s, m, d], pc) {
            return f;
        }
    }
    select_straight(op, [ks, km, kd], [s, m, d]).unwrap_or(Fast::Generic)
}

/// The forms of a module's code, loops rotated.
pub fn specialise(insts: &[Inst], types: &Types) -> Vec<Fast> {
    let mut out: Vec<Fast> = insts
        .iter()
        .enumerate()
        .map(|(pc, i)| select(i, pc as u32, types))
        .collect();
    let plain = out.clone();
    for f in out.iter_mut() {
        if let Fast::Jmp(l) = *f {
            if let Some(r) = plain.get(l as usize).and_then(|b| b.rotated(l)) {
                *f = r;
            }
        }
    }
    out
}

/// Makes the forms at `entries` enter compiled code (an entry outside the code
/// is ignored).
pub fn enter_at(fast: &mut [Fast], entries: &[u32]) {
    for &pc in entries {
        if let Some(f) = fast.get_mut(pc as usize) {
            *f = Fast::Enter;
        }
    }
}
