//! Native-handle objects: Dis values of a Keyring adt whose only visible field is a
//! placeholder word (`IPint`, `DigestState`, the cipher states) and whose real
//! state is a Rust value kept beside the machine, keyed by the object's address
//! and dropped when the object dies.

use dis::vm::trap::{raise, EXC_NIL};
use dis::vm::{Machine, Trap, NIL};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The live objects of one adt and the Rust state of each.
pub struct Handles<T> {
    /// The objects' type id.
    pub ty: u32,
    /// The exception a value that is not one of these objects raises.
    wrong: &'static str,
    /// Whether nil raises `wrong` (the key adts) rather than the nil-dereference
    /// exception.
    nil_wrong: bool,
    states: Rc<RefCell<HashMap<u32, T>>>,
}

impl<T> Clone for Handles<T> {
    fn clone(&self) -> Self {
        Handles {
            ty: self.ty,
            wrong: self.wrong,
            nil_wrong: self.nil_wrong,
            states: self.states.clone(),
        }
    }
}

impl<T: 'static> Handles<T> {
    /// Registers the adt's object type (one placeholder word) in `vm`; `wrong` is
    /// the exception a value of another type raises.
    pub fn register(vm: &mut Machine, wrong: &'static str) -> Handles<T> {
        let mut h = Handles::register_adt(vm, 4, &[], wrong);
        h.nil_wrong = false;
        h
    }

    /// Registers an adt of `size` visible bytes with pointers at `ptrs` whose
    /// objects carry hidden state (`SK`, `PK`, `Certificate`, `SigAlg`).
    pub fn register_adt(
        vm: &mut Machine,
        size: u32,
        ptrs: &[u32],
        wrong: &'static str,
    ) -> Handles<T> {
        let states: Rc<RefCell<HashMap<u32, T>>> = Rc::default();
        let owned = states.clone();
        let ty = vm.add_native_type(
            size,
            ptrs,
            Rc::new(move |_vm: &mut Machine, obj: u32| {
                owned.borrow_mut().remove(&obj);
            }),
        );
        Handles {
            ty,
            wrong,
            nil_wrong: true,
            states,
        }
    }

    /// A new object holding `state`, with one reference (its visible fields
    /// zero and nil).
    pub fn make(&self, vm: &mut Machine, state: T) -> Result<u32, Trap> {
        let size = vm.types.get(self.ty).size;
        let o = vm.alloc(size, self.ty)?;
        self.states.borrow_mut().insert(o, state);
        Ok(o)
    }

    /// Checks that `obj` is one of these objects: nil raises the nil-dereference
    /// exception (or the type error, for the key adts), anything else not made
    /// here the type error.
    pub fn check(&self, vm: &Machine, obj: u32) -> Result<(), Trap> {
        if obj == NIL {
            return raise(if self.nil_wrong { self.wrong } else { EXC_NIL });
        }
        if vm.type_of(obj)? != self.ty || !self.states.borrow().contains_key(&obj) {
            return raise(self.wrong);
        }
        Ok(())
    }

    /// Runs `f` on the state of object `obj`.
    pub fn with<R>(&self, vm: &Machine, obj: u32, f: impl FnOnce(&mut T) -> R) -> Result<R, Trap> {
        self.check(vm, obj)?;
        let mut states = self.states.borrow_mut();
        match states.get_mut(&obj) {
            Some(s) => Ok(f(s)),
            None => raise(self.wrong),
        }
    }
}

impl<T: Clone + 'static> Handles<T> {
    /// A copy of the state of object `obj`.
    pub fn get(&self, vm: &Machine, obj: u32) -> Result<T, Trap> {
        self.with(vm, obj, |s| s.clone())
    }
}
