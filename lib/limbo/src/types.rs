//! The type table: every type of a compilation, interned by id, with structural
//! equality, substitution of type parameters, and sizes and alignments on the
//! 32-bit Dis word model (pointers 4 bytes, big and real 8 with 8-byte alignment).

use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TypeId(pub u32);

impl TypeId {
    /// The type of an expression not yet checked, or one that failed to check.
    pub const UNKNOWN: TypeId = TypeId(0);
    pub const INT: TypeId = TypeId(1);
    pub const BIG: TypeId = TypeId(2);
    pub const BYTE: TypeId = TypeId(3);
    pub const REAL: TypeId = TypeId(4);
    pub const STRING: TypeId = TypeId(5);
    /// No value: the result of a procedure.
    pub const NONE: TypeId = TypeId(6);
    /// The type of the literal `nil`.
    pub const NIL: TypeId = TypeId(7);
    /// The opaque value of a bare `*` exception handler arm.
    pub const EXCEPTION: TypeId = TypeId(8);
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AdtId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ModId(pub u32);

#[derive(Clone, Debug, PartialEq)]
pub struct FnType {
    pub params: Vec<ParamType>,
    pub ret: TypeId,
    pub varargs: bool,
    /// Type parameters (`Poly` types) of a polymorphic function.
    pub poly: Vec<TypeId>,
    /// Names of the exceptions in a `raises` clause.
    pub raises: Vec<String>,
    /// `for { T => f: fn(..); }`: (type parameter, member name, member type).
    pub constraints: Vec<(TypeId, String, TypeId)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParamType {
    pub name: Option<String>,
    pub ty: TypeId,
    pub is_self: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    Unknown,
    Int,
    Big,
    Byte,
    Real,
    String,
    None,
    Nil,
    AnyException,
    Ref(TypeId),
    Array(TypeId),
    List(TypeId),
    Chan(TypeId),
    Tuple(Vec<TypeId>),
    /// An adt, with the type arguments of a polymorphic adt (empty otherwise).
    Adt(AdtId, Vec<TypeId>),
    /// A pick variant: the adt, the variant group (tags declared together share one), type arguments.
    Variant(AdtId, usize, Vec<TypeId>),
    Fn(Box<FnType>),
    Module(ModId),
    /// A type parameter; the number is unique in the compilation.
    Poly(u32, String),
    /// A declared exception carrying values of these types.
    Exception(Vec<TypeId>),
    Fixed(FixedScale),
}

/// Scale and bound of a fixed-point type, kept as bit patterns so types can be hashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FixedScale {
    pub scale: u64,
    pub max: u64,
}

impl FixedScale {
    /// The value of one unit of the underlying int: the declared scale divided by
    /// the largest power of two that still lets twice the maximum fit in 32 bits
    /// (as the original chooses it; no maximum means the full 32 bits).
    pub fn unit(&self) -> f64 {
        let scale = f64::from_bits(self.scale);
        match self.bits() {
            Some(p) if p < 32 => scale / f64::from(1u32 << (32 - p)),
            _ => scale,
        }
    }

    /// The bits the type's range needs, `None` if it cannot fit in an int.
    pub fn bits(&self) -> Option<u32> {
        let (scale, max) = (f64::from_bits(self.scale), f64::from_bits(self.max));
        let k: i64 = if max == 0.0 {
            (1i64 << 32) - 1
        } else {
            2 * ((max / scale + 0.5) as i64) + 1
        };
        let mut p = 0;
        while p <= 32 && (1i64 << p) < k {
            p += 1;
        }
        (1..=32).contains(&p).then_some(p)
    }
}

#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub ty: TypeId,
    pub cyclic: bool,
    /// Where the field was declared.
    pub span: crate::diag::Span,
}

#[derive(Clone, Debug, Default)]
pub struct VariantGroup {
    pub fields: Vec<Field>,
}

