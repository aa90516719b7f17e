//! The disassembler: a [`Module`] as assembler text.
//!
//! The text follows the order `limbo -S` uses (code, then descriptors, data, module
//! name and links, imports, handlers, source) and holds every value the module keeps,
//! so that assembling it gives the same module back. Directives whose value is the
//! assembler's default are left out.

use std::fmt::Write;

use super::form::{self, Slot};
use super::{default_flags, DEFAULT_STACK_EXTENT, NAN_BITS};
use crate::object::{DataItem, Handler, Import, Instruction, Module, Operand};

/// The assembler text of `module`.
pub fn disassemble(module: &Module) -> String {
    let mut out = Printer::default();
    out.header(module);
    for (pc, inst) in module.code.iter().enumerate() {
        if pc % 10 == 0 {
            out.line(format!("#{pc}"));
        }
        out.instruction(inst);
    }
    if (module.entry_pc, module.entry_type) != (-1, -1) {
        out.directive(
            "entry",
            format!("{}, {}", module.entry_pc, module.entry_type),
        );
    }
    for t in &module.types {
        out.directive(
            "desc",
            format!("${}, {}, \"{}\"", t.id, t.size, hex(&t.map)),
        );
    }
    if module.data_size != 0 {
        out.directive("var", format!("@mp, {}", module.data_size));
    }
    for item in &module.data {
        out.data_item(item);
    }
    out.directive("module", module_name(&module.name));
    for l in &module.links {
        out.directive(
            "link",
            format!(
                "{}, {}, {:#x}, {}",
                l.desc,
                l.pc,
                l.sig,
                quote(l.name.as_bytes())
            ),
        );
    }
    if let Some(tables) = &module.imports {
        out.imports(tables);
    }
    if let Some(handlers) = &module.handlers {
        out.directive("exceptions", handlers.len().to_string());
        for h in handlers {
            out.handler(h);
        }
    }
    if let Some(source) = &module.source {
        out.directive("source", quote(source.as_bytes()));
    }
    out.text
}

#[derive(Default)]
struct Printer {
    text: String,
}

impl Printer {
    fn line(&mut self, line: String) {
        self.text.push_str(&line);
        self.text.push('\n');
    }

    fn directive(&mut self, name: &str, args: String) {
        if args.is_empty() {
            self.line(format!("\t{name}"));
        } else {
            self.line(format!("\t{name}\t{args}"));
        }
    }

    /// The header values the original's syntax has no directive for.
    fn header(&mut self, m: &Module) {
        if let Some(signature) = &m.signature {
            self.directive("signature", format!("\"{}\"", hex(signature)));
        }
        if m.flags != default_flags(m.handlers.is_some()) {
            let flags = if m.flags < 0 {
                m.flags.to_string()
            } else {
                format!("{:#x}", m.flags)
            };
            self.directive("flags", flags);
        }
        if m.stack_extent != DEFAULT_STACK_EXTENT {
            self.directive("stack", m.stack_extent.to_string());
        }
    }

    fn instruction(&mut self, inst: &Instruction) {
        let written = written_slots(inst);
        let operands: Vec<String> = written
            .iter()
            .map(|slot| operand(slot_operand(inst, *slot)))
            .collect();
        self.directive(inst.op.name(), operands.join(", "));
    }

    fn data_item(&mut self, item: &DataItem) {
        let (name, offset, values): (&str, i32, Vec<String>) = match item {
            DataItem::Bytes { offset, bytes } => {
                ("byte", *offset, bytes.iter().map(u8::to_string).collect())
            }
            DataItem::Words { offset, words } => {
                ("word", *offset, words.iter().map(i32::to_string).collect())
            }
            DataItem::Bigs { offset, values } => {
                ("long", *offset, values.iter().map(i64::to_string).collect())
            }
            DataItem::Reals { offset, bits } => {
                ("real", *offset, bits.iter().map(|b| real(*b)).collect())
            }
            DataItem::String { offset, bytes } => ("string", *offset, vec![quote(bytes)]),
            DataItem::Array {
                offset,
                elem_type,
                len,
            } => (
                "array",
                *offset,
                vec![format!("${elem_type}"), len.to_string()],
            ),
            DataItem::Index { offset, index } => ("indir", *offset, vec![index.to_string()]),
            DataItem::Pop { offset: 0 } => {
                self.directive("apop", String::new());
                return;
            }
            DataItem::Pop { offset } => ("apop", *offset, vec![]),
        };
        let mut args = place("@mp", offset);
        for v in values {
            args.push_str(", ");
            args.push_str(&v);
        }
        self.directive(name, args);
    }

