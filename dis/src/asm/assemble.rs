//! The assembler: text to a [`Module`].
//!
//! A first pass finds the labels (and so every instruction's index); a second reads
//! each line into the section it belongs to; a last step checks the counts the text
//! declared and fills in the defaults of the header.

use std::collections::HashMap;

use super::error::AsmError;
use super::form::{self, Slot};
use super::lex::{tokenize, Token};
use super::parse::{describe, in_range, narrow, Base, Cursor, OP_MAX, OP_MIN};
use super::{default_flags, DEFAULT_STACK_EXTENT};
use crate::isa::Opcode;
use crate::object::{
    DataItem, Handler, HandlerLabel, Import, Instruction, Link, Module, Operand, TypeDesc,
    HASEXCEPT, HASLDT,
};

/// Assembles `text` into a module. The first fault found is returned with its line.
pub fn assemble(text: &str) -> Result<Module, AsmError> {
    let lines = text
        .split('\n')
        .enumerate()
        .map(|(i, line)| tokenize(line, i + 1))
        .collect::<Result<Vec<_>, _>>()?;
    let labels = find_labels(&lines)?;
    let mut asm = Assembly::default();
    for (i, tokens) in lines.iter().enumerate() {
        let mut cursor = Cursor::new(tokens, i + 1, &labels);
        asm.line(&mut cursor)?;
    }
    asm.finish(text.lines().count().max(1))
}

/// First pass: every label with the index of the instruction it names.
fn find_labels(lines: &[Vec<Token>]) -> Result<HashMap<String, i32>, AsmError> {
    let mut labels: HashMap<String, (i32, usize)> = HashMap::new();
    let no_labels = HashMap::new();
    let mut pc: i32 = 0;
    for (i, tokens) in lines.iter().enumerate() {
        let line = i + 1;
        let mut c = Cursor::new(tokens, line, &no_labels);
        while let Some(name) = c.label() {
            if matches!(name, "fp" | "mp" | "_" | "_6" | "_7") || name.starts_with('@') {
                return Err(AsmError::new(line, format!("'{name}' cannot be a label")));
            }
            if let Some((_, first)) = labels.insert(name.to_string(), (pc, line)) {
                return Err(AsmError::new(
                    line,
                    format!("label '{name}' already defined on line {first}"),
                ));
            }
        }
        if let Some(Token::Name(word)) = c.peek() {
            if Opcode::from_name(word).is_some() {
                pc = pc
                    .checked_add(1)
                    .filter(|&n| i128::from(n) <= OP_MAX)
                    .ok_or_else(|| AsmError::new(line, "too many instructions"))?;
            }
        }
    }
    Ok(labels
        .into_iter()
        .map(|(name, (pc, _))| (name, pc))
        .collect())
}

/// A value given once, with the line that gave it.
type Once<T> = Option<(usize, T)>;

/// An item the text announces with a count (`ldts`, `word @ldt`, `exceptions`,
/// `exception`), and how many followed.
struct Counted {
    line: usize,
    declared: i32,
}

#[derive(Default)]
struct Assembly {
    signature: Once<Vec<u8>>,
    flags: Once<i32>,
    stack: Once<i32>,
    entry: Once<(i32, i32)>,
    data_size: Once<i32>,
    name: Once<String>,
    source: Once<String>,
    code: Vec<Instruction>,
    types: Vec<TypeDesc>,
    data: Vec<DataItem>,
    links: Vec<Link>,
    /// `ldts`: the number of tables declared.
    ldts: Option<Counted>,
    /// The tables, each with the `word @ldt` line that opened it.
    tables: Vec<(Counted, Vec<Import>)>,
    /// `exceptions`: the number of handlers declared.
    exceptions: Option<Counted>,
    /// The handlers, each with its `exception` line (nlab declared) and whether its
    /// `exctab *` arm was given.
    handlers: Vec<(Counted, Handler, bool)>,
}

impl Assembly {
    fn line(&mut self, c: &mut Cursor) -> Result<(), AsmError> {
        let mut labelled = false;
        while c.label().is_some() {
            labelled = true;
        }
        let Some(token) = c.next() else {
            return Ok(());
        };
        let Token::Name(word) = token else {
            return Err(c.error(format!(
                "expected an instruction or directive, found {}",
                describe(token)
            )));
        };
        if let Some(op) = Opcode::from_name(word) {
            let inst = self.instruction(op, c)?;
            self.code.push(inst);
        } else if labelled {
            return Err(c.error(format!("a label must name an instruction, not '{word}'")));
        } else {
            self.directive(word, c)?;
        }
        c.end()
    }

