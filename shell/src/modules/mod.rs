//! The loadable modules the shell carries beside `std`, `echo` and `test`
//! (which live in [`crate::builtins`] and [`crate::report`]): `expr` and
//! `mpexpr` (over the calculator in [`rpn`]), `string`, `regex`, `arg`,
//! `csv`, `sexprs` (over [`sexp`]) and `file2chan`, one file each, and the
//! dispatch from a builtin's name to them.

pub mod arg;
pub mod csv;
pub mod expr;
pub mod file2chan;
pub mod mpexpr;
pub mod regex;
pub mod rpn;
pub mod sexp;
pub mod sexprs;
pub mod string;

use crate::eval::{Flow, Module, Shell, Status};
use crate::os::Process;
use crate::value::{texts, Val};

/// How a module's builtin fails, as the original's `Context.fail`: the
/// exception (the status it leaves) and the message printed before it.
#[derive(Debug, PartialEq)]
pub struct Failure {
    pub ename: &'static str,
    pub msg: String,
}

impl Failure {
    pub fn usage(msg: impl Into<String>) -> Failure {
        Failure {
            ename: "usage",
            msg: msg.into(),
        }
    }

    pub fn divide_by_zero() -> Failure {
        Failure {
            ename: "divide by zero",
            msg: "expr: division by zero".into(),
        }
    }

    /// A value larger than the shell holds (a bound of this shell).
    pub fn too_big() -> Failure {
        Failure {
            ename: "too big",
            msg: "expr: result too big".into(),
        }
    }
}

fn raised<T>(sh: &Shell<impl Process>, r: Result<T, Failure>) -> Result<T, Flow> {
    r.map_err(|f| sh.fail(f.ename, &f.msg))
}

/// Runs builtin command `name` of module `m`, if it is one of the modules here.
pub fn command<P: Process>(
    sh: &mut Shell<P>,
    m: Module,
    name: &str,
    args: &[Val],
) -> Option<Status> {
    Some(match m {
        Module::Expr | Module::Mpexpr => {
            let [n] = args else {
                return Some(Err(sh.fail("usage", "usage: ntest n")));
            };
            let n = n.text();
            let nonzero = if m == Module::Expr {
                Ok(expr::ntest(&n))
            } else {
                mpexpr::ntest(&n)
            };
            raised(sh, nonzero).map(|t| if t { String::new() } else { "false".into() })
        }
        Module::String => raised(sh, string::command(name, args)),
        Module::Regex => raised(sh, regex::command(args)),
        Module::Arg => arg::arg(sh, args),
        Module::Csv => csv::getcsv(sh, args),
        Module::Sexprs if name == "islist" => raised(sh, sexprs::islist(args)),
        Module::Sexprs => sexprs::getsexprs(sh, args),
        Module::File2chan => file2chan::command(sh, name, args),
        Module::Std | Module::Echo | Module::Test => return None,
    })
}

/// Runs substitution builtin `${name}` of module `m`, if it is one of the
/// modules here.
pub fn substitution<P: Process>(
    sh: &mut Shell<P>,
    m: Module,
    name: &str,
    args: &[Val],
) -> Option<Result<Vec<Val>, Flow>> {
    let r = match m {
        Module::Expr => rpn::evaluate::<i64>(&texts(args), false).map(strings),
        Module::Mpexpr => rpn::evaluate::<mpexpr::Big>(&texts(args), true).map(strings),
        Module::String => string::substitution(name, args),
        Module::Regex => regex::substitution(args),
        Module::Csv => Ok(csv::csv(args)),
        Module::Sexprs => sexprs::substitution(name, args),
        Module::File2chan => return Some(file2chan::rget(sh, args)),
        Module::Arg | Module::Std | Module::Echo | Module::Test => return None,
    };
    Some(raised(sh, r))
}

/// What a reading loop (`getcsv`, `getsexprs`) runs for each item: its one
/// argument, a block, then `$*`; else the failure with text `usage`.
fn loop_command<P: Process>(sh: &Shell<P>, args: &[Val], usage: &str) -> Result<Vec<Val>, Flow> {
    match args {
        [cmd] if cmd.as_block().is_some() => {
            let mut argv = vec![cmd.clone()];
            argv.extend(sh.get("*"));
            Ok(argv)
        }
        _ => Err(sh.fail("usage", usage)),
    }
}

fn strings(v: Vec<String>) -> Vec<Val> {
    v.into_iter().map(Val::Str).collect()
}
