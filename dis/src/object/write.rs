//! The writer: a [`Module`] to the bytes of a `.dis` file, encoded the way the Limbo
//! compiler encodes them (shortest `OP` forms, the data count in the code byte's low
//! nibble when it is 1 to 15), so that a module the original compiler wrote is written
//! back byte for byte.

use super::encoding::*;
use super::error::WriteError;
use super::{DataItem, Handler, Instruction, Module, Operand, HASEXCEPT, HASLDT, SMAGIC, XMAGIC};

type Result<T> = std::result::Result<T, WriteError>;

impl Module {
    /// Encodes the whole module as a `.dis` file.
    pub fn write(&self) -> Result<Vec<u8>> {
        let mut w = Writer { out: Vec::new() };

        match &self.signature {
            None => w.op(XMAGIC, "magic")?,
            Some(signature) => {
                w.op(SMAGIC, "magic")?;
                w.count(signature.len(), "signature length")?;
                w.out.extend_from_slice(signature);
            }
        }
        w.op(self.flags, "runtime flags")?;
        w.op(self.stack_extent, "stack extent")?;
        w.count(self.code.len(), "code size")?;
        w.op(self.data_size, "data size")?;
        w.count(self.types.len(), "type count")?;
        w.count(self.links.len(), "link count")?;
        w.op(self.entry_pc, "entry pc")?;
        w.op(self.entry_type, "entry type")?;

        for (pc, inst) in self.code.iter().enumerate() {
            w.instruction(pc, inst)?;
        }

        for t in &self.types {
            w.op(t.id, "type id")?;
            w.op(t.size, "type size")?;
            w.count(t.map.len(), "pointer map length")?;
            w.out.extend_from_slice(&t.map);
        }

        for item in &self.data {
            w.data_item(item)?;
        }
        w.out.push(0);

        w.string(&self.name, "module name")?;

        for link in &self.links {
            w.op(link.pc, "link pc")?;
            w.op(link.desc, "link type")?;
            w.out.extend_from_slice(&link.sig.to_be_bytes());
            w.string(&link.name, "link name")?;
        }

        match (&self.imports, self.flags & HASLDT != 0) {
            (Some(tables), true) => {
                w.count(tables.len(), "import table count")?;
                for table in tables {
                    w.count(table.len(), "import count")?;
                    for import in table {
                        w.out.extend_from_slice(&import.sig.to_be_bytes());
                        w.string(&import.name, "import name")?;
                    }
                }
                w.out.push(0);
            }
            (None, false) => {}
            _ => return Err(WriteError::FlagMismatch { flag: "HASLDT" }),
        }

        match (&self.handlers, self.flags & HASEXCEPT != 0) {
            (Some(handlers), true) => {
                w.count(handlers.len(), "handler count")?;
                for handler in handlers {
                    w.handler(handler)?;
                }
                w.out.push(0);
            }
            (None, false) => {}
            _ => return Err(WriteError::FlagMismatch { flag: "HASEXCEPT" }),
        }

        if let Some(source) = &self.source {
            w.string(source, "source path")?;
        }
        Ok(w.out)
    }
}

struct Writer {
    out: Vec<u8>,
}

impl Writer {
    /// An `OP` in its shortest form.
    fn op(&mut self, v: i32, what: &'static str) -> Result<()> {
        if (-64..=63).contains(&v) {
            self.out.push((v & 0x7f) as u8);
        } else if (-8192..=8191).contains(&v) {
            self.out
                .extend_from_slice(&[0x80 | ((v >> 8) & 0x3f) as u8, v as u8]);
        } else if (OP_MIN..=OP_MAX).contains(&v) {
            self.out.extend_from_slice(&[
                0xc0 | ((v >> 24) & 0x3f) as u8,
                (v >> 16) as u8,
                (v >> 8) as u8,
                v as u8,
            ]);
        } else {
            return Err(WriteError::OperandRange {
                what,
                value: i64::from(v),
            });
        }
        Ok(())
    }

    /// An `OP` holding a length.
    fn count(&mut self, n: usize, what: &'static str) -> Result<()> {
        let v = i32::try_from(n).map_err(|_| WriteError::OperandRange {
            what,
            value: i64::try_from(n).unwrap_or(i64::MAX),
        })?;
        self.op(v, what)
    }

    /// A `STR`: the bytes and a zero byte.
    fn string(&mut self, s: &str, what: &'static str) -> Result<()> {
        if s.as_bytes().contains(&0) {
            return Err(WriteError::NulInString { what });
        }
        self.out.extend_from_slice(s.as_bytes());
        self.out.push(0);
        Ok(())
    }