/// Everything declared inside an adt.
#[derive(Clone, Debug, Default)]
pub struct AdtInfo {
    pub name: String,
    pub fields: Vec<Field>,
    /// Member functions: name and function type (self parameter included).
    pub methods: Vec<(String, TypeId)>,
    pub consts: Vec<(String, TypeId, crate::value::Const)>,
    /// Pick tags in declaration order: (name, variant group).
    pub tags: Vec<(String, usize)>,
    pub groups: Vec<VariantGroup>,
    /// Type parameters of a polymorphic adt.
    pub poly: Vec<TypeId>,
    /// `for` constraints of a polymorphic adt: (type parameter, member, type).
    pub constraints: Vec<(TypeId, String, TypeId)>,
    /// The module the adt was declared in, if any.
    pub module: Option<ModId>,
    pub is_pick: bool,
    /// Where the adt was declared.
    pub span: crate::diag::Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MemberKind {
    Fn,
    Data,
    Con(crate::value::Const),
    Type,
    Exception,
}

/// A member of a module interface.
#[derive(Clone, Debug)]
pub struct ModMember {
    pub name: String,
    pub ty: TypeId,
    pub kind: MemberKind,
    /// Where the member was declared.
    pub span: crate::diag::Span,
}

#[derive(Clone, Debug, Default)]
pub struct ModInfo {
    pub name: String,
    pub members: Vec<ModMember>,
}

impl ModInfo {
    pub fn member(&self, name: &str) -> Option<&ModMember> {
        self.members.iter().find(|m| m.name == name)
    }
}

/// All the types of one compilation.
pub struct Types {
    types: Vec<Type>,
    interned: HashMap<TypeKey, TypeId>,
    pub adts: Vec<AdtInfo>,
    pub mods: Vec<ModInfo>,
    next_poly: u32,
}

/// Interning key: the structural description of non-nominal types.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum TypeKey {
    Ref(TypeId),
    Array(TypeId),
    List(TypeId),
    Chan(TypeId),
    Tuple(Vec<TypeId>),
    Adt(AdtId, Vec<TypeId>),
    Variant(AdtId, usize, Vec<TypeId>),
    Module(ModId),
    Fixed(FixedScale),
}

impl Default for Types {
    fn default() -> Self {
        Self::new()
    }
}

impl Types {
    pub fn new() -> Types {
        let types = vec![
            Type::Unknown,
            Type::Int,
            Type::Big,
            Type::Byte,
            Type::Real,
            Type::String,
            Type::None,
            Type::Nil,
            Type::AnyException,
        ];
        Types {
            types,
            interned: HashMap::new(),
            adts: Vec::new(),
            mods: Vec::new(),
            next_poly: 0,
        }
    }

    pub fn get(&self, t: TypeId) -> &Type {
        self.types.get(t.0 as usize).unwrap_or(&Type::Unknown)
    }

    fn add(&mut self, t: Type) -> TypeId {
        self.types.push(t);
        TypeId((self.types.len() - 1) as u32)
    }

    fn intern(&mut self, key: TypeKey, t: Type) -> TypeId {
        if let Some(id) = self.interned.get(&key) {
            return *id;
        }
        let id = self.add(t);
        self.interned.insert(key, id);
        id
    }

