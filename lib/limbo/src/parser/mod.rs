//! The parser: tokens to the syntax tree, splicing `include`d files in as it goes.
//! A syntax error is reported and the parser skips to the next `;` or `}` at the
//! current nesting level, so one run reports many errors.

use crate::ast::*;
use crate::diag::{Diagnostics, Files, Span};
use crate::lexer::{lex, Kw, Op, Tok, Token};
use crate::source::SourceLoader;
use crate::types::TypeId;

mod expr;
mod stmt;
mod types;

/// Parse a file and everything it includes.
pub fn parse_file(
    path: &str,
    loader: &mut SourceLoader,
    files: &mut Files,
    diags: &mut Diagnostics,
) -> Program {
    let Some((file, tokens)) = loader.load_main(path, files, diags) else {
        return Program::default();
    };
    let mut p = Parser {
        streams: vec![Stream {
            tokens,
            at: 0,
            file,
        }],
        loader,
        files,
        diags,
        last_end: Span::default(),
        depth: 0,
    };
    let decls = p.top_decls();
    Program { decls }
}

/// Parse text that has no file behind it (tests, fuzzing).
pub fn parse_text(
    name: &str,
    text: &str,
    loader: &mut SourceLoader,
    files: &mut Files,
    diags: &mut Diagnostics,
) -> Program {
    let file = files.add(name);
    let tokens = lex(text, file, files, diags);
    let mut p = Parser {
        streams: vec![Stream {
            tokens,
            at: 0,
            file,
        }],
        loader,
        files,
        diags,
        last_end: Span::default(),
        depth: 0,
    };
    let decls = p.top_decls();
    Program { decls }
}

struct Stream {
    tokens: Vec<Token>,
    at: usize,
    file: u32,
}

/// Marker for a syntax error already reported; the caller resynchronises.
struct Bad;

type PResult<T> = Result<T, Bad>;

/// Nesting limit for expressions and statements, so hostile input cannot overflow the stack.
pub(super) const MAX_DEPTH: u32 = 400;

struct Parser<'a> {
    streams: Vec<Stream>,
    loader: &'a mut SourceLoader,
    files: &'a mut Files,
    diags: &'a mut Diagnostics,
    last_end: Span,
    depth: u32,
}

fn basic_of(tok: &Tok) -> Option<BasicType> {
    Some(match tok {
        Tok::Kw(Kw::Int) => BasicType::Int,
        Tok::Kw(Kw::Big) => BasicType::Big,
        Tok::Kw(Kw::Byte) => BasicType::Byte,
        Tok::Kw(Kw::Real) => BasicType::Real,
        Tok::Kw(Kw::String) => BasicType::String,
        _ => return None,
    })
}

pub(crate) fn mk_expr(kind: ExprKind, span: Span) -> Expr {
    Expr {
        kind,
        span,
        ty: TypeId::UNKNOWN,
        konst: None,
        var: None,
        via: None,
    }
}