    fn instruction(&mut self, pc: usize, inst: &Instruction) -> Result<()> {
        let bad_mode = WriteError::BadOperandMode { pc };
        let mid_mode = match inst.mid {
            Operand::None => MID_NONE,
            Operand::Imm(_) => MID_IMM,
            Operand::Fp(_) => MID_FP,
            Operand::Mp(_) => MID_MP,
            _ => return Err(bad_mode),
        };
        let src_mode = operand_mode(inst.src).ok_or(bad_mode.clone())?;
        let dst_mode = operand_mode(inst.dst).ok_or(bad_mode)?;
        self.out.push(inst.op as u8);
        self.out.push(mid_mode << 6 | src_mode << 3 | dst_mode);
        // Middle first, then source, then destination.
        for operand in [inst.mid, inst.src, inst.dst] {
            match operand {
                Operand::Imm(n) | Operand::Fp(n) | Operand::Mp(n) => self.op(n, "operand")?,
                Operand::IndFp(f, s) | Operand::IndMp(f, s) => {
                    self.op(f, "operand")?;
                    self.op(s, "operand")?;
                }
                Operand::None | Operand::Reserved(_) => {}
            }
        }
        Ok(())
    }

    fn data_item(&mut self, item: &DataItem) -> Result<()> {
        match item {
            DataItem::Bytes { offset, bytes } => {
                self.data_head(DEFB, bytes.len(), *offset)?;
                self.out.extend_from_slice(bytes);
            }
            DataItem::Words { offset, words } => {
                self.data_head(DEFW, words.len(), *offset)?;
                for w in words {
                    self.out.extend_from_slice(&w.to_be_bytes());
                }
            }
            DataItem::String { offset, bytes } => {
                self.data_head(DEFS, bytes.len(), *offset)?;
                self.out.extend_from_slice(bytes);
            }
            DataItem::Reals { offset, bits } => {
                self.data_head(DEFF, bits.len(), *offset)?;
                for b in bits {
                    self.out.extend_from_slice(&b.to_be_bytes());
                }
            }
            DataItem::Array {
                offset,
                elem_type,
                len,
            } => {
                self.data_head(DEFA, 1, *offset)?;
                self.out.extend_from_slice(&elem_type.to_be_bytes());
                self.out.extend_from_slice(&len.to_be_bytes());
            }
            DataItem::Index { offset, index } => {
                self.data_head(DIND, 1, *offset)?;
                self.out.extend_from_slice(&index.to_be_bytes());
            }
            DataItem::Pop { offset } => self.data_head(DAPOP, 1, *offset)?,
            DataItem::Bigs { offset, values } => {
                self.data_head(DEFL, values.len(), *offset)?;
                for v in values {
                    self.out.extend_from_slice(&v.to_be_bytes());
                }
            }
        }
        Ok(())
    }

    /// A data item's code byte, count and offset: a count of 1 to 15 goes in the code
    /// byte's low nibble, any other follows it as an `OP`.
    fn data_head(&mut self, kind: u8, count: usize, offset: i32) -> Result<()> {
        match u8::try_from(count) {
            Ok(n @ 1..=15) => self.out.push(kind << 4 | n),
            _ => {
                self.out.push(kind << 4);
                self.count(count, "data item count")?;
            }
        }
        self.op(offset, "data item offset")
    }

    fn handler(&mut self, h: &Handler) -> Result<()> {
        self.op(h.eoff, "handler frame offset")?;
        self.op(h.pc1, "handler pc")?;
        self.op(h.pc2, "handler pc")?;
        self.op(h.desc, "handler type")?;
        let nlab = match u16::try_from(h.labels.len()) {
            Ok(n) => i32::from(n),
            Err(_) => {
                return Err(WriteError::OperandRange {
                    what: "handler label count",
                    value: h.labels.len() as i64,
                })
            }
        };
        let packed =
            h.ne.checked_mul(1 << 16)
                .map(|ne| ne | nlab)
                .ok_or(WriteError::OperandRange {
                    what: "handler exception label count",
                    value: i64::from(h.ne),
                })?;
        self.op(packed, "handler labels")?;
        for label in &h.labels {
            self.string(&label.name, "handler label")?;
            self.op(label.pc, "handler label pc")?;
        }
        self.op(h.wildcard, "handler wildcard pc")
    }
}

/// The three-bit mode of a source or destination operand; `None` for a reserved mode
/// outside 6 and 7.
fn operand_mode(operand: Operand) -> Option<u8> {
    Some(match operand {
        Operand::Mp(_) => MODE_MP,
        Operand::Fp(_) => MODE_FP,
        Operand::Imm(_) => MODE_IMM,
        Operand::None => MODE_NONE,
        Operand::IndMp(..) => MODE_IND_MP,
        Operand::IndFp(..) => MODE_IND_FP,
        Operand::Reserved(m @ 6..=7) => m,
        Operand::Reserved(_) => return None,
    })
}