    pub fn mk_ref(&mut self, t: TypeId) -> TypeId {
        self.intern(TypeKey::Ref(t), Type::Ref(t))
    }
    pub fn mk_array(&mut self, t: TypeId) -> TypeId {
        self.intern(TypeKey::Array(t), Type::Array(t))
    }
    pub fn mk_list(&mut self, t: TypeId) -> TypeId {
        self.intern(TypeKey::List(t), Type::List(t))
    }
    pub fn mk_chan(&mut self, t: TypeId) -> TypeId {
        self.intern(TypeKey::Chan(t), Type::Chan(t))
    }
    pub fn mk_tuple(&mut self, ts: Vec<TypeId>) -> TypeId {
        self.intern(TypeKey::Tuple(ts.clone()), Type::Tuple(ts))
    }
    pub fn mk_adt(&mut self, a: AdtId, args: Vec<TypeId>) -> TypeId {
        self.intern(TypeKey::Adt(a, args.clone()), Type::Adt(a, args))
    }
    pub fn mk_variant(&mut self, a: AdtId, group: usize, args: Vec<TypeId>) -> TypeId {
        self.intern(
            TypeKey::Variant(a, group, args.clone()),
            Type::Variant(a, group, args),
        )
    }
    pub fn mk_module(&mut self, m: ModId) -> TypeId {
        self.intern(TypeKey::Module(m), Type::Module(m))
    }
    pub fn mk_fixed(&mut self, scale: f64, max: f64) -> TypeId {
        let s = FixedScale {
            scale: scale.to_bits(),
            max: max.to_bits(),
        };
        self.intern(TypeKey::Fixed(s), Type::Fixed(s))
    }
    pub fn mk_fn(&mut self, f: FnType) -> TypeId {
        self.add(Type::Fn(Box::new(f)))
    }
    pub fn mk_exception(&mut self, params: Vec<TypeId>) -> TypeId {
        self.add(Type::Exception(params))
    }
    pub fn mk_poly(&mut self, name: &str) -> TypeId {
        self.next_poly += 1;
        self.add(Type::Poly(self.next_poly, name.to_string()))
    }
    pub fn new_adt(&mut self, info: AdtInfo) -> AdtId {
        self.adts.push(info);
        AdtId((self.adts.len() - 1) as u32)
    }
    pub fn new_module(&mut self, info: ModInfo) -> ModId {
        self.mods.push(info);
        ModId((self.mods.len() - 1) as u32)
    }
    pub fn adt(&self, a: AdtId) -> &AdtInfo {
        &self.adts[a.0 as usize]
    }
    /// A constant declared in the adt of a value (or reference) of type `t`:
    /// its type and value.
    pub fn adt_const(&self, t: TypeId, name: &str) -> Option<(TypeId, crate::value::Const)> {
        let inner = match self.get(t) {
            Type::Ref(i) => *i,
            _ => t,
        };
        match self.get(inner) {
            Type::Adt(a, _) | Type::Variant(a, _, _) => self
                .adt(*a)
                .consts
                .iter()
                .find(|(n, _, _)| n == name)
                .map(|(_, t, c)| (*t, c.clone())),
            _ => None,
        }
    }
    pub fn adt_mut(&mut self, a: AdtId) -> &mut AdtInfo {
        &mut self.adts[a.0 as usize]
    }
    pub fn module(&self, m: ModId) -> &ModInfo {
        &self.mods[m.0 as usize]
    }
    pub fn module_mut(&mut self, m: ModId) -> &mut ModInfo {
        &mut self.mods[m.0 as usize]
    }
    pub fn fn_type(&self, t: TypeId) -> Option<&FnType> {
        match self.get(t) {
            Type::Fn(f) => Some(f),
            _ => None,
        }
    }

    // ---- classification ----

    pub fn is_arith(&self, t: TypeId) -> bool {
        matches!(
            self.get(t),
            Type::Int | Type::Big | Type::Byte | Type::Real | Type::Fixed(_)
        )
    }
    pub fn is_integral(&self, t: TypeId) -> bool {
        matches!(self.get(t), Type::Int | Type::Big | Type::Byte)
    }
    /// Types that can hold `nil` and instantiate a type parameter.
    pub fn is_pointer(&self, t: TypeId) -> bool {
        matches!(
            self.get(t),
            Type::String
                | Type::Ref(_)
                | Type::Array(_)
                | Type::List(_)
                | Type::Chan(_)
                | Type::Module(_)
                | Type::Poly(..)
                | Type::Nil
        )
    }
    pub fn is_unknown(&self, t: TypeId) -> bool {
        matches!(self.get(t), Type::Unknown)
    }

    // ---- substitution of type parameters ----

    /// Replace type parameters by their bindings.
    pub fn subst(&mut self, t: TypeId, map: &[(TypeId, TypeId)]) -> TypeId {
        if map.is_empty() {
            return t;
        }
        if let Some((_, to)) = map.iter().find(|(from, _)| *from == t) {
            return *to;
        }
        match self.get(t).clone() {
            Type::Ref(e) => {
                let e = self.subst(e, map);
                self.mk_ref(e)
            }
            Type::Array(e) => {
                let e = self.subst(e, map);
                self.mk_array(e)
            }
            Type::List(e) => {
                let e = self.subst(e, map);
                self.mk_list(e)
            }
            Type::Chan(e) => {
                let e = self.subst(e, map);
                self.mk_chan(e)
            }
            Type::Tuple(es) => {
                let es = es.iter().map(|e| self.subst(*e, map)).collect();
                self.mk_tuple(es)
            }
            Type::Adt(a, args) if !args.is_empty() => {
                let args = args.iter().map(|e| self.subst(*e, map)).collect();
                self.mk_adt(a, args)
            }
            Type::Variant(a, g, args) if !args.is_empty() => {
                let args = args.iter().map(|e| self.subst(*e, map)).collect();
                self.mk_variant(a, g, args)
            }
            Type::Fn(f) => {
                let mut f = *f;
                for p in &mut f.params {
                    p.ty = self.subst(p.ty, map);
                }
                f.ret = self.subst(f.ret, map);
                self.mk_fn(f)
            }
            _ => t,
        }
    }