impl Parser<'_> {
    // ---- token access ----

    /// Make the top stream point at a real token: finish included files, splice new ones.
    fn settle(&mut self) {
        loop {
            let Some(s) = self.streams.last() else { return };
            let tok = s.tokens.get(s.at).map(|t| &t.tok);
            match tok {
                Some(Tok::Eof) | None if self.streams.len() > 1 => {
                    self.streams.pop();
                }
                Some(Tok::Kw(Kw::Include)) => {
                    let span = s.tokens[s.at].span;
                    let name = match s.tokens.get(s.at + 1).map(|t| &t.tok) {
                        Some(Tok::Str(n)) => n.clone(),
                        _ => return,
                    };
                    let file = s.file;
                    let has_semi = matches!(
                        s.tokens.get(s.at + 2).map(|t| &t.tok),
                        Some(Tok::Op(Op::Semi))
                    );
                    if let Some(s) = self.streams.last_mut() {
                        s.at += if has_semi { 3 } else { 2 };
                    }
                    if !has_semi {
                        self.diags
                            .error(span, "syntax error near include: missing ;");
                    }
                    if self.streams.len() > 32 {
                        self.diags
                            .error(span, format!("include of \"{name}\" nested too deeply"));
                        continue;
                    }
                    let dir = self.files.name(file).to_string();
                    if let Some((file, tokens)) = self
                        .loader
                        .load_include(&name, &dir, span, self.files, self.diags)
                    {
                        self.streams.push(Stream {
                            tokens,
                            at: 0,
                            file,
                        });
                    }
                }
                _ => return,
            }
        }
    }

    fn tok_at(&mut self, n: usize) -> &Token {
        self.settle();
        let s = self.streams.last().expect("stream");
        let i = (s.at + n).min(s.tokens.len() - 1);
        &s.tokens[i]
    }
    fn peek(&mut self) -> &Tok {
        &self.tok_at(0).tok
    }
    fn peek_n(&mut self, n: usize) -> Tok {
        self.tok_at(n).tok.clone()
    }
    fn span(&mut self) -> Span {
        self.tok_at(0).span
    }
    /// Consume the current token. Tokens are moved out: the parser never looks back.
    fn next(&mut self) -> Token {
        self.settle();
        let Some(s) = self.streams.last_mut() else {
            return Token {
                tok: Tok::Eof,
                span: self.last_end,
            };
        };
        let t = if s.at < s.tokens.len() - 1 {
            let span = s.tokens[s.at].span;
            let t = std::mem::replace(
                &mut s.tokens[s.at],
                Token {
                    tok: Tok::Eof,
                    span,
                },
            );
            s.at += 1;
            t
        } else {
            s.tokens[s.at].clone()
        };
        self.last_end = t.span;
        t
    }
    fn is(&mut self, t: &Tok) -> bool {
        self.peek() == t
    }
    fn is_op(&mut self, op: Op) -> bool {
        *self.peek() == Tok::Op(op)
    }
    fn is_kw(&mut self, kw: Kw) -> bool {
        *self.peek() == Tok::Kw(kw)
    }
    fn eat_op(&mut self, op: Op) -> bool {
        if self.is_op(op) {
            self.next();
            true
        } else {
            false
        }
    }
    fn eat_kw(&mut self, kw: Kw) -> bool {
        if self.is_kw(kw) {
            self.next();
            true
        } else {
            false
        }
    }
    fn from(&self, start: Span) -> Span {
        start.to(self.last_end)
    }

    fn syntax_error(&mut self) -> Bad {
        let t = self.tok_at(0).clone();
        let msg = match t.tok {
            Tok::Eof => "syntax error at end of file".to_string(),
            other => format!("syntax error near {}", other.describe()),
        };
        self.diags.error(t.span, msg);
        Bad
    }
    fn expect_op(&mut self, op: Op) -> PResult<()> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.syntax_error())
        }
    }
    fn expect_kw(&mut self, kw: Kw) -> PResult<()> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.syntax_error())
        }
    }
    fn ident(&mut self) -> PResult<Ident> {
        let t = self.tok_at(0).clone();
        if let Tok::Ident(name) = t.tok {
            self.next();
            Ok(Ident { name, span: t.span })
        } else {
            Err(self.syntax_error())
        }
    }
    fn at_eof(&mut self) -> bool {
        self.settle();
        self.streams.len() == 1 && self.is(&Tok::Eof)
    }

    /// Skip to just after the next `;` (or before a `}`) at this nesting level.
    fn recover(&mut self) {
        let mut depth = 0i32;
        loop {
            match self.peek().clone() {
                Tok::Eof if self.streams.len() == 1 => return,
                Tok::Op(Op::LBrace) | Tok::Op(Op::LParen) | Tok::Op(Op::LBrack) => depth += 1,
                Tok::Op(Op::RParen) | Tok::Op(Op::RBrack) => depth = (depth - 1).max(0),
                Tok::Op(Op::RBrace) => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                    if depth == 0 {
                        self.next();
                        if self.is_op(Op::Semi) {
                            self.next();
                        }
                        return;
                    }
                }
                Tok::Op(Op::Semi) if depth == 0 => {
                    self.next();
                    return;
                }
                _ => {}
            }
            self.next();
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let span = self.span();
            self.diags.error(span, "program too deeply nested");
            return Err(Bad);
        }
        Ok(())
    }
    fn leave(&mut self) {
        self.depth -= 1;
    }

    // ---- declarations ----

    fn top_decls(&mut self) -> Vec<Decl> {
        let mut out = Vec::new();
        while !self.at_eof() {
            if self.is_op(Op::RBrace) {
                let _ = self.syntax_error();
                self.next();
                continue;
            }
            let before = self.position();
            match self.top_decl() {
                Ok(d) => out.push(d),
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

    fn position(&self) -> (usize, usize) {
        (
            self.streams.len(),
            self.streams.last().map(|s| s.at).unwrap_or(0),
        )
    }

    fn top_decl(&mut self) -> PResult<Decl> {
        let start = self.span();
        if self.eat_kw(Kw::Implement) {
            let mut names = vec![self.ident()?];
            while self.eat_op(Op::Comma) {
                names.push(self.ident()?);
            }
            self.expect_op(Op::Semi)?;
            return Ok(Decl {
                kind: DeclKind::Implement(names),
                span: self.from(start),
            });
        }
        if let Tok::Ident(_) = self.peek() {
            match self.peek_n(1) {
                Tok::Op(Op::Colon) | Tok::Op(Op::Comma) => return self.decl(true),
                Tok::Op(Op::LParen) | Tok::Op(Op::Dot) | Tok::Op(Op::LBrack) => {
                    return self.fn_def()
                }
                _ => {}
            }
        }
        let e = self.expr()?;
        self.expect_op(Op::Semi)?;
        Ok(Decl {
            kind: DeclKind::Init(e),
            span: self.from(start),
        })
    }

    fn idlist(&mut self) -> PResult<Vec<Ident>> {
        let mut names = vec![self.ident()?];
        while self.eat_op(Op::Comma) {
            names.push(self.ident()?);
        }
        Ok(names)
    }

    /// `idlist : ...` declarations; `top` allows adt and module declarations.
    fn decl(&mut self, top: bool) -> PResult<Decl> {
        let start = self.span();
        let names = self.idlist()?;
        self.expect_op(Op::Colon)?;
        let kind = match self.peek().clone() {
            Tok::Kw(Kw::Type) => {
                self.next();
                let ty = self.ty()?;
                DeclKind::Type { names, ty }
            }
            Tok::Kw(Kw::Import) => {
                self.next();
                let from = self.expr()?;
                DeclKind::Import { names, from }
            }
            Tok::Kw(Kw::Con) => {
                self.next();
                let value = self.expr()?;
                DeclKind::Con { names, value }
            }
            Tok::Kw(Kw::Exception) => {
                self.next();
                let mut params = Vec::new();
                if self.eat_op(Op::LParen) {
                    params.push(self.ty()?);
                    while self.eat_op(Op::Comma) {
                        params.push(self.ty()?);
                    }
                    self.expect_op(Op::RParen)?;
                }
                DeclKind::Exception { names, params }
            }
            Tok::Kw(Kw::Adt) => {
                self.next();
                DeclKind::Adt(self.adt_body(names)?)
            }
            Tok::Kw(Kw::Module) if top => {
                self.next();
                DeclKind::Module(self.module_body(names)?)
            }
            _ => {
                let ty = self.ty()?;
                let init = if self.eat_op(Op::Assign) {
                    Some(self.expr()?)
                } else {
                    None
                };
                DeclKind::Var { names, ty, init }
            }
        };
        // A complete declaration missing only its `;` is kept, so later uses of it
        // do not report errors of their own.
        if !self.eat_op(Op::Semi) {
            let _ = self.syntax_error();
        }
        Ok(Decl {
            kind,
            span: self.from(start),
        })
    }

    fn poly_params(&mut self) -> PResult<Vec<Ident>> {
        if !self.eat_op(Op::LBrack) {
            return Ok(Vec::new());
        }
        let names = self.idlist()?;
        self.expect_op(Op::RBrack)?;
        Ok(names)
    }

    fn adt_body(&mut self, names: Vec<Ident>) -> PResult<AdtDecl> {
        let poly = self.poly_params()?;
        let mut constraints = Vec::new();
        if self.is_kw(Kw::For) {
            constraints = self.for_clause()?;
        }
        self.expect_op(Op::LBrace)?;
        let mut members = Vec::new();
        while !self.is_op(Op::RBrace) && !self.at_eof() {
            match self.adt_member(true) {
                Ok(m) => members.push(m),
                Err(Bad) => self.recover(),
            }
        }
        self.expect_op(Op::RBrace)?;
        if constraints.is_empty() && self.is_kw(Kw::For) {
            constraints = self.for_clause()?;
        }
        Ok(AdtDecl {
            names,
            poly,
            members,
            constraints,
        })
    }

    fn adt_member(&mut self, allow_pick: bool) -> PResult<AdtMember> {
        let start = self.span();
        if allow_pick && self.eat_kw(Kw::Pick) {
            self.expect_op(Op::LBrace)?;
            let mut variants = Vec::new();
            while !self.is_op(Op::RBrace) && !self.at_eof() {
                let vstart = self.span();
                let mut vnames = vec![self.ident()?];
                while self.eat_kw(Kw::Or) {
                    vnames.push(self.ident()?);
                }
                self.expect_op(Op::Darrow)?;
                let mut fields = Vec::new();
                while matches!(self.peek(), Tok::Ident(_))
                    && !matches!(self.peek_n(1), Tok::Op(Op::Darrow) | Tok::Kw(Kw::Or))
                {
                    match self.adt_member(false) {
                        Ok(f) => fields.push(f),
                        Err(Bad) => self.recover(),
                    }
                }
                variants.push(Variant {
                    names: vnames,
                    fields,
                    span: self.from(vstart),
                });
            }
            self.expect_op(Op::RBrace)?;
            self.eat_op(Op::Semi);
            return Ok(AdtMember::Pick {
                variants,
                span: self.from(start),
            });
        }
        let names = self.idlist()?;
        self.expect_op(Op::Colon)?;
        if self.eat_kw(Kw::Con) {
            let value = self.expr()?;
            self.expect_op(Op::Semi)?;
            return Ok(AdtMember::Con {
                names,
                value,
                span: self.from(start),
            });
        }
        let cyclic = self.eat_kw(Kw::Cyclic);
        let ty = self.ty()?;
        self.expect_op(Op::Semi)?;
        Ok(AdtMember::Field {
            names,
            cyclic,
            ty,
            span: self.from(start),
        })
    }

    fn for_clause(&mut self) -> PResult<Vec<Constraint>> {
        self.expect_kw(Kw::For)?;
        self.expect_op(Op::LBrace)?;
        let mut out = Vec::new();
        while !self.is_op(Op::RBrace) && !self.at_eof() {
            let start = self.span();
            let names = self.idlist()?;
            self.expect_op(Op::Darrow)?;
            let mut members = Vec::new();
            while matches!(self.peek(), Tok::Ident(_))
                && !matches!(self.peek_n(1), Tok::Op(Op::Darrow))
            {
                match self.adt_member(false) {
                    Ok(m) => members.push(m),
                    Err(Bad) => self.recover(),
                }
            }
            out.push(Constraint {
                names,
                members,
                span: self.from(start),
            });
        }
        self.expect_op(Op::RBrace)?;
        Ok(out)
    }

    fn module_body(&mut self, names: Vec<Ident>) -> PResult<ModuleDecl> {
        self.expect_op(Op::LBrace)?;
        let mut members = Vec::new();
        while !self.is_op(Op::RBrace) && !self.at_eof() {
            match self.decl(false) {
                Ok(d) => members.push(d),
                Err(Bad) => self.recover(),
            }
        }
        self.expect_op(Op::RBrace)?;
        Ok(ModuleDecl { names, members })
    }

    fn fn_def(&mut self) -> PResult<Decl> {
        let start = self.span();
        let mut name = Vec::new();
        loop {
            let id = self.ident()?;
            let poly = self.poly_params()?;
            name.push((id, poly));
            if !self.eat_op(Op::Dot) {
                break;
            }
        }
        let mut sig = self.fn_sig(Vec::new())?;
        if let Some((_, poly)) = name.last() {
            sig.poly = poly.clone();
        }
        let body = self.block()?;
        let span = self.from(start);
        Ok(Decl {
            kind: DeclKind::Fn(FnDef {
                name,
                sig,
                body,
                span,
            }),
            span,
        })
    }

    fn fn_sig(&mut self, poly: Vec<Ident>) -> PResult<FnSig> {
        let start = self.span();
        self.expect_op(Op::LParen)?;
        let mut params = Vec::new();
        let mut varargs = false;
        while !self.is_op(Op::RParen) {
            if self.eat_op(Op::Star) {
                varargs = true;
                break;
            }
            let mut names = Vec::new();
            loop {
                if self.eat_kw(Kw::Nil) {
                    names.push(None);
                } else {
                    names.push(Some(self.ident()?));
                }
                if !self.eat_op(Op::Comma) {
                    break;
                }
            }
            self.expect_op(Op::Colon)?;
            let is_self = self.eat_kw(Kw::Self_);
            let ty = self.ty()?;
            for name in names {
                params.push(Param {
                    name,
                    is_self,
                    ty: ty.clone(),
                });
            }
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        self.expect_op(Op::RParen)?;
        let ret = if self.eat_op(Op::Colon) {
            Some(Box::new(self.ty()?))
        } else {
            None
        };
        let constraints = if self.is_kw(Kw::For) {
            self.for_clause()?
        } else {
            Vec::new()
        };
        let mut raises = Vec::new();
        if self.eat_kw(Kw::Raises) {
            if self.eat_op(Op::LParen) {
                raises = self.idlist()?;
                self.expect_op(Op::RParen)?;
            } else {
                raises.push(self.ident()?);
            }
        }
        Ok(FnSig {
            poly,
            params,
            varargs,
            ret,
            constraints,
            raises,
            span: self.from(start),
        })
    }
}
