//! The verifier: whether a module that reads fine is safe to run.
//!
//! It checks what the interpreter relies on without checking again at run time:
//! descriptors (ids, the module data descriptor, pointer maps), every instruction's
//! operands (see `code`), frame offsets where the frame is known (see `frames`), the
//! exports, the exception handlers and the data items (see `data`). Each error names the
//! descriptor, instruction, item, export or handler at fault.

mod code;
mod data;
mod frames;

use super::error::{ErrorKind, Location, ObjectError};
use super::{Module, TypeDesc};

type Result<T> = std::result::Result<T, ObjectError>;

/// Size in bytes of a frame's fixed header (return pc, caller frame, module, type,
/// result address and three temporaries).
const FRAME_HEADER: i32 = 32;

impl Module {
    /// Checks that the module is consistent enough to run.
    pub fn verify(&self) -> Result<()> {
        let types = Types::new(self)?;
        self.check_entry(&types)?;
        code::check(self, &types)?;
        self.check_links(&types)?;
        self.check_handlers(&types)?;
        frames::check(self, &types)?;
        data::check(self, &types)
    }

    fn check_entry(&self, types: &Types) -> Result<()> {
        let bad = ObjectError {
            kind: ErrorKind::BadEntry,
            at: Location::Header,
        };
        if self.entry_pc != -1 && !in_code(self, self.entry_pc) {
            return Err(bad);
        }
        if self.entry_type != -1 {
            types.frame(self.entry_type).map_err(|kind| ObjectError {
                kind,
                at: Location::Header,
            })?;
        }
        Ok(())
    }

    /// An export is a function (pc in the code, a frame type) or `.mp` (pc and type −1).
    fn check_links(&self, types: &Types) -> Result<()> {
        for (i, link) in self.links.iter().enumerate() {
            let fail = |kind| ObjectError {
                kind,
                at: Location::Link(i),
            };
            if link.pc == -1 && link.desc == -1 {
                continue;
            }
            if !in_code(self, link.pc) {
                return Err(fail(ErrorKind::BadLink));
            }
            types.frame(link.desc).map_err(fail)?;
        }
        Ok(())
    }

    fn check_handlers(&self, types: &Types) -> Result<()> {
        let code_size = self.code.len() as i64;
        for (i, h) in self.handlers.iter().flatten().enumerate() {
            let fail = |kind| ObjectError {
                kind,
                at: Location::Handler(i),
            };
            let (pc1, pc2) = (i64::from(h.pc1), i64::from(h.pc2));
            if !(0 <= pc1 && pc1 <= pc2 && pc2 <= code_size) {
                return Err(fail(ErrorKind::BadHandlerRange));
            }
            let targets_ok = h.labels.iter().all(|l| in_code(self, l.pc))
                && (h.wildcard == -1 || in_code(self, h.wildcard));
            if !targets_ok {
                return Err(fail(ErrorKind::BadHandlerTarget));
            }
            if h.desc != -1 {
                types.size(h.desc).ok_or(fail(ErrorKind::TypeRange))?;
            }
            if !(0..=h.labels.len() as i64).contains(&i64::from(h.ne)) {
                return Err(fail(ErrorKind::BadHandlerLabels));
            }
            if h.eoff < 0 {
                return Err(fail(ErrorKind::FpOffsetRange));
            }
        }
        Ok(())
    }
}

/// Whether `pc` is the index of an instruction.
fn in_code(m: &Module, pc: i32) -> bool {
    usize::try_from(pc).is_ok_and(|pc| pc < m.code.len())
}

/// Whether a word-sized access at byte `offset` stays inside a block of `size` bytes.
/// A byte access is accepted as long as the aligned word holding it is inside.
fn word_inside(offset: i32, size: i32) -> bool {
    offset >= 0 && i64::from(offset & !3) + 4 <= i64::from(size)
}

/// The module's type descriptors by id, once they are known to be well formed.
struct Types<'a> {
    by_id: Vec<&'a TypeDesc>,
}

impl<'a> Types<'a> {
    /// Checks ids (in range, unique: so every id below the count is defined), pointer
    /// maps and the module data descriptor.
    fn new(m: &'a Module) -> Result<Types<'a>> {
        let mut slots: Vec<Option<&TypeDesc>> = vec![None; m.types.len()];
        for (i, t) in m.types.iter().enumerate() {
            let fail = |kind| ObjectError {
                kind,
                at: Location::Type(i),
            };
            let slot = usize::try_from(t.id)
                .ok()
                .and_then(|id| slots.get_mut(id))
                .ok_or(fail(ErrorKind::HeapIdRange))?;
            if slot.replace(t).is_some() {
                return Err(fail(ErrorKind::DuplicateType));
            }
            if !map_inside(t) {
                return Err(fail(ErrorKind::PointerMapRange));
            }
        }
        // Ids are unique and below the count, so every slot is filled.
        let by_id: Vec<&TypeDesc> = slots.into_iter().flatten().collect();
        if m.data_size != 0 && by_id.first().map(|t| t.size) != Some(m.data_size) {
            let at = m
                .types
                .iter()
                .position(|t| t.id == 0)
                .map_or(Location::Header, Location::Type);
            return Err(ObjectError {
                kind: ErrorKind::BadMpDesc,
                at,
            });
        }
        Ok(Types { by_id })
    }

    /// The size of type `id`, if there is such a type.
    fn size(&self, id: i32) -> Option<i32> {
        let t = self.by_id.get(usize::try_from(id).ok()?)?;
        Some(t.size)
    }

    /// The size of type `id` used as a frame: it must exist and hold the frame header.
    fn frame(&self, id: i32) -> std::result::Result<i32, ErrorKind> {
        match self.size(id) {
            None => Err(ErrorKind::TypeRange),
            Some(size) if size < FRAME_HEADER => Err(ErrorKind::FrameTooSmall),
            Some(size) => Ok(size),
        }
    }
}

/// Whether every word the pointer map marks lies inside the object.
fn map_inside(t: &TypeDesc) -> bool {
    match t.map.iter().rposition(|&b| b != 0) {
        None => true,
        Some(k) => {
            let last_word = 8 * k as i64 + 7 - i64::from(t.map[k].trailing_zeros());
            (last_word + 1) * 4 <= i64::from(t.size)
        }
    }
}