    /// Import tables, laid out at the `@ldt` offsets `limbo -S` would print.
    fn imports(&mut self, tables: &[Vec<Import>]) {
        self.directive("ldts", format!("@ldt, {}", tables.len()));
        let mut offset: i64 = 0;
        for table in tables {
            self.directive(
                "word",
                format!("{}, {}", place64("@ldt", offset), table.len()),
            );
            offset += 4;
            for import in table {
                offset = (offset + 3) & !3;
                self.directive(
                    "ext",
                    format!(
                        "{}, {:#x}, {}",
                        place64("@ldt", offset),
                        import.sig,
                        quote(import.name.as_bytes())
                    ),
                );
                offset += 4 + import.name.len() as i64 + 1;
            }
            offset = (offset + 3) & !3;
        }
    }

    fn handler(&mut self, h: &Handler) {
        self.directive(
            "exception",
            format!(
                "{}, {}, {}, {}, {}, {}",
                h.pc1,
                h.pc2,
                h.eoff,
                h.desc,
                h.labels.len(),
                h.ne
            ),
        );
        for label in &h.labels {
            self.directive(
                "exctab",
                format!("{}, {}", quote(label.name.as_bytes()), label.pc),
            );
        }
        self.directive("exctab", format!("*, {}", h.wildcard));
    }
}

/// The slots to write: the shortest form that reads back as the same instruction.
fn written_slots(inst: &Instruction) -> Vec<Slot> {
    let all = [Slot::Src, Slot::Mid, Slot::Dst];
    (0..3)
        .filter_map(|count| form::slots(inst.op, count))
        .find(|slots| {
            all.iter()
                .all(|s| slots.contains(s) || slot_operand(inst, *s) == Operand::None)
        })
        .unwrap_or_else(|| all.to_vec())
}

fn slot_operand(inst: &Instruction, slot: Slot) -> Operand {
    match slot {
        Slot::Src => inst.src,
        Slot::Mid => inst.mid,
        Slot::Dst => inst.dst,
    }
}

fn operand(op: Operand) -> String {
    match op {
        Operand::None => "_".to_string(),
        Operand::Reserved(mode) => format!("_{mode}"),
        Operand::Imm(n) => format!("${n}"),
        Operand::Fp(n) => format!("{n}(fp)"),
        Operand::Mp(n) => format!("{n}(mp)"),
        Operand::IndFp(f, s) => format!("{s}({f}(fp))"),
        Operand::IndMp(f, s) => format!("{s}({f}(mp))"),
    }
}

fn place(base: &str, offset: i32) -> String {
    place64(base, i64::from(offset))
}

fn place64(base: &str, offset: i64) -> String {
    if offset < 0 {
        format!("{base}{offset}")
    } else {
        format!("{base}+{offset}")
    }
}

/// A real as the shortest decimal that reads back to the same bits; the original's
/// names for infinities and its NaN; any other NaN as `bits(0x…)`.
fn real(bits: u64) -> String {
    let value = f64::from_bits(bits);
    if value.is_nan() {
        if bits == NAN_BITS {
            "NaN".to_string()
        } else {
            format!("bits({bits:#018x})")
        }
    } else if value.is_infinite() {
        if value > 0.0 { "Inf" } else { "-Inf" }.to_string()
    } else {
        format!("{value:?}")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A module name: bare when it reads back as a name, quoted otherwise.
fn module_name(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    if plain {
        name.to_string()
    } else {
        quote(name.as_bytes())
    }
}

/// A quoted string: printable text as is, `\n \t \r \\ \" \z` escaped, and every byte
/// that is not part of valid UTF-8 (or is another control character) as `\xHH`.
fn quote(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                '\0' => out.push_str("\\z"),
                '\\' => out.push_str("\\\\"),
                '"' => out.push_str("\\\""),
                c if c.is_control() => {
                    let mut buf = [0; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        let _ = write!(out, "\\x{b:02x}");
                    }
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out.push('"');
    out
}
