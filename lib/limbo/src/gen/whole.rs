//! Which module interfaces are linked whole. The original lists every function of
//! a module (and its data) in the import table once a value of that module type can
//! be handed to other code: when the module type is reachable from the type of
//! something this module exports or calls (a module-typed parameter, a field of an
//! adt passed along, a function result), or from module data it reads. Other
//! import tables list only what the code uses.

use crate::types::{MemberKind, ModId, Type, TypeId, Types};
use std::collections::HashSet;

/// The types already walked and the module types found whole, in order found.
#[derive(Default)]
pub(crate) struct Whole {
    seen: HashSet<TypeId>,
    pub modules: Vec<ModId>,
}

impl Whole {
    /// Walks `t` the way the original marks a type as reachable from another
    /// module: adts by their data fields (and their variants'), functions by
    /// parameters and result, module types by every member.
    pub fn mark(&mut self, types: &Types, t: TypeId) {
        let mut work = vec![t];
        while let Some(t) = work.pop() {
            if !self.seen.insert(t) {
                continue;
            }
            match types.get(t) {
                Type::Ref(e) | Type::Array(e) | Type::List(e) | Type::Chan(e) => work.push(*e),
                Type::Tuple(es) | Type::Exception(es) => work.extend(es),
                Type::Fn(f) => {
                    work.extend(f.params.iter().map(|p| p.ty));
                    work.push(f.ret);
                }
                Type::Adt(a, args) | Type::Variant(a, _, args) => {
                    let info = types.adt(*a);
                    work.extend(info.fields.iter().map(|f| f.ty));
                    work.extend(
                        info.groups
                            .iter()
                            .flat_map(|g| g.fields.iter().map(|f| f.ty)),
                    );
                    work.extend(args);
                }
                Type::Module(m) => {
                    if !self.modules.contains(m) {
                        self.modules.push(*m);
                    }
                    work.extend(interface_types(types, *m, false));
                }
                _ => {}
            }
        }
    }

    /// The roots of an implemented module: every member's type, and every field
    /// and member function of its adts.
    pub fn mark_implemented(&mut self, types: &Types, m: ModId) {
        for t in interface_types(types, m, true) {
            self.mark(types, t);
        }
    }

    /// Reading module data marks every datum of that module.
    pub fn mark_data(&mut self, types: &Types, m: ModId) {
        let data: Vec<TypeId> = types
            .module(m)
            .members
            .iter()
            .filter(|x| x.kind == MemberKind::Data)
            .map(|x| x.ty)
            .collect();
        for t in data {
            self.mark(types, t);
        }
    }
}

/// The types of a module's data and functions and of its adts' member functions
/// (with `fields`, of the adts' data fields too).
fn interface_types(types: &Types, m: ModId, fields: bool) -> Vec<TypeId> {
    let mut out = Vec::new();
    for member in &types.module(m).members {
        match member.kind {
            MemberKind::Fn | MemberKind::Data => out.push(member.ty),
            MemberKind::Type => {
                if let Type::Adt(a, _) = types.get(member.ty) {
                    let info = types.adt(*a);
                    if info.module == Some(m) && info.name == member.name {
                        out.extend(info.methods.iter().map(|(_, t)| *t));
                        if fields {
                            out.extend(info.fields.iter().map(|f| f.ty));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}