    fn instruction(&mut self, op: Opcode, c: &mut Cursor) -> Result<Instruction, AsmError> {
        let mut operands = Vec::new();
        if !c.at_end() {
            loop {
                operands.push(c.operand()?);
                if c.at_end() {
                    break;
                }
                c.expect(',')?;
            }
        }
        let slots = form::slots(op, operands.len()).ok_or_else(|| {
            c.error(format!(
                "{} takes {} operands, not {}",
                op.name(),
                form::counts(op),
                operands.len()
            ))
        })?;
        let mut inst = Instruction {
            op,
            src: Operand::None,
            mid: Operand::None,
            dst: Operand::None,
        };
        for (slot, operand) in slots.into_iter().zip(operands) {
            match slot {
                Slot::Src => inst.src = operand,
                Slot::Mid => inst.mid = middle(operand).map_err(|m| c.error(m))?,
                Slot::Dst => inst.dst = operand,
            }
        }
        Ok(inst)
    }

    fn directive(&mut self, word: &str, c: &mut Cursor) -> Result<(), AsmError> {
        match word {
            "signature" => once(&mut self.signature, c, "signature", |c| {
                c.hex_string("signature")
            }),
            "flags" => once(&mut self.flags, c, "flags", |c| c.op_value("flags")),
            "stack" => once(&mut self.stack, c, "stack", |c| c.op_value("stack extent")),
            "entry" => once(&mut self.entry, c, "entry", |c| {
                let pc = c.op_value("entry pc")?;
                c.expect(',')?;
                Ok((pc, c.op_value("entry type")?))
            }),
            "var" => once(&mut self.data_size, c, "var", |c| {
                if c.name("@mp")? != "@mp" {
                    return Err(c.error("var must name @mp"));
                }
                c.expect(',')?;
                c.op_value("data size")
            }),
            "module" => once(&mut self.name, c, "module", |c| match c.peek() {
                Some(Token::Str(_)) => c.text("module name"),
                _ => c.name("a module name").map(str::to_string),
            }),
            "source" => once(&mut self.source, c, "source", |c| c.text("source path")),
            "desc" => {
                c.eat('$');
                let id = c.op_value("descriptor id")?;
                c.expect(',')?;
                let size = c.op_value("descriptor size")?;
                c.expect(',')?;
                let map = c.hex_string("pointer map")?;
                self.types.push(TypeDesc { id, size, map });
                Ok(())
            }
            "link" => {
                let desc = c.op_value("link descriptor")?;
                c.expect(',')?;
                let pc = c.op_value("link pc")?;
                c.expect(',')?;
                let sig = c.signature()?;
                c.expect(',')?;
                let name = c.text("link name")?;
                self.links.push(Link {
                    pc,
                    desc,
                    sig,
                    name,
                });
                Ok(())
            }
            "ldts" => self.ldts(c),
            "ext" => self.ext(c),
            "exceptions" => self.exceptions(c),
            "exception" => self.exception(c),
            "exctab" => self.exctab(c),
            "byte" | "word" | "long" | "real" | "string" | "array" | "indir" | "apop" => {
                self.data_directive(word, c)
            }
            _ => Err(c.error(format!("unknown instruction or directive '{word}'"))),
        }
    }

    fn data_directive(&mut self, word: &str, c: &mut Cursor) -> Result<(), AsmError> {
        if word == "apop" {
            let offset = if c.at_end() { 0 } else { c.place()?.1 };
            self.data.push(DataItem::Pop { offset });
            return Ok(());
        }
        let (base, offset) = c.place()?;
        if base == Base::Ldt {
            return if word == "word" {
                self.import_table(c)
            } else {
                Err(c.error(format!("{word} cannot go to @ldt")))
            };
        }
        let item = match word {
            "byte" => DataItem::Bytes {
                offset,
                bytes: list(c, |c| c.ranged("byte", -128, 255).map(|v| v as u8))?,
            },
            "word" => DataItem::Words {
                offset,
                words: list(c, |c| c.word("word"))?,
            },
            "long" => DataItem::Bigs {
                offset,
                values: list(c, |c| {
                    c.ranged("long", i128::from(i64::MIN), i128::from(u64::MAX))
                        .map(|v| v as u64 as i64)
                })?,
            },
            "real" => DataItem::Reals {
                offset,
                bits: list(c, |c| c.real())?,
            },
            "string" => {
                c.expect(',')?;
                DataItem::String {
                    offset,
                    bytes: c.string("string")?,
                }
            }
            "array" => {
                c.expect(',')?;
                c.eat('$');
                let elem_type = c.word("array element type")?;
                c.expect(',')?;
                let len = c.word("array length")?;
                DataItem::Array {
                    offset,
                    elem_type,
                    len,
                }
            }
            _ => {
                c.expect(',')?;
                DataItem::Index {
                    offset,
                    index: c.word("array index")?,
                }
            }
        };
        self.data.push(item);
        Ok(())
    }

