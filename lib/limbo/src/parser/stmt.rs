//! Parsing statements: blocks, control flow, labels, case/alt/pick arms, exception handlers.

use super::{Bad, PResult, Parser};
use crate::ast::*;
use crate::lexer::{Kw, Op, Tok};

impl Parser<'_> {
    // ---- statements ----

    pub(super) fn block(&mut self) -> PResult<Vec<Stmt>> {
        self.expect_op(Op::LBrace)?;
        let stmts = self.stmts_until_brace();
        self.expect_op(Op::RBrace)?;
        Ok(stmts)
    }

    pub(super) fn stmts_until_brace(&mut self) -> Vec<Stmt> {
        let mut out = Vec::new();
        while !self.is_op(Op::RBrace) && !self.at_eof() {
            let before = self.position();
            match self.stmt() {
                Ok(s) => out.push(s),
                Err(Bad) => {
                    self.recover();
                    if self.position() == before {
                        self.next();
                    }
                }
            }
        }
        out
    }

    /// Statements of one arm of case/alt/pick/exception: up to the next arm or `}`.
    pub(super) fn arm_stmts(&mut self) -> Vec<Stmt> {
        let mut out = Vec::new();
        while !self.is_op(Op::RBrace) && !self.at_eof() && !self.at_arm_start() {
            let before = self.position();
            match self.stmt() {
                Ok(s) => out.push(s),
                Err(Bad) => {
                    self.recover();
                    if self.position() == before {
                        self.next();
                    }
                }
            }
        }
        out
    }

    /// Does a new arm (`quals =>`) start here? Scans ahead at depth zero for `=>` before `;`/`{`/`}`.
    pub(super) fn at_arm_start(&mut self) -> bool {
        let s = match self.streams.last() {
            Some(s) => s,
            None => return false,
        };
        let mut depth = 0i32;
        for t in &s.tokens[s.at..] {
            match t.tok {
                Tok::Op(Op::LParen) | Tok::Op(Op::LBrack) => depth += 1,
                Tok::Op(Op::RParen) | Tok::Op(Op::RBrack) => depth -= 1,
                Tok::Op(Op::Darrow) if depth == 0 => return true,
                Tok::Op(Op::Semi) | Tok::Op(Op::LBrace) | Tok::Op(Op::RBrace) | Tok::Eof => {
                    return false
                }
                _ => {}
            }
        }
        false
    }

    pub(super) fn stmt(&mut self) -> PResult<Stmt> {
        self.enter()?;
        let r = self.stmt_inner();
        self.leave();
        r
    }

    pub(super) fn stmt_inner(&mut self) -> PResult<Stmt> {
        let start = self.span();
        let mut label = None;
        if let Tok::Ident(_) = self.peek() {
            match self.peek_n(1) {
                Tok::Op(Op::Colon) => {
                    if matches!(
                        self.peek_n(2),
                        Tok::Kw(Kw::For | Kw::While | Kw::Do | Kw::Case | Kw::Alt | Kw::Pick)
                    ) {
                        label = Some(self.ident()?);
                        self.next();
                    } else {
                        let d = self.decl(false)?;
                        return Ok(Stmt {
                            span: d.span,
                            kind: StmtKind::Decl(Box::new(d)),
                        });
                    }
                }
                Tok::Op(Op::Comma) if self.comma_list_is_decl() => {
                    let d = self.decl(false)?;
                    return Ok(Stmt {
                        span: d.span,
                        kind: StmtKind::Decl(Box::new(d)),
                    });
                }
                _ => {}
            }
        }
        let kind = match self.peek().clone() {
            Tok::Op(Op::Semi) => {
                self.next();
                StmtKind::Empty
            }
            Tok::Op(Op::LBrace) => {
                let body = self.block()?;
                if self.eat_kw(Kw::Exception) {
                    let var = if let Tok::Ident(_) = self.peek() {
                        Some(self.ident()?)
                    } else {
                        None
                    };
                    let arms = self.arms()?;
                    StmtKind::Handle { body, var, arms }
                } else {
                    StmtKind::Block(body)
                }
            }
            Tok::Kw(Kw::If) => {
                self.next();
                self.expect_op(Op::LParen)?;
                let cond = self.expr()?;
                self.expect_op(Op::RParen)?;
                let then = Box::new(self.stmt()?);
                let els = if self.eat_kw(Kw::Else) {
                    Some(Box::new(self.stmt()?))
                } else {
                    None
                };
                StmtKind::If(cond, then, els)
            }
            Tok::Kw(Kw::For) => {
                self.next();
                self.expect_op(Op::LParen)?;
                let init = self.opt_expr(Op::Semi)?.map(Box::new);
                self.expect_op(Op::Semi)?;
                let cond = self.opt_expr(Op::Semi)?.map(Box::new);
                self.expect_op(Op::Semi)?;
                let step = self.opt_expr(Op::RParen)?.map(Box::new);
                self.expect_op(Op::RParen)?;
                let body = Box::new(self.stmt()?);
                StmtKind::For {
                    label,
                    init,
                    cond,
                    step,
                    body,
                }
            }
            Tok::Kw(Kw::While) => {
                self.next();
                self.expect_op(Op::LParen)?;
                let cond = self.opt_expr(Op::RParen)?.map(Box::new);
                self.expect_op(Op::RParen)?;
                let body = Box::new(self.stmt()?);
                StmtKind::While { label, cond, body }
            }
            Tok::Kw(Kw::Do) => {
                self.next();
                let body = Box::new(self.stmt()?);
                self.expect_kw(Kw::While)?;
                self.expect_op(Op::LParen)?;
                let cond = self.opt_expr(Op::RParen)?.map(Box::new);
                self.expect_op(Op::RParen)?;
                self.expect_op(Op::Semi)?;
                StmtKind::DoWhile { label, body, cond }
            }
            Tok::Kw(Kw::Case) => {
                self.next();
                let subject = self.expr()?;
                let arms = self.arms()?;
                StmtKind::Case {
                    label,
                    subject,
                    arms,
                }
            }
            Tok::Kw(Kw::Alt) => {
                self.next();
                let arms = self.arms()?;
                StmtKind::Alt { label, arms }
            }
            Tok::Kw(Kw::Pick) => {
                self.next();
                let var = self.ident()?;
                self.expect_op(Op::Declare)?;
                let subject = self.expr()?;
                let arms = self.arms()?;
                StmtKind::Pick {
                    label,
                    var,
                    subject,
                    arms,
                    exhaustive: false,
                }
            }
            _ if label.is_some() => return Err(self.syntax_error()),
            Tok::Kw(Kw::Break) | Tok::Kw(Kw::Continue) => {
                let is_break = self.is_kw(Kw::Break);
                self.next();
                let target = if let Tok::Ident(_) = self.peek() {
                    Some(self.ident()?)
                } else {
                    None
                };
                self.expect_op(Op::Semi)?;
                if is_break {
                    StmtKind::Break(target)
                } else {
                    StmtKind::Continue(target)
                }
            }
            Tok::Kw(Kw::Return) => {
                self.next();
                let e = self.opt_expr(Op::Semi)?;
                self.expect_op(Op::Semi)?;
                StmtKind::Return(e)
            }
            Tok::Kw(Kw::Spawn) => {
                self.next();
                let e = self.expr()?;
                self.expect_op(Op::Semi)?;
                StmtKind::Spawn(e)
            }
            Tok::Kw(Kw::Exit) => {
                self.next();
                self.expect_op(Op::Semi)?;
                StmtKind::Exit
            }
            Tok::Kw(Kw::Raise) => {
                self.next();
                let e = self.opt_expr(Op::Semi)?;
                self.expect_op(Op::Semi)?;
                StmtKind::Raise(e)
            }
            _ => {
                let e = self.expr()?;
                self.expect_op(Op::Semi)?;
                StmtKind::Expr(e)
            }
        };
        Ok(Stmt {
            kind,
            span: self.from(start),
        })
    }

    /// After `a, b` decide between a declaration `a, b: T;` and an expression.
    pub(super) fn comma_list_is_decl(&mut self) -> bool {
        let mut i = 0;
        loop {
            match (self.peek_n(i), self.peek_n(i + 1)) {
                (Tok::Ident(_), Tok::Op(Op::Comma)) => i += 2,
                (Tok::Ident(_), Tok::Op(Op::Colon)) => return true,
                _ => return false,
            }
        }
    }

    pub(super) fn opt_expr(&mut self, end: Op) -> PResult<Option<Expr>> {
        if self.is_op(end) {
            Ok(None)
        } else {
            Ok(Some(self.expr()?))
        }
    }

    pub(super) fn arms(&mut self) -> PResult<Vec<Arm>> {
        self.expect_op(Op::LBrace)?;
        let mut arms = Vec::new();
        while !self.is_op(Op::RBrace) && !self.at_eof() {
            let start = self.span();
            let quals = match self.quals() {
                Ok(q) => q,
                Err(Bad) => {
                    self.recover();
                    continue;
                }
            };
            if self.expect_op(Op::Darrow).is_err() {
                self.recover();
                continue;
            }
            let body = self.arm_stmts();
            arms.push(Arm {
                quals,
                body,
                span: self.from(start),
            });
        }
        self.expect_op(Op::RBrace)?;
        Ok(arms)
    }

    pub(super) fn quals(&mut self) -> PResult<Vec<Qual>> {
        let mut quals = vec![self.qual()?];
        while self.eat_kw(Kw::Or) {
            quals.push(self.qual()?);
        }
        Ok(quals)
    }

    pub(super) fn qual(&mut self) -> PResult<Qual> {
        if self.is_op(Op::Star) && matches!(self.peek_n(1), Tok::Op(Op::Darrow) | Tok::Kw(Kw::Or)) {
            let s = self.next().span;
            return Ok(Qual::Star(s));
        }
        let e = self.expr()?;
        if self.eat_kw(Kw::To) {
            let hi = self.expr()?;
            return Ok(Qual::Range(e, hi));
        }
        Ok(Qual::Expr(e))
    }
}