    /// The binding of an adt's type parameters for an instance `Adt(a, args)`.
    pub fn adt_bindings(&self, a: AdtId, args: &[TypeId]) -> Vec<(TypeId, TypeId)> {
        self.adt(a)
            .poly
            .iter()
            .copied()
            .zip(args.iter().copied())
            .collect()
    }

    /// Data fields of an adt type (or variant: common fields then the variant's), instantiated.
    pub fn fields_of(&mut self, t: TypeId) -> Option<Vec<Field>> {
        let (a, group, args) = match self.get(t).clone() {
            Type::Adt(a, args) => (a, None, args),
            Type::Variant(a, g, args) => (a, Some(g), args),
            _ => return None,
        };
        let map = self.adt_bindings(a, &args);
        let info = self.adt(a);
        let mut fields = info.fields.clone();
        if let Some(g) = group {
            fields.extend(
                info.groups
                    .get(g)
                    .map(|v| v.fields.clone())
                    .unwrap_or_default(),
            );
        }
        for f in &mut fields {
            f.ty = self.subst(f.ty, &map);
        }
        Some(fields)
    }

    // ---- equality ----

    /// Structural type equality of the language.
    pub fn equal(&self, a: TypeId, b: TypeId) -> bool {
        self.eq_rec(a, b, &mut Vec::new())
    }