    /// `ldts @ldt, n`: the import section holds `n` tables.
    fn ldts(&mut self, c: &mut Cursor) -> Result<(), AsmError> {
        if let Some(first) = &self.ldts {
            return Err(c.error(format!("ldts already given on line {}", first.line)));
        }
        if c.name("@ldt")? != "@ldt" {
            return Err(c.error("ldts must name @ldt"));
        }
        c.expect(',')?;
        let declared = c.count("number of import tables")?;
        self.ldts = Some(Counted {
            line: c.line(),
            declared,
        });
        Ok(())
    }

    /// `word @ldt+off, n`: a new import table of `n` functions.
    fn import_table(&mut self, c: &mut Cursor) -> Result<(), AsmError> {
        if self.ldts.is_none() {
            return Err(c.error("an import table before ldts"));
        }
        c.expect(',')?;
        let declared = c.count("number of imports")?;
        let counted = Counted {
            line: c.line(),
            declared,
        };
        self.tables.push((counted, Vec::new()));
        Ok(())
    }

    /// `ext @ldt+off, sig, "name"`: one function of the current import table.
    fn ext(&mut self, c: &mut Cursor) -> Result<(), AsmError> {
        if c.place()?.0 != Base::Ldt {
            return Err(c.error("ext must be at @ldt"));
        }
        c.expect(',')?;
        let sig = c.signature()?;
        c.expect(',')?;
        let name = c.text("import name")?;
        let Some((_, table)) = self.tables.last_mut() else {
            return Err(c.error("ext before any import table (word @ldt, n)"));
        };
        table.push(Import { sig, name });
        Ok(())
    }

    /// `exceptions n`: the handler section holds `n` handlers.
    fn exceptions(&mut self, c: &mut Cursor) -> Result<(), AsmError> {
        if let Some(first) = &self.exceptions {
            return Err(c.error(format!("exceptions already given on line {}", first.line)));
        }
        let declared = c.count("number of handlers")?;
        self.exceptions = Some(Counted {
            line: c.line(),
            declared,
        });
        Ok(())
    }

    /// `exception pc1, pc2, eoff, desc, nlab, ne`: a handler, its labels follow.
    fn exception(&mut self, c: &mut Cursor) -> Result<(), AsmError> {
        if self.exceptions.is_none() {
            return Err(c.error("exception before exceptions"));
        }
        let mut fields = [0; 4];
        for (field, what) in fields
            .iter_mut()
            .zip(["pc1", "pc2", "exception offset", "descriptor"])
        {
            *field = c.op_value(what)?;
            c.expect(',')?;
        }
        let [pc1, pc2, eoff, desc] = fields;
        let nlab = c.ranged("number of labels", 0, 0xffff)?;
        c.expect(',')?;
        let ne = c.op_value("ne")?;
        in_range(
            (i128::from(ne) << 16) | nlab,
            "packed nlab|ne<<16",
            OP_MIN,
            OP_MAX,
        )
        .map_err(|m| c.error(m))?;
        let handler = Handler {
            eoff,
            pc1,
            pc2,
            desc,
            ne,
            labels: Vec::new(),
            wildcard: -1,
        };
        let counted = Counted {
            line: c.line(),
            declared: narrow(nlab),
        };
        self.handlers.push((counted, handler, false));
        Ok(())
    }

    /// `exctab "name", pc` or `exctab *, pc`: an arm of the current handler.
    fn exctab(&mut self, c: &mut Cursor) -> Result<(), AsmError> {
        let name = if c.eat('*') {
            None
        } else {
            Some(c.text("exception name")?)
        };
        c.expect(',')?;
        let pc = c.op_value("handler pc")?;
        let Some((_, handler, wildcard_given)) = self.handlers.last_mut() else {
            return Err(c.error("exctab before any exception"));
        };
        if *wildcard_given {
            return Err(c.error("exctab after the handler's '*' arm"));
        }
        match name {
            Some(name) => handler.labels.push(HandlerLabel { name, pc }),
            None => {
                handler.wildcard = pc;
                *wildcard_given = true;
            }
        }
        Ok(())
    }

