//! The line table of a Limbo symbol file (`.sbl`, version 2.x): the source file
//! and line each instruction was compiled from. Each instruction's line holds its
//! source span as `[file:][line.]col,[file:][line.]col block`; a file or line left
//! out repeats the end of the previous span.

/// Source file and line per instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lines {
    files: Vec<String>,
    /// (file index, line) by instruction index.
    at: Vec<(usize, u32)>,
}

/// One end of a span: an optional `file:` and `line.` before the column.
fn end(text: &str, file: &mut usize, line: &mut u32) -> Option<()> {
    let mut rest = text;
    if let Some((f, r)) = rest.split_once(':') {
        *file = f.parse().ok()?;
        rest = r;
    }
    if let Some((l, r)) = rest.split_once('.') {
        *line = l.parse().ok()?;
        rest = r;
    }
    rest.parse::<u32>().ok().map(|_| ())
}

impl Lines {
    /// Read the table from the text of a symbol file; `None` if it is not one.
    pub fn parse(text: &str) -> Option<Lines> {
        let mut lines = text.lines();
        if !lines.next()?.starts_with("limbo .sbl 2.") {
            return None;
        }
        lines.next()?;
        let nfiles: usize = lines.next()?.trim().parse().ok()?;
        let files: Vec<String> = lines.by_ref().take(nfiles).map(str::to_string).collect();
        let ninst: usize = lines.next()?.trim().parse().ok()?;
        let mut at = Vec::with_capacity(ninst.min(1 << 20));
        let (mut file, mut line) = (0usize, 0u32);
        for l in lines.take(ninst) {
            let (span, _block) = l.rsplit_once(' ')?;
            let (start, stop) = span.split_once(',')?;
            end(start, &mut file, &mut line)?;
            at.push((file, line));
            end(stop, &mut file, &mut line)?;
        }
        (at.len() == ninst).then_some(Lines { files, at })
    }

    /// The source file name and line of instruction `pc`.
    pub fn locate(&self, pc: u32) -> Option<(&str, u32)> {
        let (f, l) = *self.at.get(pc as usize)?;
        Some((self.files.get(f)?.as_str(), l))
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn spans_leave_out_what_repeats() {
        let text = "limbo .sbl 2.1\nM\n2\nm.b\ninc.m\n3\n10.1,5 0\n7,9 0\n1:4.2,0:12.3 1\n0\n";
        let l = Lines::parse(text).expect("a symbol file");
        assert_eq!(l.locate(0), Some(("m.b", 10)));
        assert_eq!(l.locate(1), Some(("m.b", 10)));
        assert_eq!(l.locate(2), Some(("inc.m", 4)));
        assert_eq!(l.locate(3), None);
        assert_eq!(Lines::parse("not a symbol file\n"), None);
        assert_eq!(
            Lines::parse("limbo .sbl 2.1\nM\n1\nm.b\n2\n1.0,1 0\n"),
            None
        );
    }
}
