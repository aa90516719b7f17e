//! The syntax tree. Every node carries the span it was parsed from; the checker
//! annotates expressions with their types and constant values in place.

use crate::diag::Span;
use crate::types::TypeId;
use crate::value::Const;

#[derive(Clone, Debug)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A whole compilation unit, includes already spliced in.
#[derive(Clone, Debug, Default)]
pub struct Program {
    pub decls: Vec<Decl>,
}

#[derive(Clone, Debug)]
pub struct Decl {
    pub kind: DeclKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum DeclKind {
    /// `implement A, B;`
    Implement(Vec<Ident>),
    /// `a, b: T [= e];`
    Var {
        names: Vec<Ident>,
        ty: TypeExpr,
        init: Option<Expr>,
    },
    /// `a, b: con e;`
    Con {
        names: Vec<Ident>,
        value: Expr,
    },
    /// `a, b: type T;`
    Type {
        names: Vec<Ident>,
        ty: TypeExpr,
    },
    /// `a, b: import e;`
    Import {
        names: Vec<Ident>,
        from: Expr,
    },
    /// `E: exception(T, ...);`
    Exception {
        names: Vec<Ident>,
        params: Vec<TypeExpr>,
    },
    Adt(AdtDecl),
    Module(ModuleDecl),
    Fn(FnDef),
    /// Top-level `lhs = e;` or `lhs := e;` (an assignment or declaration expression).
    Init(Expr),
}

#[derive(Clone, Debug)]
pub struct AdtDecl {
    pub names: Vec<Ident>,
    pub poly: Vec<Ident>,
    pub members: Vec<AdtMember>,
    pub constraints: Vec<Constraint>,
}

#[derive(Clone, Debug)]
pub enum AdtMember {
    /// Data member or member function (when the type is a `fn`).
    Field {
        names: Vec<Ident>,
        cyclic: bool,
        ty: TypeExpr,
        span: Span,
    },
    Con {
        names: Vec<Ident>,
        value: Expr,
        span: Span,
    },
    Pick {
        variants: Vec<Variant>,
        span: Span,
    },
}

/// One arm of a `pick` inside an adt: `A or B => fields`.
#[derive(Clone, Debug)]
pub struct Variant {
    pub names: Vec<Ident>,
    pub fields: Vec<AdtMember>,
    pub span: Span,
}

/// `T => f: fn(...);` inside a `for { }` clause.
#[derive(Clone, Debug)]
pub struct Constraint {
    pub names: Vec<Ident>,
    pub members: Vec<AdtMember>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct ModuleDecl {
    pub names: Vec<Ident>,
    pub members: Vec<Decl>,
}

#[derive(Clone, Debug)]
pub struct FnDef {
    /// `f`, `Adt.f`, `Adt[T].f` ...: each part with its type parameters.
    pub name: Vec<(Ident, Vec<Ident>)>,
    pub sig: FnSig,
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct FnSig {
    pub poly: Vec<Ident>,
    pub params: Vec<Param>,
    pub varargs: bool,
    pub ret: Option<Box<TypeExpr>>,
    pub constraints: Vec<Constraint>,
    pub raises: Vec<Ident>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Param {
    /// None for a `nil` placeholder name.
    pub name: Option<Ident>,
    pub is_self: bool,
    pub ty: TypeExpr,
}

#[derive(Clone, Debug)]
pub struct TypeExpr {
    pub kind: TypeExprKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasicType {
    Int,
    Big,
    Byte,
    Real,
    String,
}

#[derive(Clone, Debug)]
pub enum TypeExprKind {
    Basic(BasicType),
    /// `Name[args]`
    Named(Ident, Vec<TypeArg>),
    /// `T.Name[args]`
    Dot(Box<TypeExpr>, Ident, Vec<TypeArg>),
    /// `M->Name[args]`
    Arrow(Box<TypeExpr>, Ident, Vec<TypeArg>),
    Ref(Box<TypeExpr>),
    Chan(Box<TypeExpr>),
    Array(Box<TypeExpr>),
    List(Box<TypeExpr>),
    Tuple(Vec<TypeExpr>),
    Fn(Box<FnSig>),
    Fixed(Box<Expr>, Option<Box<Expr>>),
}

#[derive(Clone, Debug)]
pub struct TypeArg {
    pub cyclic: bool,
    pub ty: TypeExpr,
}

/// Identifies a variable of the compilation (an index into `check::Checked::vars`),
/// as the checker records it in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VarId(pub u32);

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    /// Set by the checker.
    pub ty: TypeId,
    /// Set by the checker when the expression is a compile-time constant.
    pub konst: Option<Const>,
    /// Set by the checker for a name that denotes a variable.
    pub var: Option<VarId>,
    /// Set by the checker for a name imported from a module (`print: import sys;`):
    /// the variable holding the module.
    pub via: Option<VarId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Plus,
    Not,
    Compl,
    Deref,
    PreInc,
    PreDec,
    PostInc,
    PostDec,
    Recv,
    Hd,
    Tl,
    Len,
    Ref,
    Tagof,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Power,
    And,
    Or,
    Xor,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    AndAnd,
    OrOr,
    Cons,
}

impl BinOp {
    /// Whether the operator yields a truth value (a comparison, `&&` or `||`),
    /// which code computes by branching.
    pub fn is_truth(self) -> bool {
        matches!(
            self,
            BinOp::Eq
                | BinOp::Ne
                | BinOp::Lt
                | BinOp::Le
                | BinOp::Gt
                | BinOp::Ge
                | BinOp::AndAnd
                | BinOp::OrOr
        )
    }

    pub fn text(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Power => "**",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
            BinOp::Shl => "<<",
            BinOp::Shr => ">>",
            BinOp::Lt => "<",
            BinOp::Gt => ">",
            BinOp::Le => "<=",
            BinOp::Ge => ">=",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::AndAnd => "&&",
            BinOp::OrOr => "||",
            BinOp::Cons => "::",
        }
    }
}

impl UnOp {
    pub fn text(self) -> &'static str {
        match self {
            UnOp::Neg => "-",
            UnOp::Plus => "+",
            UnOp::Not => "!",
            UnOp::Compl => "~",
            UnOp::Deref => "*",
            UnOp::PreInc | UnOp::PostInc => "++",
            UnOp::PreDec | UnOp::PostDec => "--",
            UnOp::Recv => "<-",
            UnOp::Hd => "hd",
            UnOp::Tl => "tl",
            UnOp::Len => "len",
            UnOp::Ref => "ref",
            UnOp::Tagof => "tagof",
        }
    }
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Ident(String),
    Nil,
    Int(i64),
    Real(f64),
    Str(String),
    Tuple(Vec<Expr>),
    Call(Box<Expr>, Vec<Expr>),
    /// `e.name`
    Dot(Box<Expr>, Ident),
    /// `m->name`
    Arrow(Box<Expr>, Ident),
    /// `m->x.f`, where `x` is not a member of module `m`: the member function `f` of
    /// the adt of the local value `x` (the second expression, `x.f`), called through
    /// the module value `m` (set by the checker in place of the parsed `Dot`).
    MethodVia(Box<Expr>, Box<Expr>),
    /// `e[i]`, or an instantiation `Adt[T, U]` when the arguments are types.
    Index(Box<Expr>, Vec<Expr>),
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `a = b` (op None) or `a op= b`.
    Assign(Option<BinOp>, Box<Expr>, Box<Expr>),
    /// `a := b`
    Declare(Box<Expr>, Box<Expr>),
    /// `c <-= v`
    Send(Box<Expr>, Box<Expr>),
    /// `T e`: a conversion.
    Cast(TypeExpr, Box<Expr>),
    /// `load M path`
    Load(Ident, Box<Expr>),
    ArrayAlloc(Box<Expr>, TypeExpr),
    ArrayInit(Option<Box<Expr>>, Vec<InitElem>),
    ListInit(Vec<Expr>),
    ChanAlloc(Option<Box<Expr>>, TypeExpr),
    /// A type written where an expression is parsed (type arguments of an instantiation).
    Type(TypeExpr),
    /// Made by the code generator's inlining, never parsed: compute the first
    /// expression into a temporary that stands for the variable (a parameter of the
    /// inlined function; none for an unnamed one), then the second, whose value this is.
    Comma(Option<VarId>, Box<Expr>, Box<Expr>),
    /// Made by the code generator's inlining, never parsed: the second expression when
    /// the condition holds, else the third.
    Choice(Box<Expr>, Box<Expr>, Box<Expr>),
}

/// An element of an array initialiser: `e`, or `quals => e`.
#[derive(Clone, Debug)]
pub struct InitElem {
    pub quals: Vec<Qual>,
    pub value: Expr,
}

#[derive(Clone, Debug)]
pub enum Qual {
    Expr(Expr),
    Range(Expr, Expr),
    Star(Span),
}

#[derive(Clone, Debug)]
pub struct Arm {
    pub quals: Vec<Qual>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    Empty,
    Expr(Expr),
    Decl(Box<Decl>),
    Block(Vec<Stmt>),
    If(Expr, Box<Stmt>, Option<Box<Stmt>>),
    For {
        label: Option<Ident>,
        init: Option<Box<Expr>>,
        cond: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
        body: Box<Stmt>,
    },
    While {
        label: Option<Ident>,
        cond: Option<Box<Expr>>,
        body: Box<Stmt>,
    },
    DoWhile {
        label: Option<Ident>,
        body: Box<Stmt>,
        cond: Option<Box<Expr>>,
    },
    Case {
        label: Option<Ident>,
        subject: Expr,
        arms: Vec<Arm>,
    },
    Alt {
        label: Option<Ident>,
        arms: Vec<Arm>,
    },
    Pick {
        label: Option<Ident>,
        var: Ident,
        subject: Expr,
        arms: Vec<Arm>,
        /// Set by the checker: a `*` arm or an arm for every tag.
        exhaustive: bool,
    },
    Break(Option<Ident>),
    Continue(Option<Ident>),
    Return(Option<Expr>),
    Spawn(Expr),
    Exit,
    Raise(Option<Expr>),
    /// `{ body } exception [var] { arms }`
    Handle {
        body: Vec<Stmt>,
        var: Option<Ident>,
        arms: Vec<Arm>,
    },
}
