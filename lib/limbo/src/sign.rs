//! Type signatures: the canonical signature string of a type and its 32-bit
//! MD5-derived hash, as written in link and import tables.

use crate::md5::md5;
use crate::types::{MemberKind, Type, TypeId, Types};
use dis::convert::{format_real, RealFormat};

/// The 32-bit signature of a type (a function type, usually).
pub fn signature(types: &mut Types, t: TypeId) -> u32 {
    hash(&sig_string(types, t))
}

/// The signature of a module's exported data (`.mp`).
pub fn data_signature(types: &mut Types, module: crate::types::ModId) -> u32 {
    let mut enc = Encoder {
        types,
        seen: Vec::new(),
        out: String::new(),
    };
    enc.module_data(module);
    hash(&enc.out)
}

/// Fold an MD5 digest of `s` into 32 bits.
pub fn hash(s: &str) -> u32 {
    let d = md5(s.as_bytes());
    d.chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        .fold(0, |a, w| a ^ w)
}

/// The signature string of a type.
pub fn sig_string(types: &mut Types, t: TypeId) -> String {
    let mut enc = Encoder {
        types,
        seen: Vec::new(),
        out: String::new(),
    };
    enc.ty(t);
    enc.out
}

struct Encoder<'a> {
    types: &'a mut Types,
    seen: Vec<TypeId>,
    out: String,
}

impl Encoder<'_> {
    /// Back-reference handling for numbered kinds; true when a reference was written.
    fn numbered(&mut self, t: TypeId) -> bool {
        if let Some(i) = self
            .seen
            .iter()
            .position(|u| self.types.equal(*u, t) && same_kind(self.types, *u, t))
        {
            self.out.push_str(&format!("@{}", i + 1));
            return true;
        }
        self.seen.push(t);
        false
    }

    fn ty(&mut self, t: TypeId) {
        match self.types.get(t).clone() {
            Type::Int => self.out.push('i'),
            Type::Byte => self.out.push('b'),
            Type::Big => self.out.push('B'),
            Type::Real => self.out.push('r'),
            Type::String => self.out.push('s'),
            Type::None | Type::Unknown | Type::Nil => self.out.push('n'),
            Type::Poly(..) => self.out.push('P'),
            Type::Fixed(f) => {
                self.out.push('x');
                // C's `%g`, as the original compiler writes the scale.
                self.out
                    .push_str(&format_real(f64::from_bits(f.scale), &RealFormat::G));
            }
            Type::Ref(e) => {
                self.out.push('R');
                self.ty(e);
            }
            Type::Array(e) => {
                self.out.push('A');
                self.ty(e);
            }
            Type::List(e) => {
                self.out.push('L');
                self.ty(e);
            }
            Type::Chan(e) => {
                self.out.push('C');
                self.ty(e);
            }
            Type::Tuple(es) => {
                if self.numbered(t) {
                    return;
                }
                self.out.push_str("t(");
                self.list(&es);
                self.out.push(')');
            }
            Type::Fn(f) => {
                self.out.push('f');
                if f.varargs {
                    self.out.push('*');
                }
                if !f.poly.is_empty() {
                    self.out.push_str("()");
                }
                self.out.push('(');
                for (i, p) in f.params.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    if p.is_self {
                        self.out.push('S');
                    }
                    self.ty(p.ty);
                }
                self.out.push(')');
                if !f.raises.is_empty() {
                    self.out.push('(');
                    self.out.push_str(&f.raises.join(","));
                    self.out.push(')');
                }
                self.ty(f.ret);
            }
            Type::Adt(a, args) => {
                if self.numbered(t) {
                    return;
                }
                let info = self.types.adt(a).clone();
                self.out.push('a');
                if !info.poly.is_empty() {
                    self.out.push_str("()");
                }
                self.out.push('(');
                let map = self.types.adt_bindings(a, &args);
                self.fields(&info.fields, &map);
                if info.is_pick {
                    for (name, group) in &info.tags {
                        self.out.push(',');
                        self.out.push_str(name);
                        self.out.push_str("=>");
                        let v = self.types.mk_variant(a, *group, args.clone());
                        self.ty(v);
                    }
                }
                self.out.push(')');
            }
            Type::Variant(a, g, args) => {
                if self.numbered(t) {
                    return;
                }
                let fields = self
                    .types
                    .adt(a)
                    .groups
                    .get(g)
                    .map(|v| v.fields.clone())
                    .unwrap_or_default();
                let map = self.types.adt_bindings(a, &args);
                self.out.push_str("p(");
                self.fields(&fields, &map);
                self.out.push(')');
                let parent = self.types.mk_adt(a, args);
                self.ty(parent);
            }
            Type::Module(m) => {
                if self.numbered(t) {
                    return;
                }
                self.out.push_str("m{");
                self.module_data(m);
                for (name, ty) in module_functions(self.types, m) {
                    self.out.push_str(&name);
                    self.out.push(':');
                    self.ty(ty);
                    self.out.push(';');
                }
                self.out.push('}');
            }
            Type::Exception(_) | Type::AnyException => {
                self.numbered(t);
            }
        }
    }

    fn list(&mut self, ts: &[TypeId]) {
        for (i, e) in ts.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.ty(*e);
        }
    }

    fn fields(&mut self, fields: &[crate::types::Field], map: &[(TypeId, TypeId)]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str(&f.name);
            self.out.push(':');
            if f.cyclic {
                self.out.push('y');
            }
            let ty = self.types.subst(f.ty, map);
            self.ty(ty);
        }
    }

    fn module_data(&mut self, m: crate::types::ModId) {
        let mut data: Vec<(String, TypeId)> = self
            .types
            .module(m)
            .members
            .iter()
            .filter(|x| x.kind == MemberKind::Data)
            .map(|x| (x.name.clone(), x.ty))
            .collect();
        data.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        for (name, ty) in data {
            self.out.push_str(&name);
            self.out.push(':');
            self.ty(ty);
            self.out.push(';');
        }
    }
}

/// Numbered types only match back-references of the same kind (a tuple never stands for an adt).
fn same_kind(types: &Types, a: TypeId, b: TypeId) -> bool {
    std::mem::discriminant(types.get(a)) == std::mem::discriminant(types.get(b))
}

/// The functions of a module interface, adt member functions included under their
/// bare names, sorted by name (stable).
pub fn module_functions(types: &Types, m: crate::types::ModId) -> Vec<(String, TypeId)> {
    let mut out = Vec::new();
    for member in &types.module(m).members {
        match member.kind {
            MemberKind::Fn => out.push((member.name.clone(), member.ty)),
            MemberKind::Type => {
                if let Type::Adt(a, _) = types.get(member.ty) {
                    let info = types.adt(*a);
                    if info.module == Some(m) && info.name == member.name {
                        out.extend(info.methods.iter().cloned());
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_hashes() {
        assert_eq!(hash("f*(s)i"), 0xac849033);
        assert_eq!(hash("f(s,i)Ra(fd:i)"), 0x8f477f99);
        assert_eq!(hash("f()n"), 0x9cd71c5e);
        assert_eq!(hash("debug:i;"), 0x11a91eb2);
    }
}
