//! The reader: bytes of a `.dis` file to a [`Module`].
//!
//! It decodes every section and keeps every value as stored, checking only what it
//! needs to parse (magic, counts, terminators, data item kinds); whether the values
//! make sense together is the verifier's business. No input makes it panic, and no
//! count in the file makes it allocate more than the bytes that remain could fill.

use super::encoding::*;
use super::error::{ErrorKind, ObjectError, Section};
use super::{
    DataItem, Handler, HandlerLabel, Import, Instruction, Link, Module, Operand, TypeDesc,
    HASEXCEPT, HASLDT, HASLDT0, SMAGIC, XMAGIC,
};
use crate::isa::Opcode;

type Result<T> = std::result::Result<T, ObjectError>;

impl Module {
    /// Decodes a whole `.dis` file.
    pub fn read(bytes: &[u8]) -> Result<Module> {
        let mut r = Reader {
            bytes,
            pos: 0,
            section: Section::Header,
        };

        let magic_at = r.pos;
        // An empty file has a bad magic number, as the original reports it.
        if bytes.is_empty() {
            return Err(ObjectError::at_byte(magic_at, ErrorKind::BadMagic));
        }
        let signature = match r.op()? {
            XMAGIC => None,
            SMAGIC => Some(r.signature()?.to_vec()),
            _ => return Err(ObjectError::at_byte(magic_at, ErrorKind::BadMagic)),
        };
        let flags_at = r.pos;
        let flags = r.op()?;
        if flags & HASLDT0 != 0 {
            return Err(ObjectError::at_byte(flags_at, ErrorKind::ObsoleteDis));
        }
        let stack_extent = r.op()?;
        let code_size = r.count()?;
        let data_size_at = r.pos;
        let data_size = r.op()?;
        if data_size < 0 {
            return Err(ObjectError::at_byte(data_size_at, ErrorKind::Implausible));
        }
        let type_size = r.count()?;
        let link_size = r.count()?;
        let entry_pc = r.op()?;
        let entry_type = r.op()?;

        r.section = Section::Code;
        let mut code = r.vec_for(code_size);
        for _ in 0..code_size {
            code.push(r.instruction()?);
        }

        r.section = Section::Types;
        let mut types = r.vec_for(type_size);
        for _ in 0..type_size {
            types.push(r.type_desc()?);
        }

        r.section = Section::Data;
        let mut data = Vec::new();
        while let Some(item) = r.data_item()? {
            data.push(item);
        }

        r.section = Section::Name;
        let name = r.module_name()?;

        r.section = Section::Links;
        let mut links = r.vec_for(link_size);
        for _ in 0..link_size {
            links.push(r.link()?);
        }

        let imports = if flags & HASLDT != 0 {
            r.section = Section::Imports;
            Some(r.imports()?)
        } else {
            None
        };

        let handlers = if flags & HASEXCEPT != 0 {
            r.section = Section::Handlers;
            Some(r.handlers()?)
        } else {
            None
        };

        let source = r.source();

        Ok(Module {
            signature,
            flags,
            stack_extent,
            data_size,
            entry_pc,
            entry_type,
            code,
            types,
            data,
            name,
            links,
            imports,
            handlers,
            source,
        })
    }
}

/// A cursor over the file that knows which section it is in, for truncation errors.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    section: Section,
}

impl<'a> Reader<'a> {
    fn truncated(&self, at: usize) -> ObjectError {
        ObjectError::at_byte(at, ErrorKind::Truncated(self.section))
    }

    fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    /// An empty vector with room for `count` elements, but never more than the bytes
    /// left (every element takes at least one byte), so a huge count in a short file
    /// allocates nothing unreasonable.
    fn vec_for<T>(&self, count: usize) -> Vec<T> {
        Vec::with_capacity(count.min(self.remaining()))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let bytes = self.bytes;
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= bytes.len())
            .ok_or_else(|| self.truncated(self.pos))?;
        let slice = &bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.truncated(self.pos))?;
        self.pos += 1;
        Ok(b)
    }

    /// A `W`: four bytes, big-endian.
    fn word(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// An `OP`: a signed number of 1, 2 or 4 bytes, its length in the top two bits.
    fn op(&mut self) -> Result<i32> {
        let start = self.pos;
        let first = self.byte()?;
        let value = match first >> 6 {
            0 => i32::from(first),
            1 => i32::from(first) - 0x80,
            tag => {
                let extra = if tag == 2 { 1 } else { 3 };
                let rest = self.take(extra).map_err(|_| self.truncated(start))?;
                let mut v = i32::from(first & 0x3f);
                for &b in rest {
                    v = (v << 8) | i32::from(b);
                }
                // Bit 5 of the first byte is the sign of a 14- or 30-bit value.
                let bits = 6 + 8 * extra as u32;
                if first & 0x20 != 0 {
                    v - (1 << bits)
                } else {
                    v
                }
            }
        };
        Ok(value)
    }

    /// An `OP` that counts something: negative counts are implausible.
    fn count(&mut self) -> Result<usize> {
        let at = self.pos;
        let n = self.op()?;
        usize::try_from(n).map_err(|_| ObjectError::at_byte(at, ErrorKind::Implausible))
    }

    /// Bytes up to a zero byte, which is consumed; `None` when no zero byte follows.
    fn terminated(&mut self) -> Option<&'a [u8]> {
        let rest = self.bytes.get(self.pos..)?;
        let len = rest.iter().position(|&b| b == 0)?;
        self.pos += len + 1;
        Some(&rest[..len])
    }

    /// A `STR`; an unterminated one is truncated, one that is not UTF-8 is `bad`.
    fn string(&mut self, bad: ErrorKind) -> Result<String> {
        let at = self.pos;
        let bytes = self.terminated().ok_or_else(|| self.truncated(at))?;
        String::from_utf8(bytes.to_vec()).map_err(|_| ObjectError::at_byte(at, bad))
    }

    /// A signed module's signature: an `OP` length, then that many bytes.
    fn signature(&mut self) -> Result<&'a [u8]> {
        let at = self.pos;
        let corrupt = ObjectError::at_byte(at, ErrorKind::CorruptSignature);
        let len = self.op()?;
        let len = usize::try_from(len).map_err(|_| corrupt)?;
        if len > self.remaining() {
            return Err(corrupt);
        }
        self.take(len)
    }

    fn instruction(&mut self) -> Result<Instruction> {
        let at = self.pos;
        let opcode = self.byte()?;
        let modes = self.byte().map_err(|_| self.truncated(at))?;
        let op = Opcode::from_byte(opcode)
            .ok_or_else(|| ObjectError::at_byte(at, ErrorKind::IllegalInstruction(opcode)))?;
        // The stream holds the middle first, then source, then destination.
        let mid = match modes >> 6 {
            MID_NONE => Operand::None,
            MID_IMM => Operand::Imm(self.op()?),
            MID_FP => Operand::Fp(self.op()?),
            _ => Operand::Mp(self.op()?),
        };
        let src = self.operand((modes >> 3) & 7)?;
        let dst = self.operand(modes & 7)?;
        Ok(Instruction { op, src, mid, dst })
    }

    /// A source or destination operand of the given three-bit mode.
    fn operand(&mut self, mode: u8) -> Result<Operand> {
        Ok(match mode {
            MODE_MP => Operand::Mp(self.op()?),
            MODE_FP => Operand::Fp(self.op()?),
            MODE_IMM => Operand::Imm(self.op()?),
            MODE_NONE => Operand::None,
            MODE_IND_MP => {
                let f = self.op()?;
                Operand::IndMp(f, self.op()?)
            }
            MODE_IND_FP => {
                let f = self.op()?;
                Operand::IndFp(f, self.op()?)
            }
            reserved => Operand::Reserved(reserved),
        })
    }

    fn type_desc(&mut self) -> Result<TypeDesc> {
        let id = self.op()?;
        let size_at = self.pos;
        let size = self.op()?;
        let nmap_at = self.pos;
        let nmap = self.op()?;
        if size < 0 {
            return Err(ObjectError::at_byte(size_at, ErrorKind::Implausible));
        }
        if !(0..=MAX_MAP_BYTES).contains(&nmap) {
            return Err(ObjectError::at_byte(nmap_at, ErrorKind::Implausible));
        }
        let map = self.take(nmap as usize)?.to_vec();
        Ok(TypeDesc { id, size, map })
    }

    /// One data item, or `None` at the section's terminating zero byte.
    fn data_item(&mut self) -> Result<Option<DataItem>> {
        let at = self.pos;
        let code = self.byte()?;
        if code == 0 {
            return Ok(None);
        }
        let bad = ObjectError::at_byte(at, ErrorKind::BadDataItem);
        let kind = code >> 4;
        if !(DEFB..=DEFL).contains(&kind) {
            return Err(bad);
        }
        let count = match code & 0x0f {
            0 => usize::try_from(self.op()?).map_err(|_| bad)?,
            n => usize::from(n),
        };
        let offset = self.op()?;
        let item = match kind {
            DEFB => DataItem::Bytes {
                offset,
                bytes: self.take(count)?.to_vec(),
            },
            DEFW => DataItem::Words {
                offset,
                words: self
                    .take(count.saturating_mul(4))?
                    .chunks_exact(4)
                    .map(|w| i32::from_be_bytes([w[0], w[1], w[2], w[3]]))
                    .collect(),
            },
            DEFS => DataItem::String {
                offset,
                bytes: self.take(count)?.to_vec(),
            },
            DEFF => DataItem::Reals {
                offset,
                bits: self.eight_byte_values(count)?,
            },
            DEFA => {
                let elem_type = self.word()? as i32;
                let len = self.word()? as i32;
                DataItem::Array {
                    offset,
                    elem_type,
                    len,
                }
            }
            DIND => DataItem::Index {
                offset,
                index: self.word()? as i32,
            },
            DAPOP => DataItem::Pop { offset },
            _ => DataItem::Bigs {
                offset,
                values: self
                    .eight_byte_values(count)?
                    .into_iter()
                    .map(|v| v as i64)
                    .collect(),
            },
        };
        Ok(Some(item))
    }

    /// `count` eight-byte big-endian values (`L` and `F` are both high word first).
    fn eight_byte_values(&mut self, count: usize) -> Result<Vec<u64>> {
        Ok(self
            .take(count.saturating_mul(8))?
            .chunks_exact(8)
            .map(|b| u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
            .collect())
    }

    /// The module name: its zero byte must come within the first 128 bytes.
    fn module_name(&mut self) -> Result<String> {
        let at = self.pos;
        let bad = ObjectError::at_byte(at, ErrorKind::BadModuleName);
        let window = &self.bytes[at.min(self.bytes.len())..];
        let window = &window[..window.len().min(MAX_NAME_BYTES)];
        let len = window.iter().position(|&b| b == 0).ok_or(bad)?;
        let name = String::from_utf8(window[..len].to_vec()).map_err(|_| bad)?;
        self.pos = at + len + 1;
        Ok(name)
    }

    fn link(&mut self) -> Result<Link> {
        let pc = self.op()?;
        let desc = self.op()?;
        let sig = self.word()?;
        let name = self.string(ErrorKind::BadLinkName)?;
        Ok(Link {
            pc,
            desc,
            sig,
            name,
        })
    }

    fn imports(&mut self) -> Result<Vec<Vec<Import>>> {
        let ntables = self.count()?;
        let mut tables = self.vec_for(ntables);
        for _ in 0..ntables {
            let nentries = self.count()?;
            let mut table = self.vec_for(nentries);
            for _ in 0..nentries {
                let sig = self.word()?;
                let at = self.pos;
                // The original's message for an unterminated import name is its own.
                let bytes = self
                    .terminated()
                    .ok_or(ObjectError::at_byte(at, ErrorKind::BadImportName))?;
                let name = String::from_utf8(bytes.to_vec())
                    .map_err(|_| ObjectError::at_byte(at, ErrorKind::BadImportName))?;
                table.push(Import { sig, name });
            }
            tables.push(table);
        }
        // One byte ends the section; its value is never looked at.
        self.byte()?;
        Ok(tables)
    }

    fn handlers(&mut self) -> Result<Vec<Handler>> {
        let nhandlers = self.count()?;
        let mut handlers = self.vec_for(nhandlers);
        for _ in 0..nhandlers {
            let eoff = self.op()?;
            let pc1 = self.op()?;
            let pc2 = self.op()?;
            let desc = self.op()?;
            // nlab in the low 16 bits, ne above them.
            let packed = self.op()?;
            let nlab = (packed & 0xffff) as usize;
            let ne = packed >> 16;
            let mut labels = self.vec_for(nlab);
            for _ in 0..nlab {
                let name = self.string(ErrorKind::BadHandlerName)?;
                let pc = self.op()?;
                labels.push(HandlerLabel { name, pc });
            }
            let wildcard = self.op()?;
            handlers.push(Handler {
                eoff,
                pc1,
                pc2,
                desc,
                ne,
                labels,
                wildcard,
            });
        }
        // One byte ends the section; its value is never looked at.
        self.byte()?;
        Ok(handlers)
    }

    /// The source path. The VM never reads it, so this is lenient: a file may end before
    /// it or without its zero byte, bytes that are not UTF-8 are replaced, and anything
    /// after it is ignored.
    fn source(&self) -> Option<String> {
        let rest = self.bytes.get(self.pos..).filter(|rest| !rest.is_empty())?;
        let len = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        Some(String::from_utf8_lossy(&rest[..len]).into_owned())
    }
}
