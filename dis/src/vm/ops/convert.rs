//! Conversions between strings and other values (`cvtwc`, `cvtcw`, `cvtlc`,
//! `cvtcl`, `cvtfc`, `cvtcf`, `cvtca`, `cvtac`), with the number formats of
//! [`crate::convert`].

use crate::convert::number::{string_to_big, string_to_int, string_to_real};
use crate::convert::real::real_to_string;
use crate::isa::Opcode;
use crate::vm::arena::NIL;
use crate::vm::decode::Inst;
use crate::vm::prog::Prog;
use crate::vm::trap::Trap;
use crate::vm::Machine;

pub use crate::convert::number::{real_to_big, real_to_int as real_to_word};

impl Machine {
    /// `cvtwc`, `cvtlc`, `cvtfc`, `cvtca`: a value to a new string (or byte array).
    pub fn to_string_op(&mut self, i: &Inst, p: &Prog) -> Result<(), Trap> {
        let r = match i.op {
            Opcode::Cvtwc => {
                let v = self.rw(i.s, p)?;
                self.new_string(&v.to_string())?
            }
            Opcode::Cvtlc => {
                let a = self.ea(i.s, p, 0)?;
                let v = self.mem.l(a)?;
                self.new_string(&v.to_string())?
            }
            Opcode::Cvtfc => {
                let a = self.ea(i.s, p, 0)?;
                let v = self.mem.f(a)?;
                self.new_string(&real_to_string(v))?
            }
            _ => {
                let s = self.rw(i.s, p)? as u32;
                let bytes = self.str_utf8(s)?;
                self.new_byte_array(&bytes)?
            }
        };
        let d = self.ea(i.d, p, 2)?;
        self.put_ptr(d, r)
    }

    /// `cvtcw`, `cvtcl`, `cvtcf`, `cvtac`: a string (or byte array) to a value.
    pub fn from_string_op(&mut self, i: &Inst, p: &Prog) -> Result<(), Trap> {
        let s = self.rw(i.s, p)? as u32;
        if i.op == Opcode::Cvtac {
            let bytes = self.array_bytes(s)?.to_vec();
            let r = if s == NIL {
                NIL
            } else {
                self.new_string_utf8(&bytes)?
            };
            let d = self.ea(i.d, p, 2)?;
            return self.put_ptr(d, r);
        }
        let chars = self.str_runes(s)?;
        let d = self.ea(i.d, p, 2)?;
        match i.op {
            Opcode::Cvtcw => self.mem.set_w(d, string_to_int(&chars)),
            Opcode::Cvtcl => self.mem.set_l(d, string_to_big(&chars)),
            _ => self.mem.set_f(d, string_to_real(&chars)),
        }
    }
}