    /// Checks the declared counts and builds the module.
    fn finish(self, last_line: usize) -> Result<Module, AsmError> {
        let Some((_, name)) = self.name else {
            return Err(AsmError::new(
                last_line,
                "no module directive (module Name)",
            ));
        };
        let mut imports = None;
        if let Some(ldts) = &self.ldts {
            check_count(ldts, self.tables.len(), "import tables")?;
            let mut tables = Vec::new();
            for (counted, table) in self.tables {
                check_count(&counted, table.len(), "imports")?;
                tables.push(table);
            }
            imports = Some(tables);
        }
        let mut handlers = None;
        if let Some(exceptions) = &self.exceptions {
            check_count(exceptions, self.handlers.len(), "handlers")?;
            let mut list = Vec::new();
            for (counted, handler, _) in self.handlers {
                check_count(&counted, handler.labels.len(), "named labels")?;
                list.push(handler);
            }
            handlers = Some(list);
        }
        let flags = match self.flags {
            Some((line, flags)) => {
                imports = section(imports, flags & HASLDT != 0, line, "ldts", "HASLDT (0x40)")?;
                handlers = section(
                    handlers,
                    flags & HASEXCEPT != 0,
                    line,
                    "exceptions",
                    "HASEXCEPT (0x20)",
                )?;
                flags
            }
            None => {
                imports.get_or_insert_with(Vec::new);
                default_flags(handlers.is_some())
            }
        };
        let (entry_pc, entry_type) = self.entry.map_or((-1, -1), |(_, e)| e);
        Ok(Module {
            signature: self.signature.map(|(_, s)| s),
            flags,
            stack_extent: self.stack.map_or(DEFAULT_STACK_EXTENT, |(_, s)| s),
            data_size: self.data_size.map_or(0, |(_, s)| s),
            entry_pc,
            entry_type,
            code: self.code,
            types: self.types,
            data: self.data,
            name,
            links: self.links,
            imports,
            handlers,
            source: self.source.map(|(_, s)| s),
        })
    }
}

/// A section that explicit `flags` say is present (`Some`, empty if the text gave
/// none) or absent (then the text must not give it).
fn section<T: Default>(
    given: Option<T>,
    flagged: bool,
    line: usize,
    directive: &str,
    flag: &str,
) -> Result<Option<T>, AsmError> {
    match (given, flagged) {
        (given, true) => Ok(Some(given.unwrap_or_default())),
        (None, false) => Ok(None),
        (Some(_), false) => Err(AsmError::new(
            line,
            format!("{directive} is given but flags lack {flag}"),
        )),
    }
}

fn check_count(counted: &Counted, found: usize, what: &str) -> Result<(), AsmError> {
    if usize::try_from(counted.declared).ok() == Some(found) {
        Ok(())
    } else {
        Err(AsmError::new(
            counted.line,
            format!("{} {what} declared, {found} given", counted.declared),
        ))
    }
}

/// Reads a directive that may appear only once into `slot`.
fn once<T>(
    slot: &mut Once<T>,
    c: &mut Cursor,
    directive: &str,
    read: impl FnOnce(&mut Cursor) -> Result<T, AsmError>,
) -> Result<(), AsmError> {
    if let Some((first, _)) = slot {
        return Err(c.error(format!("{directive} already given on line {first}")));
    }
    let value = read(c)?;
    *slot = Some((c.line(), value));
    Ok(())
}

/// The values after a data directive's place: `, v, v, ...` (possibly none).
fn list<T>(
    c: &mut Cursor,
    mut read: impl FnMut(&mut Cursor) -> Result<T, AsmError>,
) -> Result<Vec<T>, AsmError> {
    let mut values = Vec::new();
    while c.eat(',') {
        values.push(read(c)?);
    }
    Ok(values)
}

/// A middle operand: the file has no encoding for a double-indirect or reserved one.
fn middle(operand: Operand) -> Result<Operand, String> {
    match operand {
        Operand::IndFp(..) | Operand::IndMp(..) => {
            Err("the middle operand cannot be double-indirect".to_string())
        }
        Operand::Reserved(_) => Err("the middle operand cannot use a reserved mode".to_string()),
        _ => Ok(operand),
    }
}
