//! Parsing expressions: precedence climbing over binary operators, prefix
//! operators, conversions, allocation, postfix forms and primaries.

use super::{basic_of, mk_expr, Bad, PResult, Parser, MAX_DEPTH};
use crate::ast::*;
use crate::diag::Span;
use crate::lexer::{Kw, Op, Tok};

fn unop_of(tok: &Tok) -> Option<UnOp> {
    Some(match tok {
        Tok::Op(Op::Minus) => UnOp::Neg,
        Tok::Op(Op::Plus) => UnOp::Plus,
        Tok::Op(Op::Bang) => UnOp::Not,
        Tok::Op(Op::Tilde) => UnOp::Compl,
        Tok::Op(Op::Star) => UnOp::Deref,
        Tok::Op(Op::Inc) => UnOp::PreInc,
        Tok::Op(Op::Dec) => UnOp::PreDec,
        Tok::Op(Op::Comm) => UnOp::Recv,
        Tok::Kw(Kw::Hd) => UnOp::Hd,
        Tok::Kw(Kw::Tl) => UnOp::Tl,
        Tok::Kw(Kw::Len) => UnOp::Len,
        Tok::Kw(Kw::Ref) => UnOp::Ref,
        Tok::Kw(Kw::Tagof) => UnOp::Tagof,
        _ => return None,
    })
}

/// Binary operators with their binding power (higher binds tighter) and right-associativity.
fn binop_of(tok: &Tok) -> Option<(BinOp, u8, bool)> {
    let Tok::Op(op) = tok else { return None };
    Some(match op {
        Op::OrOr => (BinOp::OrOr, 1, false),
        Op::AndAnd => (BinOp::AndAnd, 2, false),
        Op::Cons => (BinOp::Cons, 3, true),
        Op::Bar => (BinOp::Or, 4, false),
        Op::Caret => (BinOp::Xor, 5, false),
        Op::Amp => (BinOp::And, 6, false),
        Op::Eq => (BinOp::Eq, 7, false),
        Op::Ne => (BinOp::Ne, 7, false),
        Op::Lt => (BinOp::Lt, 8, false),
        Op::Gt => (BinOp::Gt, 8, false),
        Op::Le => (BinOp::Le, 8, false),
        Op::Ge => (BinOp::Ge, 8, false),
        Op::Shl => (BinOp::Shl, 9, false),
        Op::Shr => (BinOp::Shr, 9, false),
        Op::Plus => (BinOp::Add, 10, false),
        Op::Minus => (BinOp::Sub, 10, false),
        Op::Star => (BinOp::Mul, 11, false),
        Op::Slash => (BinOp::Div, 11, false),
        Op::Percent => (BinOp::Mod, 11, false),
        Op::Power => (BinOp::Power, 12, true),
        _ => return None,
    })
}

fn assignop_of(tok: &Tok) -> Option<Option<BinOp>> {
    let Tok::Op(op) = tok else { return None };
    Some(match op {
        Op::Assign => None,
        Op::PlusEq => Some(BinOp::Add),
        Op::MinusEq => Some(BinOp::Sub),
        Op::StarEq => Some(BinOp::Mul),
        Op::SlashEq => Some(BinOp::Div),
        Op::PercentEq => Some(BinOp::Mod),
        Op::AmpEq => Some(BinOp::And),
        Op::BarEq => Some(BinOp::Or),
        Op::CaretEq => Some(BinOp::Xor),
        Op::ShlEq => Some(BinOp::Shl),
        Op::ShrEq => Some(BinOp::Shr),
        Op::PowerEq => Some(BinOp::Power),
        _ => return None,
    })
}

