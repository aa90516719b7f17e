//! Type descriptors: every heap object, frame and module-data block names one by a
//! machine-wide id. Module descriptors are registered at load; the runtime's own
//! kinds (strings, arrays, lists, module links, stacks) have fixed ids.

/// How the runtime treats objects of a type when tracing and destroying them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A block laid out by the compiler (ADT, tuple, frame, module data).
    Plain,
    /// A native object: its release function (by index) runs when it dies.
    Native(u32),
    String,
    Array,
    List,
    ModLink,
    /// A thread's stack segment: traced frame by frame, never reference counted.
    Stack,
    Channel,
}

/// One descriptor: size, where its pointers are, and its kind.
#[derive(Clone, Copy, Debug)]
pub struct TypeInfo {
    pub size: u32,
    /// Range in the machine's pointer-offset pool.
    pub ptr_start: u32,
    pub ptr_len: u32,
    pub kind: Kind,
}

pub const T_STRING: u32 = 0;
pub const T_ARRAY: u32 = 1;
pub const T_LIST: u32 = 2;
pub const T_MODLINK: u32 = 3;
/// A single pointer word (elements of `consp` cells, `newcp` channels, ...).
pub const T_PTR: u32 = 4;
pub const T_BYTE: u32 = 5;
pub const T_WORD: u32 = 6;
pub const T_BIG: u32 = 7;
pub const T_REAL: u32 = 8;
pub const T_STACK: u32 = 9;
/// No type: list cells whose element holds no pointers.
pub const T_NONE: u32 = 10;
/// Channel objects: word 0 is the buffer array.
pub const T_CHAN: u32 = 11;

/// The table of all descriptors of a machine.
pub struct Types {
    infos: Vec<TypeInfo>,
    pool: Vec<u32>,
}

impl Types {
    pub fn new() -> Types {
        let mut t = Types {
            infos: Vec::new(),
            pool: Vec::new(),
        };
        let fixed: [(u32, &[u32], Kind); 12] = [
            (0, &[], Kind::String),
            (0, &[], Kind::Array),
            (0, &[], Kind::List),
            (8, &[0], Kind::ModLink),
            (4, &[0], Kind::Plain),
            (1, &[], Kind::Plain),
            (4, &[], Kind::Plain),
            (8, &[], Kind::Plain),
            (8, &[], Kind::Plain),
            (0, &[], Kind::Stack),
            (0, &[], Kind::Plain),
            (8, &[0], Kind::Channel),
        ];
        for (size, ptrs, kind) in fixed {
            t.add(size, ptrs, kind);
        }
        t
    }

    /// Registers a descriptor with the given pointer offsets; returns its id.
    pub fn add(&mut self, size: u32, ptrs: &[u32], kind: Kind) -> u32 {
        let start = self.pool.len() as u32;
        self.pool.extend_from_slice(ptrs);
        self.infos.push(TypeInfo {
            size,
            ptr_start: start,
            ptr_len: ptrs.len() as u32,
            kind,
        });
        (self.infos.len() - 1) as u32
    }

    /// Registers a descriptor given a `.dis` pointer map (one bit per word, MSB first).
    pub fn add_map(&mut self, size: u32, map: &[u8], kind: Kind) -> u32 {
        let ptrs = map_offsets(size, map);
        self.add(size, &ptrs, kind)
    }

    /// How many descriptors there are (ids run from 0 below this).
    pub fn count(&self) -> u32 {
        self.infos.len() as u32
    }

    /// The descriptor with this id (an unknown id reads as a pointer-free block).
    #[inline(always)]
    pub fn get(&self, id: u32) -> TypeInfo {
        match self.infos.get(id as usize) {
            Some(t) => *t,
            None => TypeInfo {
                size: 0,
                ptr_start: 0,
                ptr_len: 0,
                kind: Kind::Plain,
            },
        }
    }

    /// Byte offset of pointer number `i` of a descriptor's range.
    #[inline(always)]
    pub fn ptr(&self, t: &TypeInfo, i: u32) -> u32 {
        self.pool
            .get((t.ptr_start + i) as usize)
            .copied()
            .unwrap_or(0)
    }
}

impl Default for Types {
    fn default() -> Self {
        Types::new()
    }
}

/// Byte offsets of the pointer words a map marks, limited to the block's size.
pub fn map_offsets(size: u32, map: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, byte) in map.iter().enumerate() {
        for bit in 0..8 {
            if byte & (0x80 >> bit) != 0 {
                let off = (i as u32 * 8 + bit) * 4;
                if off + 4 <= size {
                    out.push(off);
                }
            }
        }
    }
    out
}

/// Smallest frame (header and temporaries).
pub const MIN_FRAME: u32 = 32;

/// Bytes a frame of `size` occupies on the stack.
#[inline(always)]
pub fn frame_bytes(size: u32) -> u32 {
    (size.max(MIN_FRAME) + 7) & !7
}
