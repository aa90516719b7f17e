//! String objects in the original's two forms: one byte per character when every
//! character is below 0x80, one 32-bit rune per character otherwise.
//!
//! Layout: `+0` signed length (negative: rune form), `+4` capacity in characters,
//! `+8` the characters. nil is a valid string everywhere (length 0, equal to "").

use super::arena::NIL;
use super::trap::Trap;
use super::types::T_STRING;
use super::Machine;
use crate::convert::utf8::{self, Text};
use std::cmp::Ordering;

/// Where a string's characters are and how they are stored.
#[derive(Clone, Copy, Debug)]
pub struct StrView {
    /// Number of characters.
    pub len: u32,
    /// Rune form (4 bytes per character) rather than byte form.
    pub runes: bool,
    /// Address of the first character.
    pub data: u32,
}

impl Machine {
    /// A new string with room for `cap` characters, `len` of them in use.
    pub fn str_alloc(&mut self, len: u32, cap: u32, runes: bool) -> Result<u32, Trap> {
        let width = if runes { 4 } else { 1 };
        let bytes = match cap.checked_mul(width).and_then(|n| n.checked_add(8)) {
            Some(n) => n,
            None => return super::trap::raise(super::trap::EXC_HEAP),
        };
        let a = self.alloc(bytes, T_STRING)?;
        let l = if runes { -(len as i32) } else { len as i32 };
        self.mem.set_w(a, l)?;
        self.mem.set_u(a + 4, cap)?;
        Ok(a)
    }

    /// The characters of string `s` (nil reads as empty).
    #[inline]
    pub fn str_view(&self, s: u32) -> Result<StrView, Trap> {
        if s == NIL {
            return Ok(StrView {
                len: 0,
                runes: false,
                data: 0,
            });
        }
        let l = self.mem.w(s)?;
        Ok(StrView {
            len: l.unsigned_abs(),
            runes: l < 0,
            data: s + 8,
        })
    }

    /// Character `i` of a string view (the caller checks the index).
    #[inline]
    pub fn str_char(&self, v: &StrView, i: u32) -> Result<u32, Trap> {
        if v.runes {
            self.mem.u(v.data + 4 * i)
        } else {
            self.mem.b(v.data + i).map(u32::from)
        }
    }

    /// A new string holding these characters (nil when empty).
    pub fn new_string_runes(&mut self, chars: &[u32]) -> Result<u32, Trap> {
        if chars.is_empty() {
            return Ok(NIL);
        }
        let runes = chars.iter().any(|&c| c >= 0x80);
        let n = chars.len() as u32;
        let s = self.str_alloc(n, n, runes)?;
        if runes {
            let out = self.mem.slice_mut(s + 8, 4 * n)?;
            for (d, c) in out.chunks_exact_mut(4).zip(chars) {
                d.copy_from_slice(&c.to_le_bytes());
            }
        } else {
            let out = self.mem.slice_mut(s + 8, n)?;
            for (d, c) in out.iter_mut().zip(chars) {
                *d = *c as u8;
            }
        }
        Ok(s)
    }

    /// A new string from UTF-8 bytes, decoded by the runtime's rules.
    pub fn new_string_utf8(&mut self, bytes: &[u8]) -> Result<u32, Trap> {
        if bytes.is_ascii() {
            if bytes.is_empty() {
                return Ok(NIL);
            }
            let n = bytes.len() as u32;
            let s = self.str_alloc(n, n, false)?;
            self.mem.slice_mut(s + 8, n)?.copy_from_slice(bytes);
            return Ok(s);
        }
        match utf8::decode(bytes) {
            Text::Ascii(b) => self.new_string_utf8(b),
            Text::Runes(r) => self.new_string_runes(&r),
        }
    }

    /// A new string from Rust text.
    pub fn new_string(&mut self, text: &str) -> Result<u32, Trap> {
        self.new_string_utf8(text.as_bytes())
    }

    /// The characters of a string.
    pub fn str_runes(&self, s: u32) -> Result<Vec<u32>, Trap> {
        let v = self.str_view(s)?;
        if v.runes {
            let b = self.mem.slice(v.data, 4 * v.len)?;
            Ok(b.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect())
        } else {
            Ok(self
                .mem
                .slice(v.data, v.len)?
                .iter()
                .map(|&b| u32::from(b))
                .collect())
        }
    }

    /// The UTF-8 encoding of a string.
    pub fn str_utf8(&self, s: u32) -> Result<Vec<u8>, Trap> {
        let v = self.str_view(s)?;
        if !v.runes {
            return Ok(self.mem.slice(v.data, v.len)?.to_vec());
        }
        let mut out = Vec::with_capacity(v.len as usize);
        for r in self.str_runes(s)? {
            utf8::push_rune(&mut out, r);
        }
        Ok(out)
    }

    /// A string as Rust text (runes Rust cannot hold become U+FFFD).
    pub fn str_text(&self, s: u32) -> Result<String, Trap> {
        Ok(String::from_utf8_lossy(&self.str_utf8(s)?).into_owned())
    }

