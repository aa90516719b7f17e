//! Compile-time checking of print-style format strings against their arguments.

use super::Checker;
use crate::ast::Expr;
use crate::types::TypeId;
use crate::value::Const;

impl Checker<'_> {
    /// Check `args` (of types `types`) against the constant format `fmt`.
    pub(crate) fn check_format(&mut self, fmt: &Expr, args: &[Expr], types: &[TypeId], name: &str) {
        let text = match &fmt.konst {
            Some(Const::Str(s)) => s.clone(),
            _ => {
                if !self.types.is_unknown(fmt.ty) {
                    let msg = format!("format argument of {name} is not a constant string");
                    self.error(fmt.span, msg);
                }
                return;
            }
        };
        let mut next = 0usize;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                continue;
            }
            let mut flags = String::new();
            let mut seen_dot = false;
            let verb = loop {
                let Some(d) = chars.next() else {
                    let msg = format!("format string of {name} ends inside a directive");
                    self.error(fmt.span, msg);
                    return;
                };
                match d {
                    '+' | '-' | '#' | ',' | 'b' | 'u' => {
                        if flags.contains(d) {
                            let msg = format!("duplicate flag '{d}' in format of {name}");
                            self.error(fmt.span, msg);
                        }
                        flags.push(d);
                    }
                    '0'..='9' => {}
                    '.' => {
                        if seen_dot {
                            let msg = format!("two '.' in a format directive of {name}");
                            self.error(fmt.span, msg);
                        }
                        seen_dot = true;
                    }
                    '*' => {
                        if !self.format_arg(
                            args,
                            types,
                            &mut next,
                            name,
                            fmt,
                            |c, t| c.types.equal(t, TypeId::INT),
                            "int",
                        ) {
                            return;
                        }
                    }
                    other => break other,
                }
            };
            let big = flags.contains('b');
            let ok = match verb {
                '%' | 'r' => continue,
                'c' => self.format_arg(
                    args,
                    types,
                    &mut next,
                    name,
                    fmt,
                    |c, t| c.types.equal(t, TypeId::INT),
                    "int",
                ),
                'd' | 'o' | 'x' | 'X' => {
                    let want = if big { TypeId::BIG } else { TypeId::INT };
                    let hex = matches!(verb, 'x' | 'X');
                    self.format_arg(
                        args,
                        types,
                        &mut next,
                        name,
                        fmt,
                        move |c, t| {
                            c.types.equal(t, want)
                                || (hex && !big && c.types.is_pointer(t) && t != TypeId::NIL)
                        },
                        if big { "big" } else { "int" },
                    )
                }
                'e' | 'f' | 'g' | 'E' | 'G' => self.format_arg(
                    args,
                    types,
                    &mut next,
                    name,
                    fmt,
                    |c, t| c.types.equal(t, TypeId::REAL),
                    "real",
                ),
                's' | 'q' => self.format_arg(
                    args,
                    types,
                    &mut next,
                    name,
                    fmt,
                    |c, t| c.types.equal(t, TypeId::STRING),
                    "string",
                ),
                'H' => self.format_arg(
                    args,
                    types,
                    &mut next,
                    name,
                    fmt,
                    |c, t| c.types.is_pointer(t) && t != TypeId::NIL,
                    "pointer",
                ),
                other => {
                    let msg = format!("invalid character '{other}' in format of {name}");
                    self.error(fmt.span, msg);
                    return;
                }
            };
            if !ok {
                return;
            }
        }
        if next < args.len() {
            let msg = format!("too many arguments for the format of {name}");
            self.error(args[next].span, msg);
        }
    }

    /// Take the next argument for a directive; false (after an error) when there is none.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn format_arg(
        &mut self,
        args: &[Expr],
        types: &[TypeId],
        next: &mut usize,
        name: &str,
        fmt: &Expr,
        accept: impl Fn(&Self, TypeId) -> bool,
        want: &str,
    ) -> bool {
        let (Some(arg), Some(&t)) = (args.get(*next), types.get(*next)) else {
            let msg = format!("too few arguments for the format of {name}");
            self.error(fmt.span, msg);
            return false;
        };
        *next += 1;
        if !self.types.is_unknown(t) && !accept(self, t) {
            let msg = format!(
                "format verb of {name} needs {want}, argument has type {}",
                self.show(t)
            );
            self.error(arg.span, msg);
        }
        true
    }
}
