//! The parser: tokens to the syntax tree, splicing `include`d files in as it goes.
//! A syntax error is reported and the parser skips to the next `;` or `}` at the
//! current nesting level, so one run reports many errors.

use crate::ast::*;
use crate::diag::{Diagnostics, Files, Span};
use crate::lexer::{lex, Kw, Op, Tok, Token};
use crate::source::SourceLoader;
use crate::types::TypeId;

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
    let tokens = lex(text, file, diags);
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
const MAX_DEPTH: u32 = 400;

struct Parser<'a> {
    streams: Vec<Stream>,
    loader: &'a mut SourceLoader,
    files: &'a mut Files,
    diags: &'a mut Diagnostics,
    last_end: Span,
    depth: u32,
}

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
        self.expect_op(Op::Semi)?;
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

    // ---- types ----

    fn type_args(&mut self) -> PResult<Vec<TypeArg>> {
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

    fn ty(&mut self) -> PResult<TypeExpr> {
        self.enter()?;
        let r = self.ty_inner();
        self.leave();
        r
    }

    fn ty_inner(&mut self) -> PResult<TypeExpr> {
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

    // ---- statements ----

    fn block(&mut self) -> PResult<Vec<Stmt>> {
        self.expect_op(Op::LBrace)?;
        let stmts = self.stmts_until_brace();
        self.expect_op(Op::RBrace)?;
        Ok(stmts)
    }

    fn stmts_until_brace(&mut self) -> Vec<Stmt> {
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
    fn arm_stmts(&mut self) -> Vec<Stmt> {
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
    fn at_arm_start(&mut self) -> bool {
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

    fn stmt(&mut self) -> PResult<Stmt> {
        self.enter()?;
        let r = self.stmt_inner();
        self.leave();
        r
    }

    fn stmt_inner(&mut self) -> PResult<Stmt> {
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
    fn comma_list_is_decl(&mut self) -> bool {
        let mut i = 0;
        loop {
            match (self.peek_n(i), self.peek_n(i + 1)) {
                (Tok::Ident(_), Tok::Op(Op::Comma)) => i += 2,
                (Tok::Ident(_), Tok::Op(Op::Colon)) => return true,
                _ => return false,
            }
        }
    }

    fn opt_expr(&mut self, end: Op) -> PResult<Option<Expr>> {
        if self.is_op(end) {
            Ok(None)
        } else {
            Ok(Some(self.expr()?))
        }
    }

    fn arms(&mut self) -> PResult<Vec<Arm>> {
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

    fn quals(&mut self) -> PResult<Vec<Qual>> {
        let mut quals = vec![self.qual()?];
        while self.eat_kw(Kw::Or) {
            quals.push(self.qual()?);
        }
        Ok(quals)
    }

    fn qual(&mut self) -> PResult<Qual> {
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

    // ---- expressions ----

    pub(crate) fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.assign_expr();
        self.leave();
        r
    }

    fn assign_expr(&mut self) -> PResult<Expr> {
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

    fn binary(&mut self, min: u8) -> PResult<Expr> {
        let start = self.span();
        let mut lhs = self.unary()?;
        while let Some((op, prec, right)) = binop_of(self.peek()) {
            if prec < min {
                break;
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

    fn unary(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.unary_inner();
        self.leave();
        r
    }

    fn unary_inner(&mut self) -> PResult<Expr> {
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

    fn init_list(&mut self) -> PResult<Vec<InitElem>> {
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
    fn starts_cast_operand(tok: &Tok) -> bool {
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

    fn postfix(&mut self) -> PResult<Expr> {
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
                    let id = self.ident()?;
                    mk_expr(ExprKind::Arrow(Box::new(e), id), self.from(start))
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

    fn index_suffix(&mut self, base: Expr, start: Span) -> PResult<Expr> {
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
    fn index_arg(&mut self) -> PResult<Expr> {
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
    fn type_then_close(&mut self) -> bool {
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

    fn primary(&mut self) -> PResult<Expr> {
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
