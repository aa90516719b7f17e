//! How execution stops abnormally: a Dis exception (a string, or an exception
//! object with its name) or a normal thread exit, plus the original's exception texts.

pub const EXC_NIL: &str = "dereference of nil";
pub const EXC_BOUNDS: &str = "array bounds error";
pub const EXC_NEGSIZE: &str = "negative array size";
pub const EXC_MODULE: &str = "module not loaded";
pub const EXC_MFRAME: &str = "invalid mframe";
pub const EXC_TYPE: &str = "type check";
pub const EXC_ILLEGAL: &str = "illegal dis instruction";
pub const EXC_OBSOLETE: &str = "obsolete dis";
pub const EXC_HEAP: &str = "out of memory: heap";
pub const EXC_STACK: &str = "out of memory: stack";
pub const EXC_ZERODIV: &str = "zero divide";

/// Error strings are limited to this many bytes (ERRMAX − 1) when used as text.
pub const ERRMAX: usize = 127;

/// A raised exception.
#[derive(Debug)]
pub struct Exception {
    /// The exception's text (for an object, its name string), used for matching.
    pub text: String,
    /// A heap value the raiser handed over with one reference: the exception object,
    /// or the string object given to `raise`. `None` when the text was made by the
    /// runtime (instruction errors, native code).
    pub value: Option<u32>,
    /// Whether `value` is an exception object (matched by typed handler labels).
    pub is_object: bool,
}

impl Exception {
    /// Whether this is [`Trap::hold`]'s signal rather than an exception.
    pub(super) fn is_hold(&self) -> bool {
        self.is_object && self.value.is_none()
    }
}

/// Why execution of a thread stopped before its quantum ended.
#[derive(Debug)]
pub enum Trap {
    /// An exception to be handled by the thread's handlers.
    Raise(Box<Exception>),
    /// The thread ends normally (`exit`, `ret` from its first frame).
    Exit,
}

impl Trap {
    /// Not an exception: the signal by which a specialised instruction tells
    /// the dispatch loop's caller that its prog must wait for held work
    /// ([`crate::vm::Machine::hold_running`]) once the instruction is done.
    /// No raised exception has its shape (an object without a value).
    pub(super) fn hold() -> Trap {
        Trap::Raise(Box::new(Exception {
            text: String::new(),
            value: None,
            is_object: true,
        }))
    }

    /// The exception text (empty for an exit).
    pub fn text(&self) -> String {
        match self {
            Trap::Raise(e) => e.text.clone(),
            Trap::Exit => String::new(),
        }
    }

    /// An exception carrying only a text.
    #[cold]
    pub fn exception(text: &str) -> Trap {
        Trap::Raise(Box::new(Exception {
            text: truncate(text).to_string(),
            value: None,
            is_object: false,
        }))
    }
}

/// `s` cut to at most ERRMAX bytes at a character boundary.
pub fn truncate(s: &str) -> &str {
    if s.len() <= ERRMAX {
        return s;
    }
    let mut end = ERRMAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Shorthand for raising an exception with one of the texts above.
#[cold]
pub fn raise<T>(text: &str) -> Result<T, Trap> {
    Err(Trap::exception(text))
}