    /// Code-point order of two strings, nil being "".
    pub fn str_cmp(&self, a: u32, b: u32) -> Result<Ordering, Trap> {
        if a == b {
            return Ok(Ordering::Equal);
        }
        let va = self.str_view(a)?;
        let vb = self.str_view(b)?;
        if !va.runes && !vb.runes {
            let x = self.mem.slice(va.data, va.len)?;
            let y = self.mem.slice(vb.data, vb.len)?;
            return Ok(x.cmp(y));
        }
        let n = va.len.min(vb.len);
        for i in 0..n {
            let (x, y) = (self.str_char(&va, i)?, self.str_char(&vb, i)?);
            if x != y {
                return Ok(x.cmp(&y));
            }
        }
        Ok(va.len.cmp(&vb.len))
    }

    /// Copies characters `from..to` of view `v` into position `at` of the string `dst`.
    fn str_copy(
        &mut self,
        dst: u32,
        at: u32,
        dst_runes: bool,
        v: &StrView,
        from: u32,
        to: u32,
    ) -> Result<(), Trap> {
        let n = to - from;
        match (v.runes, dst_runes) {
            (false, false) => self.mem.copy(dst + 8 + at, v.data + from, n),
            (true, true) => self.mem.copy(dst + 8 + 4 * at, v.data + 4 * from, 4 * n),
            (false, true) => {
                for i in 0..n {
                    let c = self.mem.b(v.data + from + i)?;
                    self.mem.set_u(dst + 8 + 4 * (at + i), u32::from(c))?;
                }
                Ok(())
            }
            (true, false) => {
                for i in 0..n {
                    let c = self.mem.u(v.data + 4 * (from + i))?;
                    self.mem.set_b(dst + 8 + at + i, c as u8)?;
                }
                Ok(())
            }
        }
    }

    /// A new string holding characters `from..to` of `s` (nil when empty).
    pub fn str_slice(&mut self, s: u32, from: u32, to: u32) -> Result<u32, Trap> {
        if from >= to {
            return Ok(NIL);
        }
        let v = self.str_view(s)?;
        let runes = v.runes && {
            let mut any = false;
            for i in from..to {
                if self.str_char(&v, i)? >= 0x80 {
                    any = true;
                    break;
                }
            }
            any
        };
        let r = self.str_alloc(to - from, to - from, runes)?;
        self.str_copy(r, 0, runes, &v, from, to)?;
        Ok(r)
    }

    /// `a + b` as a new string; when `spare` is set the result gets room to grow.
    pub fn str_concat(&mut self, a: u32, b: u32, spare: bool) -> Result<u32, Trap> {
        let va = self.str_view(a)?;
        let vb = self.str_view(b)?;
        let len = va.len + vb.len;
        if len == 0 {
            return Ok(NIL);
        }
        let runes = va.runes || vb.runes;
        let cap = if spare { len + len / 2 + 8 } else { len };
        let r = self.str_alloc(len, cap, runes)?;
        self.str_copy(r, 0, runes, &va, 0, va.len)?;
        self.str_copy(r, va.len, runes, &vb, 0, vb.len)?;
        Ok(r)
    }

    /// Appends `b` to `a` in place when `a` is unshared, in a compatible form and has
    /// room; returns whether it did.
    pub fn str_append_in_place(&mut self, a: u32, b: u32) -> Result<bool, Trap> {
        if a == NIL || a == b || self.refs(a)? != 1 {
            return Ok(false);
        }
        let va = self.str_view(a)?;
        let vb = self.str_view(b)?;
        let cap = self.mem.u(a + 4)?;
        if (vb.runes && !va.runes) || va.len + vb.len > cap {
            return Ok(false);
        }
        self.str_copy(a, va.len, va.runes, &vb, 0, vb.len)?;
        let len = va.len + vb.len;
        self.mem
            .set_w(a, if va.runes { -(len as i32) } else { len as i32 })?;
        Ok(true)
    }

    /// Sets character `i` of the string in slot `at` to `c` (`i` = length appends),
    /// copying first when the string is shared or too narrow, as `insc` does.
    pub fn str_insert(&mut self, at: u32, i: u32, c: u32) -> Result<(), Trap> {
        let s = self.mem.u(at)?;
        let v = self.str_view(s)?;
        if i > v.len {
            return super::trap::raise(super::trap::EXC_BOUNDS);
        }
        let need_runes = v.runes || c >= 0x80;
        let len = if i == v.len { v.len + 1 } else { v.len };
        let cap = if s == NIL { 0 } else { self.mem.u(s + 4)? };
        let reuse = s != NIL && self.refs(s)? == 1 && need_runes == v.runes && len <= cap;
        let target = if reuse {
            s
        } else {
            let newcap = if i == v.len { len + len / 2 + 8 } else { len };
            let r = self.str_alloc(len, newcap, need_runes)?;
            self.str_copy(r, 0, need_runes, &v, 0, v.len)?;
            r
        };
        if need_runes {
            self.mem.set_u(target + 8 + 4 * i, c)?;
            self.mem.set_w(target, -(len as i32))?;
        } else {
            self.mem.set_b(target + 8 + i, c as u8)?;
            self.mem.set_w(target, len as i32)?;
        }
        if target != s {
            self.put_ptr(at, target)?;
        }
        Ok(())
    }
}