impl Parser<'_> {
    // ---- expressions ----

    pub(crate) fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.assign_expr();
        self.leave();
        r
    }

    pub(super) fn assign_expr(&mut self) -> PResult<Expr> {
        let start = self.span();
        if self.eat_kw(Kw::Load) {
            let m = self.ident()?;
            let path = self.binary(0)?;
            return Ok(mk_expr(ExprKind::Load(m, Box::new(path)), self.from(start)));
        }
        let lhs = self.binary(0)?;
        let tok = self.peek().clone();
        if let Some(op) = assignop_of(&tok) {
            self.next();
            let rhs = self.expr()?;
            return Ok(mk_expr(
                ExprKind::Assign(op, Box::new(lhs), Box::new(rhs)),
                self.from(start),
            ));
        }
        if tok == Tok::Op(Op::Declare) {
            self.next();
            let rhs = self.expr()?;
            return Ok(mk_expr(
                ExprKind::Declare(Box::new(lhs), Box::new(rhs)),
                self.from(start),
            ));
        }
        if tok == Tok::Op(Op::Comm) && self.peek_n(1) == Tok::Op(Op::Assign) {
            self.next();
            self.next();
            let rhs = self.expr()?;
            return Ok(mk_expr(
                ExprKind::Send(Box::new(lhs), Box::new(rhs)),
                self.from(start),
            ));
        }
        Ok(lhs)
    }

    pub(super) fn binary(&mut self, min: u8) -> PResult<Expr> {
        let start = self.span();
        let mut lhs = self.unary()?;
        // Each operator of a left-associative chain nests the tree one level deeper
        // (`a + b + c` is `(a + b) + c`), as every later pass will recurse.
        let mut chain = 0;
        while let Some((op, prec, right)) = binop_of(self.peek()) {
            if prec < min {
                break;
            }
            chain += 1;
            if self.depth + chain > MAX_DEPTH {
                let span = self.span();
                self.diags.error(
                    span,
                    format!("expression too deeply nested (more than {MAX_DEPTH} levels)"),
                );
                return Err(Bad);
            }
            self.next();
            self.enter()?;
            let rhs = self.binary(if right { prec } else { prec + 1 });
            self.leave();
            let rhs = rhs?;
            lhs = mk_expr(
                ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                self.from(start),
            );
        }
        Ok(lhs)
    }

    pub(super) fn unary(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.unary_inner();
        self.leave();
        r
    }

    pub(super) fn unary_inner(&mut self) -> PResult<Expr> {
        let start = self.span();
        let tok = self.peek().clone();
        if let Some(op) = unop_of(&tok) {
            self.next();
            let e = self.unary()?;
            return Ok(mk_expr(ExprKind::Unary(op, Box::new(e)), self.from(start)));
        }
        if let Some(b) = basic_of(&tok) {
            self.next();
            let ty = TypeExpr {
                kind: TypeExprKind::Basic(b),
                span: start,
            };
            let e = self.unary()?;
            return Ok(mk_expr(ExprKind::Cast(ty, Box::new(e)), self.from(start)));
        }
        match tok {
            Tok::Kw(Kw::Array) => {
                self.next();
                if self.eat_kw(Kw::Of) {
                    let ty = self.ty()?;
                    let e = self.unary()?;
                    let ty = TypeExpr {
                        kind: TypeExprKind::Array(Box::new(ty)),
                        span: self.from(start),
                    };
                    return Ok(mk_expr(ExprKind::Cast(ty, Box::new(e)), self.from(start)));
                }
                self.expect_op(Op::LBrack)?;
                let size = if self.is_op(Op::RBrack) {
                    None
                } else {
                    Some(Box::new(self.expr()?))
                };
                self.expect_op(Op::RBrack)?;
                self.expect_kw(Kw::Of)?;
                if self.is_op(Op::LBrace) {
                    let elems = self.init_list()?;
                    return Ok(mk_expr(ExprKind::ArrayInit(size, elems), self.from(start)));
                }
                let ty = self.ty()?;
                let Some(size) = size else {
                    return Err(self.syntax_error());
                };
                Ok(mk_expr(ExprKind::ArrayAlloc(size, ty), self.from(start)))
            }
            Tok::Kw(Kw::List) => {
                self.next();
                self.expect_kw(Kw::Of)?;
                self.expect_op(Op::LBrace)?;
                let mut items = vec![self.expr()?];
                while self.eat_op(Op::Comma) {
                    if self.is_op(Op::RBrace) {
                        break;
                    }
                    items.push(self.expr()?);
                }
                self.expect_op(Op::RBrace)?;
                Ok(mk_expr(ExprKind::ListInit(items), self.from(start)))
            }
            Tok::Kw(Kw::Chan) => {
                self.next();
                let size = if self.eat_op(Op::LBrack) {
                    let e = self.expr()?;
                    self.expect_op(Op::RBrack)?;
                    Some(Box::new(e))
                } else {
                    None
                };
                self.expect_kw(Kw::Of)?;
                let ty = self.ty()?;
                Ok(mk_expr(ExprKind::ChanAlloc(size, ty), self.from(start)))
            }
            Tok::Kw(Kw::Fixed) => {
                let ty = self.ty()?;
                let e = self.unary()?;
                Ok(mk_expr(ExprKind::Cast(ty, Box::new(e)), self.from(start)))
            }
            _ => self.postfix(),
        }
    }

    pub(super) fn init_list(&mut self) -> PResult<Vec<InitElem>> {
        self.expect_op(Op::LBrace)?;
        let mut elems = Vec::new();
        while !self.is_op(Op::RBrace) {
            let first = self.qual()?;
            let elem = if self.is_op(Op::Darrow)
                || self.is_kw(Kw::Or)
                || !matches!(first, Qual::Expr(_))
            {
                let mut quals = vec![first];
                while self.eat_kw(Kw::Or) {
                    quals.push(self.qual()?);
                }
                self.expect_op(Op::Darrow)?;
                let value = self.expr()?;
                InitElem { quals, value }
            } else {
                let Qual::Expr(value) = first else {
                    return Err(self.syntax_error());
                };
                InitElem {
                    quals: Vec::new(),
                    value,
                }
            };
            elems.push(elem);
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        self.expect_op(Op::RBrace)?;
        Ok(elems)
    }

    /// Can this token start an operand of a conversion `T e` written with a type name?
    pub(super) fn starts_cast_operand(tok: &Tok) -> bool {
        matches!(
            tok,
            Tok::Ident(_)
                | Tok::Int(_)
                | Tok::Real(_)
                | Tok::Str(_)
                | Tok::Kw(
                    Kw::Nil
                        | Kw::Hd
                        | Kw::Tl
                        | Kw::Len
                        | Kw::Tagof
                        | Kw::Int
                        | Kw::Big
                        | Kw::Byte
                        | Kw::Real
                        | Kw::String
                        | Kw::Array
                        | Kw::List
                        | Kw::Chan
                )
        )
    }

    pub(super) fn postfix(&mut self) -> PResult<Expr> {
        let start = self.span();
        let mut e = self.primary()?;
        if let ExprKind::Ident(name) = &e.kind {
            let next = self.peek().clone();
            if Self::starts_cast_operand(&next) {
                let ty = TypeExpr {
                    kind: TypeExprKind::Named(
                        Ident {
                            name: name.clone(),
                            span: e.span,
                        },
                        Vec::new(),
                    ),
                    span: e.span,
                };
                let operand = self.unary()?;
                return Ok(mk_expr(
                    ExprKind::Cast(ty, Box::new(operand)),
                    self.from(start),
                ));
            }
        }
        loop {
            let tok = self.peek().clone();
            e = match tok {
                Tok::Op(Op::LParen) => {
                    self.next();
                    let mut args = Vec::new();
                    while !self.is_op(Op::RParen) {
                        args.push(self.expr()?);
                        if !self.eat_op(Op::Comma) {
                            break;
                        }
                    }
                    self.expect_op(Op::RParen)?;
                    mk_expr(ExprKind::Call(Box::new(e), args), self.from(start))
                }
                Tok::Op(Op::Dot) => {
                    self.next();
                    let id = self.ident()?;
                    mk_expr(ExprKind::Dot(Box::new(e), id), self.from(start))
                }
                Tok::Op(Op::Arrow) => {
                    self.next();
                    if self.eat_op(Op::LParen) {
                        // `m->(x.f)(...)`: x.f called through module value m; the
                        // term after `->` takes its `.` members first, so
                        // `m->(e).f(...)` calls member f of the value e through m
                        let mut inner = self.expr()?;
                        self.expect_op(Op::RParen)?;
                        while self.eat_op(Op::Dot) {
                            let id = self.ident()?;
                            inner = mk_expr(ExprKind::Dot(Box::new(inner), id), self.from(start));
                        }
                        mk_expr(
                            ExprKind::MethodVia(Box::new(e), Box::new(inner)),
                            self.from(start),
                        )
                    } else {
                        let id = self.ident()?;
                        mk_expr(ExprKind::Arrow(Box::new(e), id), self.from(start))
                    }
                }
                Tok::Op(Op::LBrack) => {
                    self.next();
                    self.index_suffix(e, start)?
                }
                Tok::Op(Op::Inc) => {
                    self.next();
                    mk_expr(
                        ExprKind::Unary(UnOp::PostInc, Box::new(e)),
                        self.from(start),
                    )
                }
                Tok::Op(Op::Dec) => {
                    self.next();
                    mk_expr(
                        ExprKind::Unary(UnOp::PostDec, Box::new(e)),
                        self.from(start),
                    )
                }
                _ => return Ok(e),
            };
        }
    }

    pub(super) fn index_suffix(&mut self, base: Expr, start: Span) -> PResult<Expr> {
        if self.eat_op(Op::Colon) {
            let hi = if self.is_op(Op::RBrack) {
                None
            } else {
                Some(Box::new(self.expr()?))
            };
            self.expect_op(Op::RBrack)?;
            return Ok(mk_expr(
                ExprKind::Slice(Box::new(base), None, hi),
                self.from(start),
            ));
        }
        let first = self.index_arg()?;
        if self.eat_op(Op::Colon) {
            let hi = if self.is_op(Op::RBrack) {
                None
            } else {
                Some(Box::new(self.expr()?))
            };
            self.expect_op(Op::RBrack)?;
            return Ok(mk_expr(
                ExprKind::Slice(Box::new(base), Some(Box::new(first)), hi),
                self.from(start),
            ));
        }
        let mut args = vec![first];
        while self.eat_op(Op::Comma) {
            args.push(self.index_arg()?);
        }
        self.expect_op(Op::RBrack)?;
        Ok(mk_expr(
            ExprKind::Index(Box::new(base), args),
            self.from(start),
        ))
    }

    /// An index expression, or a type argument of an instantiation.
    pub(super) fn index_arg(&mut self) -> PResult<Expr> {
        let start = self.span();
        let is_type = match self.peek().clone() {
            Tok::Kw(Kw::Int | Kw::Big | Kw::Byte | Kw::Real | Kw::String) => {
                !Self::starts_cast_operand(&self.peek_n(1)) && self.peek_n(1) != Tok::Op(Op::LParen)
            }
            Tok::Kw(Kw::Ref | Kw::Fn | Kw::Cyclic) => true,
            Tok::Kw(Kw::Array | Kw::List | Kw::Chan) => {
                self.peek_n(1) == Tok::Kw(Kw::Of) && self.type_then_close()
            }
            _ => false,
        };
        if is_type {
            self.eat_kw(Kw::Cyclic);
            let ty = self.ty()?;
            return Ok(mk_expr(ExprKind::Type(ty), self.from(start)));
        }
        self.expr()
    }

    /// For `array of`/`list of` inside brackets: is it a type (ends at `,` or `]`) or a conversion?
    pub(super) fn type_then_close(&mut self) -> bool {
        let s = match self.streams.last() {
            Some(s) => s,
            None => return false,
        };
        let mut depth = 0i32;
        let mut prev_is_of = false;
        for t in &s.tokens[s.at..] {
            match &t.tok {
                Tok::Op(Op::LParen) | Tok::Op(Op::LBrack) => depth += 1,
                Tok::Op(Op::RParen) => depth -= 1,
                Tok::Op(Op::RBrack) | Tok::Op(Op::Comma) if depth <= 0 => return true,
                Tok::Op(Op::RBrack) => depth -= 1,
                Tok::Kw(Kw::Int | Kw::Big | Kw::Byte | Kw::Real | Kw::String) if prev_is_of => {}
                Tok::Kw(Kw::Of) => {
                    prev_is_of = true;
                    continue;
                }
                Tok::Kw(_) | Tok::Ident(_) | Tok::Op(Op::Dot) | Tok::Op(Op::Arrow) => {}
                Tok::Eof | Tok::Op(Op::Semi) => return false,
                _ => return false,
            }
            prev_is_of = false;
        }
        false
    }

    pub(super) fn primary(&mut self) -> PResult<Expr> {
        let t = self.tok_at(0).clone();
        let kind = match t.tok {
            Tok::Ident(name) => {
                self.next();
                ExprKind::Ident(name)
            }
            Tok::Kw(Kw::Nil) => {
                self.next();
                ExprKind::Nil
            }
            Tok::Int(v) => {
                self.next();
                ExprKind::Int(v)
            }
            Tok::Real(v) => {
                self.next();
                ExprKind::Real(v)
            }
            Tok::Str(s) => {
                self.next();
                ExprKind::Str(s)
            }
            Tok::Op(Op::LParen) => {
                self.next();
                let mut items = vec![self.expr()?];
                while self.eat_op(Op::Comma) {
                    items.push(self.expr()?);
                }
                self.expect_op(Op::RParen)?;
                if items.len() == 1 {
                    let mut e = items.pop().expect("one");
                    e.span = self.from(t.span);
                    return Ok(e);
                }
                ExprKind::Tuple(items)
            }
            _ => return Err(self.syntax_error()),
        };
        Ok(mk_expr(kind, self.from(t.span)))
    }
}