    fn eq_rec(&self, a: TypeId, b: TypeId, assumed: &mut Vec<(TypeId, TypeId)>) -> bool {
        if a == b {
            return true;
        }
        let (ta, tb) = (self.get(a), self.get(b));
        if matches!(ta, Type::Unknown) || matches!(tb, Type::Unknown) {
            return true;
        }
        match (ta, tb) {
            (Type::Ref(x), Type::Ref(y))
            | (Type::Array(x), Type::Array(y))
            | (Type::List(x), Type::List(y))
            | (Type::Chan(x), Type::Chan(y)) => self.eq_rec(*x, *y, assumed),
            (Type::Tuple(xs), Type::Tuple(ys)) => {
                xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| self.eq_rec(*x, *y, assumed))
            }
            (Type::Fn(f), Type::Fn(g)) => {
                if f.varargs != g.varargs
                    || f.params.len() != g.params.len()
                    || f.poly.len() != g.poly.len()
                {
                    return false;
                }
                // The type parameters of the two functions correspond by position.
                let mark = assumed.len();
                assumed.extend(f.poly.iter().copied().zip(g.poly.iter().copied()));
                let r = self.eq_rec(f.ret, g.ret, assumed)
                    && f.params
                        .iter()
                        .zip(&g.params)
                        .all(|(p, q)| p.is_self == q.is_self && self.eq_rec(p.ty, q.ty, assumed));
                assumed.truncate(mark);
                r
            }
            (Type::Fixed(x), Type::Fixed(y)) => x == y,
            // as the original, type parameters of one name are one type (proxy.b's
            // `list of V` of a callee whose V is unbound, for the caller's V)
            (Type::Poly(_, x), Type::Poly(_, y)) => x == y || assumed.contains(&(a, b)),
            (Type::Exception(_), Type::Exception(_)) => false,
            (Type::Adt(..), Type::Adt(..))
            | (Type::Variant(..), Type::Variant(..))
            | (Type::Module(_), Type::Module(_)) => {
                if assumed.contains(&(a, b)) {
                    return true;
                }
                assumed.push((a, b));
                let r = self.eq_aggregate(a, b, assumed);
                if !r {
                    assumed.retain(|p| *p != (a, b));
                }
                r
            }
            _ => false,
        }
    }

    fn eq_aggregate(&self, a: TypeId, b: TypeId, assumed: &mut Vec<(TypeId, TypeId)>) -> bool {
        match (self.get(a), self.get(b)) {
            (Type::Adt(x, xa), Type::Adt(y, ya)) => self.eq_adts((*x, xa), (*y, ya), assumed),
            (Type::Variant(x, gx, xa), Type::Variant(y, gy, ya)) => {
                if x == y && gx == gy && xa == ya {
                    return true;
                }
                // The original's rule: variants are equal when their parents are and
                // their own fields are (identical variants of one adt are one type).
                let (ia, ib) = (self.adt(*x), self.adt(*y));
                self.eq_adts((*x, xa), (*y, ya), assumed)
                    && match (ia.groups.get(*gx), ib.groups.get(*gy)) {
                        (Some(p), Some(q)) => self.fields_equal(&p.fields, &q.fields, assumed),
                        _ => false,
                    }
            }
            (Type::Module(x), Type::Module(y)) => {
                // the original compares interfaces: the data, then every function
                // (adt member functions included) by name, in order
                let data = |m: ModId| {
                    let mut d: Vec<(&str, TypeId)> = self
                        .module(m)
                        .members
                        .iter()
                        .filter(|x| x.kind == MemberKind::Data)
                        .map(|x| (x.name.as_str(), x.ty))
                        .collect();
                    d.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
                    d
                };
                let (da, db) = (data(*x), data(*y));
                let (fa, fb) = (
                    crate::sign::module_functions(self, *x),
                    crate::sign::module_functions(self, *y),
                );
                da.len() == db.len()
                    && fa.len() == fb.len()
                    && da
                        .iter()
                        .zip(&db)
                        .all(|(a, b)| a.0 == b.0 && self.eq_rec(a.1, b.1, assumed))
                    && fa
                        .iter()
                        .zip(&fb)
                        .all(|(a, b)| a.0 == b.0 && self.eq_rec(a.1, b.1, assumed))
            }
            _ => false,
        }
    }

    /// Two adts (with their type arguments): the same adt with equal arguments, or
    /// monomorphic adts with equal fields and equal pick variants.
    fn eq_adts(
        &self,
        (x, xa): (AdtId, &[TypeId]),
        (y, ya): (AdtId, &[TypeId]),
        assumed: &mut Vec<(TypeId, TypeId)>,
    ) -> bool {
        if x == y {
            return xa.len() == ya.len()
                && xa.iter().zip(ya).all(|(p, q)| self.eq_rec(*p, *q, assumed));
        }
        if !xa.is_empty() || !ya.is_empty() {
            return false;
        }
        let (ia, ib) = (self.adt(x), self.adt(y));
        self.fields_equal(&ia.fields, &ib.fields, assumed)
            && ia.tags.len() == ib.tags.len()
            && ia.tags.iter().zip(&ib.tags).all(|((na, ga), (nb, gb))| {
                na == nb
                    && match (ia.groups.get(*ga), ib.groups.get(*gb)) {
                        (Some(p), Some(q)) => self.fields_equal(&p.fields, &q.fields, assumed),
                        _ => false,
                    }
            })
    }

    fn fields_equal(&self, a: &[Field], b: &[Field], assumed: &mut Vec<(TypeId, TypeId)>) -> bool {
        a.len() == b.len()
            && a.iter().all(|f| {
                b.iter().any(|g| {
                    g.name == f.name && g.cyclic == f.cyclic && self.eq_rec(f.ty, g.ty, assumed)
                })
            })
    }

    // ---- layout ----

    /// Size in bytes on the 32-bit Dis model.
    pub fn size(&self, t: TypeId) -> u32 {
        self.layout(t).0
    }
    /// Alignment in bytes on the 32-bit Dis model.
    pub fn align(&self, t: TypeId) -> u32 {
        self.layout(t).1
    }

    fn layout(&self, t: TypeId) -> (u32, u32) {
        match self.get(t) {
            Type::Byte => (1, 1),
            Type::Int | Type::Fixed(_) => (4, 4),
            Type::Big | Type::Real => (8, 8),
            Type::None | Type::Fn(_) => (0, 1),
            Type::Unknown => (4, 4),
            Type::String
            | Type::Nil
            | Type::Ref(_)
            | Type::Array(_)
            | Type::List(_)
            | Type::Chan(_)
            | Type::Module(_)
            | Type::Poly(..)
            | Type::AnyException
            | Type::Exception(_) => (4, 4),
            Type::Tuple(ts) => self.struct_layout(ts.iter().copied(), 0, 1),
            Type::Adt(a, args) | Type::Variant(a, _, args) => {
                let info = self.adt(*a);
                let map: Vec<_> = info
                    .poly
                    .iter()
                    .copied()
                    .zip(args.iter().copied())
                    .collect();
                let resolve = |ty: TypeId| {
                    map.iter()
                        .find(|(p, _)| *p == ty)
                        .map(|(_, v)| *v)
                        .unwrap_or(ty)
                };
                let mut tys: Vec<TypeId> = info.fields.iter().map(|f| resolve(f.ty)).collect();
                if let Type::Variant(_, g, _) = self.get(t) {
                    if let Some(v) = info.groups.get(*g) {
                        tys.extend(v.fields.iter().map(|f| resolve(f.ty)));
                    }
                }
                if info.is_pick {
                    self.struct_layout(tys.into_iter(), 4, 4)
                } else {
                    self.struct_layout(tys.into_iter(), 0, 1)
                }
            }
        }
    }

    fn struct_layout(
        &self,
        members: impl Iterator<Item = TypeId>,
        start: u32,
        min_align: u32,
    ) -> (u32, u32) {
        let mut off = start;
        let mut align = min_align;
        for m in members {
            let (s, a) = self.layout(m);
            if s == 0 {
                continue;
            }
            off = off.div_ceil(a) * a;
            off += s;
            align = align.max(a);
        }
        (off.div_ceil(align) * align, align)
    }

    /// Every data field of an adt, the variants' fields included.
    fn all_fields(&self, a: AdtId) -> impl Iterator<Item = &Field> {
        let info = self.adt(a);
        info.fields
            .iter()
            .chain(info.groups.iter().flat_map(|g| g.fields.iter()))
    }

    /// The first field through which the adt holds itself by value (with no
    /// reference on the way): such a type would have no finite size.
    pub fn value_cycle_field(&self, a: AdtId) -> Option<&Field> {
        self.all_fields(a)
            .find(|f| self.reaches_adt(f.ty, a, false))
    }

    /// Fields declared `cyclic` whose type can never lead back to their adt.
    pub fn spurious_cyclic_fields(&self, a: AdtId) -> Vec<&Field> {
        self.all_fields(a)
            .filter(|f| f.cyclic && !self.reaches_adt(f.ty, a, true))
            .collect()
    }

    /// Can a value of type `t` lead to the adt `target`, through values held in
    /// place and, when `through_refs`, through refs, arrays and lists?
    fn reaches_adt(&self, t: TypeId, target: AdtId, through_refs: bool) -> bool {
        let mut work = vec![t];
        let mut seen: Vec<TypeId> = Vec::new();
        while let Some(t) = work.pop() {
            if seen.contains(&t) {
                continue;
            }
            seen.push(t);
            match self.get(t) {
                Type::Tuple(ts) => work.extend(ts.iter().copied()),
                Type::Ref(x) | Type::Array(x) | Type::List(x) if through_refs => work.push(*x),
                Type::Adt(b, _) | Type::Variant(b, _, _) => {
                    if *b == target {
                        return true;
                    }
                    work.extend(self.all_fields(*b).map(|f| f.ty));
                }
                _ => {}
            }
        }
        false
    }

    /// Offsets of the members of a tuple, adt or variant, in order.
    pub fn member_offsets(&mut self, t: TypeId) -> Vec<u32> {
        let (tys, start): (Vec<TypeId>, u32) = match self.get(t).clone() {
            Type::Tuple(ts) => (ts, 0),
            Type::Adt(a, _) | Type::Variant(a, _, _) => {
                let start = if self.adt(a).is_pick { 4 } else { 0 };
                (
                    self.fields_of(t)
                        .unwrap_or_default()
                        .iter()
                        .map(|f| f.ty)
                        .collect(),
                    start,
                )
            }
            _ => return Vec::new(),
        };
        let mut off = start;
        let mut out = Vec::new();
        for m in tys {
            let (s, a) = self.layout(m);
            off = off.div_ceil(a.max(1)) * a.max(1);
            out.push(off);
            off += s;
        }
        out
    }

    // ---- printing ----

    /// The type as written in source, for diagnostics.
    pub fn show(&self, t: TypeId) -> String {
        self.show_depth(t, 0)
    }

    fn show_depth(&self, t: TypeId, depth: u32) -> String {
        if depth > 8 {
            return "...".to_string();
        }
        let s = |x: TypeId| self.show_depth(x, depth + 1);
        match self.get(t) {
            Type::Unknown => "<unknown>".into(),
            Type::Int => "int".into(),
            Type::Big => "big".into(),
            Type::Byte => "byte".into(),
            Type::Real => "real".into(),
            Type::String => "string".into(),
            Type::None => "no type".into(),
            Type::Nil => "nil".into(),
            Type::AnyException => "exception".into(),
            Type::Ref(x) => format!("ref {}", s(*x)),
            Type::Array(x) => format!("array of {}", s(*x)),
            Type::List(x) => format!("list of {}", s(*x)),
            Type::Chan(x) => format!("chan of {}", s(*x)),
            Type::Tuple(xs) => format!(
                "({})",
                xs.iter().map(|x| s(*x)).collect::<Vec<_>>().join(", ")
            ),
            Type::Adt(a, args) => {
                let name = self.adt(*a).name.clone();
                if args.is_empty() {
                    name
                } else {
                    format!(
                        "{name}[{}]",
                        args.iter().map(|x| s(*x)).collect::<Vec<_>>().join(", ")
                    )
                }
            }
            Type::Variant(a, g, _) => {
                let info = self.adt(*a);
                let tag = info
                    .tags
                    .iter()
                    .find(|(_, tg)| tg == g)
                    .map(|(n, _)| n.clone())
                    .unwrap_or_default();
                format!("{}.{}", info.name, tag)
            }
            Type::Fn(f) => {
                let params: Vec<String> = f
                    .params
                    .iter()
                    .map(|p| format!("{}{}", if p.is_self { "self " } else { "" }, s(p.ty)))
                    .collect();
                let mut out = format!(
                    "fn({}{})",
                    params.join(", "),
                    if f.varargs { ", *" } else { "" }
                );
                if f.ret != TypeId::NONE {
                    out.push_str(&format!(": {}", s(f.ret)));
                }
                out
            }
            Type::Module(m) => self.module(*m).name.clone(),
            Type::Poly(_, name) => name.clone(),
            Type::Exception(_) => "exception".into(),
            Type::Fixed(f) => format!("fixed({})", f64::from_bits(f.scale)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adt_layout_matches_the_original() {
        let mut t = Types::new();
        let a = t.new_adt(AdtInfo {
            name: "A".into(),
            fields: vec![
                Field {
                    name: "b".into(),
                    ty: TypeId::BYTE,
                    cyclic: false,
                    span: Default::default(),
                },
                Field {
                    name: "i".into(),
                    ty: TypeId::INT,
                    cyclic: false,
                    span: Default::default(),
                },
                Field {
                    name: "r".into(),
                    ty: TypeId::REAL,
                    cyclic: false,
                    span: Default::default(),
                },
                Field {
                    name: "s".into(),
                    ty: TypeId::STRING,
                    cyclic: false,
                    span: Default::default(),
                },
                Field {
                    name: "bb".into(),
                    ty: TypeId::BYTE,
                    cyclic: false,
                    span: Default::default(),
                },
                Field {
                    name: "l".into(),
                    ty: TypeId::BIG,
                    cyclic: false,
                    span: Default::default(),
                },
            ],
            ..AdtInfo::default()
        });
        let at = t.mk_adt(a, Vec::new());
        assert_eq!(t.member_offsets(at), vec![0, 4, 8, 16, 20, 24]);
        assert_eq!(t.size(at), 32);
        let tup = t.mk_tuple(vec![TypeId::BYTE, TypeId::BIG, TypeId::STRING, TypeId::INT]);
        assert_eq!(t.member_offsets(tup), vec![0, 8, 16, 20]);
        assert_eq!(t.size(tup), 24);
    }
}
