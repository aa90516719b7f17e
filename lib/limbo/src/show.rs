//! Rendering expressions back to source-like text, for diagnostics.

use crate::ast::*;

/// Longest rendering before it is cut short with `...`.
const MAX_TEXT: usize = 60;

/// The expression as source text, shortened when long.
pub fn expr_text(e: &Expr) -> String {
    let mut s = String::new();
    write_expr(e, &mut s, 0);
    if s.chars().count() > MAX_TEXT {
        let cut: String = s.chars().take(MAX_TEXT - 3).collect();
        return cut + "...";
    }
    s
}

fn write_list(items: &[Expr], out: &mut String, depth: u32) {
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_expr(it, out, depth);
    }
}

fn write_expr(e: &Expr, out: &mut String, depth: u32) {
    if depth > 12 || out.len() > MAX_TEXT * 2 {
        out.push_str("...");
        return;
    }
    let d = depth + 1;
    match &e.kind {
        ExprKind::Ident(n) => out.push_str(n),
        ExprKind::Nil => out.push_str("nil"),
        ExprKind::Int(v) => out.push_str(&v.to_string()),
        ExprKind::Real(v) => out.push_str(&v.to_string()),
        ExprKind::Str(s) => {
            out.push('"');
            out.push_str(&s.escape_default().to_string());
            out.push('"');
        }
        ExprKind::Tuple(items) => {
            out.push('(');
            write_list(items, out, d);
            out.push(')');
        }
        ExprKind::Call(f, args) => {
            write_expr(f, out, d);
            out.push('(');
            write_list(args, out, d);
            out.push(')');
        }
        ExprKind::Dot(b, n) => {
            write_expr(b, out, d);
            out.push('.');
            out.push_str(&n.name);
        }
        ExprKind::Arrow(b, n) => {
            write_expr(b, out, d);
            out.push_str("->");
            out.push_str(&n.name);
        }
        ExprKind::MethodVia(m, x) => {
            write_expr(m, out, d);
            out.push_str("->");
            write_expr(x, out, d);
        }
        ExprKind::Index(b, args) => {
            write_expr(b, out, d);
            out.push('[');
            write_list(args, out, d);
            out.push(']');
        }
        ExprKind::Slice(b, lo, hi) => {
            write_expr(b, out, d);
            out.push('[');
            if let Some(lo) = lo {
                write_expr(lo, out, d);
            }
            out.push(':');
            if let Some(hi) = hi {
                write_expr(hi, out, d);
            }
            out.push(']');
        }
        ExprKind::Unary(op, x) => match op {
            UnOp::PostInc | UnOp::PostDec => {
                write_expr(x, out, d);
                out.push_str(op.text());
            }
            UnOp::Hd | UnOp::Tl | UnOp::Len | UnOp::Ref | UnOp::Tagof => {
                out.push_str(op.text());
                out.push(' ');
                write_expr(x, out, d);
            }
            _ => {
                out.push_str(op.text());
                write_expr(x, out, d);
            }
        },
        ExprKind::Binary(op, l, r) => {
            write_expr(l, out, d);
            out.push(' ');
            out.push_str(op.text());
            out.push(' ');
            write_expr(r, out, d);
        }
        ExprKind::Assign(op, l, r) => {
            write_expr(l, out, d);
            out.push(' ');
            if let Some(op) = op {
                out.push_str(op.text());
            }
            out.push_str("= ");
            write_expr(r, out, d);
        }
        ExprKind::Declare(l, r) => {
            write_expr(l, out, d);
            out.push_str(" := ");
            write_expr(r, out, d);
        }
        ExprKind::Send(c, v) => {
            write_expr(c, out, d);
            out.push_str(" <-= ");
            write_expr(v, out, d);
        }
        ExprKind::Cast(t, x) => {
            write_type(t, out, d);
            out.push(' ');
            write_expr(x, out, d);
        }
        ExprKind::Load(m, p) => {
            out.push_str("load ");
            out.push_str(&m.name);
            out.push(' ');
            write_expr(p, out, d);
        }
        ExprKind::ArrayAlloc(n, t) => {
            out.push_str("array[");
            write_expr(n, out, d);
            out.push_str("] of ");
            write_type(t, out, d);
        }
        ExprKind::ArrayInit(..) => out.push_str("array of {...}"),
        ExprKind::ListInit(..) => out.push_str("list of {...}"),
        ExprKind::ChanAlloc(_, t) => {
            out.push_str("chan of ");
            write_type(t, out, d);
        }
        ExprKind::Type(t) => write_type(t, out, d),
        ExprKind::Comma(_, x, rest) => {
            out.push('(');
            write_expr(x, out, d);
            out.push_str(", ");
            write_expr(rest, out, d);
            out.push(')');
        }
        ExprKind::Choice(c, a, b) => {
            out.push_str("if(");
            write_expr(c, out, d);
            out.push_str(") ");
            write_expr(a, out, d);
            out.push_str(" else ");
            write_expr(b, out, d);
        }
    }
}

fn write_type(t: &TypeExpr, out: &mut String, depth: u32) {
    let d = depth + 1;
    match &t.kind {
        TypeExprKind::Basic(b) => out.push_str(match b {
            BasicType::Int => "int",
            BasicType::Big => "big",
            BasicType::Byte => "byte",
            BasicType::Real => "real",
            BasicType::String => "string",
        }),
        TypeExprKind::Named(n, _) => out.push_str(&n.name),
        TypeExprKind::Dot(b, n, _) => {
            write_type(b, out, d);
            out.push('.');
            out.push_str(&n.name);
        }
        TypeExprKind::Arrow(b, n, _) => {
            write_type(b, out, d);
            out.push_str("->");
            out.push_str(&n.name);
        }
        TypeExprKind::Ref(x) => {
            out.push_str("ref ");
            write_type(x, out, d);
        }
        TypeExprKind::Chan(x) => {
            out.push_str("chan of ");
            write_type(x, out, d);
        }
        TypeExprKind::Array(x) => {
            out.push_str("array of ");
            write_type(x, out, d);
        }
        TypeExprKind::List(x) => {
            out.push_str("list of ");
            write_type(x, out, d);
        }
        TypeExprKind::Tuple(_) => out.push_str("(...)"),
        TypeExprKind::Fn(_) => out.push_str("fn(...)"),
        TypeExprKind::Fixed(..) => out.push_str("fixed(...)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostics, Files};
    use crate::source::{MemoryFiles, SourceLoader};

    #[test]
    fn renders_expressions() {
        let mut loader = SourceLoader::new(Box::new(MemoryFiles::default()), Vec::new(), None);
        let (mut files, mut diags) = (Files::default(), Diagnostics::default());
        let p = crate::parser::parse_text(
            "t.b",
            "x = a.b[1:] + f(\"s\", -y) :: nil;",
            &mut loader,
            &mut files,
            &mut diags,
        );
        let DeclKind::Init(e) = &p.decls[0].kind else {
            panic!("not an init")
        };
        assert_eq!(expr_text(e), "x = a.b[1:] + f(\"s\", -y) :: nil");
    }
}
