//! Compile-time checking of print-style format strings against their arguments:
//! the format must be a constant string, every directive well formed, and each
//! argument of the type its verb consumes.

use super::Checker;
use crate::ast::Expr;
use crate::types::{Type, TypeId};
use crate::value::Const;

/// What a verb consumes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Nothing,
    Int,
    Big,
    Real,
    String,
    /// `%x` and `%X`: an int, or any reference (printed as an address).
    IntOrRef,
    /// `%H`: any pointer type.
    Pointer,
}

impl Checker<'_> {
    /// Check `args` (of types `types`) against the constant format `fmt` of the call of `name`.
    pub(crate) fn check_format(&mut self, fmt: &Expr, args: &[Expr], types: &[TypeId], name: &str) {
        let text = match &fmt.konst {
            Some(Const::Str(s)) => s.clone(),
            _ => {
                if !self.types.is_unknown(fmt.ty) {
                    let msg = format!(
                        "{name}: format argument {} is not a string constant",
                        self.q(fmt)
                    );
                    self.error(fmt.span, msg);
                }
                return;
            }
        };
        let chars: Vec<char> = text.chars().collect();
        let mut next = 0usize;
        let mut at = 0usize;
        while at < chars.len() {
            let c = chars[at];
            at += 1;
            if c != '%' {
                continue;
            }
            let start = at - 1;
            let directive = |end: usize| {
                chars[start..end.min(chars.len())]
                    .iter()
                    .collect::<String>()
            };
            let (mut width, mut precision, mut dot) = (false, false, false);
            let mut flags = String::new();
            let mut want = None;
            while at < chars.len() && want.is_none() {
                let c = chars[at];
                at += 1;
                match c {
                    '.' => {
                        if dot {
                            let msg = format!("{name}: invalid format '{}'", directive(at));
                            self.error(fmt.span, msg);
                            return;
                        }
                        width = true;
                        dot = true;
                    }
                    '*' | '0'..='9' => {
                        if c != '*' {
                            while at < chars.len() && chars[at].is_ascii_digit() {
                                at += 1;
                            }
                        }
                        if !width {
                            width = true;
                        } else if !precision && dot {
                            precision = true;
                        } else {
                            let msg = format!("{name}: invalid format '{}'", directive(at));
                            self.error(fmt.span, msg);
                            return;
                        }
                        if c == '*'
                            && !self.format_arg(
                                args,
                                types,
                                &mut next,
                                name,
                                fmt,
                                &directive(at),
                                Want::Int,
                            )
                        {
                            return;
                        }
                    }
                    '+' | '-' | '#' | ',' | 'b' | 'u' => {
                        if flags.contains(c) {
                            let msg =
                                format!("{name}: duplicate flag {c} in format '{}'", directive(at));
                            self.error(fmt.span, msg);
                            return;
                        }
                        flags.push(c);
                    }
                    '%' | 'r' => want = Some(Want::Nothing),
                    'H' => want = Some(Want::Pointer),
                    'c' => want = Some(Want::Int),
                    'd' | 'o' => {
                        want = Some(if flags.contains('b') {
                            Want::Big
                        } else {
                            Want::Int
                        })
                    }
                    'x' | 'X' => {
                        want = Some(if flags.contains('b') {
                            Want::Big
                        } else {
                            Want::IntOrRef
                        })
                    }
                    'e' | 'f' | 'g' | 'E' | 'G' => want = Some(Want::Real),
                    's' | 'q' => want = Some(Want::String),
                    other => {
                        let msg = format!(
                            "{name}: invalid character {other} in format '{}'",
                            directive(at)
                        );
                        self.error(fmt.span, msg);
                        return;
                    }
                }
            }
            match want {
                None => {
                    let msg = format!("{name}: incomplete format '{}'", directive(at));
                    self.error(fmt.span, msg);
                    return;
                }
                Some(Want::Nothing) => {}
                Some(w) => {
                    if !self.format_arg(args, types, &mut next, name, fmt, &directive(at), w) {
                        return;
                    }
                }
            }
        }
        if next < args.len() {
            let msg = format!("{name}: more arguments than formats");
            self.error(args[next].span, msg);
        }
    }

    /// Take the next argument for a directive; false (after an error) when there is none
    /// or it has the wrong type.
    #[allow(clippy::too_many_arguments)]
    fn format_arg(
        &mut self,
        args: &[Expr],
        types: &[TypeId],
        next: &mut usize,
        name: &str,
        fmt: &Expr,
        directive: &str,
        want: Want,
    ) -> bool {
        let (Some(arg), Some(&t)) = (args.get(*next), types.get(*next)) else {
            let msg = format!("{name}: too few arguments for format '{directive}'");
            self.error(fmt.span, msg);
            return false;
        };
        *next += 1;
        if self.types.is_unknown(t) {
            return true;
        }
        let reference = matches!(
            self.types.get(t),
            Type::String
                | Type::Array(_)
                | Type::Ref(_)
                | Type::Chan(_)
                | Type::List(_)
                | Type::Module(_)
        );
        let ok = match want {
            Want::Nothing => true,
            Want::Int => t == TypeId::INT,
            Want::Big => t == TypeId::BIG,
            Want::Real => t == TypeId::REAL,
            Want::String => t == TypeId::STRING,
            Want::IntOrRef => t == TypeId::INT || reference,
            Want::Pointer => reference || matches!(self.types.get(t), Type::Poly(..)),
        };
        if !ok {
            let msg = format!(
                "{name}: format '{directive}' incompatible with argument {}",
                self.q(arg)
            );
            self.error(arg.span, msg);
            return false;
        }
        true
    }
}
