//! Parsing written types: basic, named, qualified, ref/chan/array/list, tuples, fn, fixed.

use super::{basic_of, PResult, Parser};
use crate::ast::*;
use crate::lexer::{Kw, Op, Tok};

impl Parser<'_> {
    // ---- types ----

    pub(super) fn type_args(&mut self) -> PResult<Vec<TypeArg>> {
        if !self.eat_op(Op::LBrack) {
            return Ok(Vec::new());
        }
        let mut args = Vec::new();
        loop {
            let cyclic = self.eat_kw(Kw::Cyclic);
            let ty = self.ty()?;
            args.push(TypeArg { cyclic, ty });
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        self.expect_op(Op::RBrack)?;
        Ok(args)
    }

    pub(super) fn ty(&mut self) -> PResult<TypeExpr> {
        self.enter()?;
        let r = self.ty_inner();
        self.leave();
        r
    }

    pub(super) fn ty_inner(&mut self) -> PResult<TypeExpr> {
        let start = self.span();
        let tok = self.peek().clone();
        let mut t = if let Some(b) = basic_of(&tok) {
            self.next();
            TypeExpr {
                kind: TypeExprKind::Basic(b),
                span: start,
            }
        } else {
            let kind = match tok {
                Tok::Ident(_) => {
                    let id = self.ident()?;
                    let args = self.type_args()?;
                    TypeExprKind::Named(id, args)
                }
                Tok::Kw(Kw::Ref) => {
                    self.next();
                    TypeExprKind::Ref(Box::new(self.ty()?))
                }
                Tok::Kw(Kw::Chan) => {
                    self.next();
                    self.expect_kw(Kw::Of)?;
                    TypeExprKind::Chan(Box::new(self.ty()?))
                }
                Tok::Kw(Kw::Array) => {
                    self.next();
                    self.expect_kw(Kw::Of)?;
                    TypeExprKind::Array(Box::new(self.ty()?))
                }
                Tok::Kw(Kw::List) => {
                    self.next();
                    self.expect_kw(Kw::Of)?;
                    TypeExprKind::List(Box::new(self.ty()?))
                }
                Tok::Op(Op::LParen) => {
                    self.next();
                    let mut items = vec![self.ty()?];
                    while self.eat_op(Op::Comma) {
                        items.push(self.ty()?);
                    }
                    self.expect_op(Op::RParen)?;
                    if items.len() == 1 {
                        let mut one = items.pop().expect("one");
                        one.span = self.from(start);
                        one.kind
                    } else {
                        TypeExprKind::Tuple(items)
                    }
                }
                Tok::Kw(Kw::Fn) => {
                    self.next();
                    let poly = self.poly_params()?;
                    TypeExprKind::Fn(Box::new(self.fn_sig(poly)?))
                }
                Tok::Kw(Kw::Fixed) => {
                    self.next();
                    self.expect_op(Op::LParen)?;
                    let scale = self.expr()?;
                    let max = if self.eat_op(Op::Comma) {
                        Some(Box::new(self.expr()?))
                    } else {
                        None
                    };
                    self.expect_op(Op::RParen)?;
                    TypeExprKind::Fixed(Box::new(scale), max)
                }
                _ => return Err(self.syntax_error()),
            };
            TypeExpr {
                kind,
                span: self.from(start),
            }
        };
        loop {
            if self.is_op(Op::Dot) && matches!(self.peek_n(1), Tok::Ident(_)) {
                self.next();
                let id = self.ident()?;
                let args = self.type_args()?;
                t = TypeExpr {
                    kind: TypeExprKind::Dot(Box::new(t), id, args),
                    span: self.from(start),
                };
            } else if self.is_op(Op::Arrow) {
                self.next();
                let id = self.ident()?;
                let args = self.type_args()?;
                t = TypeExpr {
                    kind: TypeExprKind::Arrow(Box::new(t), id, args),
                    span: self.from(start),
                };
            } else {
                return Ok(t);
            }
        }
    }
}
