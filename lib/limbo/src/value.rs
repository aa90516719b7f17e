//! Compile-time constant values produced by constant folding.

/// A folded constant. Integers of every width are kept in an `i64`, already
/// wrapped to the width of their type by the folder.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    Int(i64),
    Real(f64),
    Str(String),
    /// The value `nil`.
    Nil,
    /// A tuple or adt value built from constants (`Dir(nil, ...)`, `(1, "a")`).
    Tuple(Vec<Const>),
}

impl Const {
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Const::Int(v) => Some(*v),
            _ => None,
        }
    }
}
