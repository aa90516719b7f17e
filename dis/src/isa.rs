//! The Dis instruction set, defined once.
//!
//! Every opcode's number, mnemonic and operand shape lives in the single table of the
//! `instruction_set!` invocation below. The object reader and writer, the verifier, the
//! assembler, the disassembler and the interpreter's decoder all derive what they know
//! about instructions from it.

/// How an instruction uses one of its three operand slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// The slot must be absent.
    No,
    /// The slot may be present or absent (a missing middle means "the destination").
    Opt,
    /// The slot must be present.
    Yes,
    /// The slot must be an immediate instruction index (a branch target).
    Target,
}

/// Operand shape of an opcode: how it uses its source, middle and destination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub src: Use,
    pub mid: Use,
    pub dst: Use,
}

macro_rules! instruction_set {
    ($( $num:literal $variant:ident $name:literal [$src:ident $mid:ident $dst:ident] )*) => {
        /// A Dis opcode. Numbers 0xAF–0xFF are not instructions.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Opcode {
            $( $variant = $num, )*
        }

        /// Every opcode, in numeric order (index = opcode number).
        pub const OPCODES: &[Opcode] = &[ $( Opcode::$variant, )* ];

        impl Opcode {
            /// The assembler mnemonic (`addw`, `mframe`, ...).
            pub const fn name(self) -> &'static str {
                match self { $( Opcode::$variant => $name, )* }
            }

            /// Which operand slots the instruction uses.
            pub const fn shape(self) -> Shape {
                match self {
                    $( Opcode::$variant => Shape { src: Use::$src, mid: Use::$mid, dst: Use::$dst }, )*
                }
            }
        }
    };
}

instruction_set! {
    0x00 Nop "nop" [No No No]
    0x01 Alt "alt" [Yes No Yes]
    0x02 Nbalt "nbalt" [Yes No Yes]
    0x03 Goto "goto" [Yes No Yes]
    0x04 Call "call" [Yes No Target]
    0x05 Frame "frame" [Yes No Yes]
    0x06 Spawn "spawn" [Yes No Target]
    0x07 Runt "runt" [No No No]
    0x08 Load "load" [Yes Yes Yes]
    0x09 Mcall "mcall" [Yes Yes Yes]
    0x0a Mspawn "mspawn" [Yes Yes Yes]
    0x0b Mframe "mframe" [Yes Yes Yes]
    0x0c Ret "ret" [No No No]
    0x0d Jmp "jmp" [No No Target]
    0x0e Case "case" [Yes No Yes]
    0x0f Exit "exit" [No No No]
    0x10 New "new" [Yes No Yes]
    0x11 Newa "newa" [Yes Yes Yes]
    0x12 Newcb "newcb" [No Opt Yes]
    0x13 Newcw "newcw" [No Opt Yes]
    0x14 Newcf "newcf" [No Opt Yes]
    0x15 Newcp "newcp" [No Opt Yes]
    0x16 Newcm "newcm" [Yes Opt Yes]
    0x17 Newcmp "newcmp" [Yes Opt Yes]
    0x18 Send "send" [Yes No Yes]
    0x19 Recv "recv" [Yes No Yes]
    0x1a Consb "consb" [Yes No Yes]
    0x1b Consw "consw" [Yes No Yes]
    0x1c Consp "consp" [Yes No Yes]
    0x1d Consf "consf" [Yes No Yes]
    0x1e Consm "consm" [Yes Yes Yes]
    0x1f Consmp "consmp" [Yes Yes Yes]
    0x20 Headb "headb" [Yes No Yes]
    0x21 Headw "headw" [Yes No Yes]
    0x22 Headp "headp" [Yes No Yes]
    0x23 Headf "headf" [Yes No Yes]
    0x24 Headm "headm" [Yes Yes Yes]
    0x25 Headmp "headmp" [Yes Yes Yes]
    0x26 Tail "tail" [Yes No Yes]
    0x27 Lea "lea" [Yes No Yes]
    0x28 Indx "indx" [Yes Yes Yes]
    0x29 Movp "movp" [Yes No Yes]
    0x2a Movm "movm" [Yes Yes Yes]
    0x2b Movmp "movmp" [Yes Yes Yes]
    0x2c Movb "movb" [Yes No Yes]
    0x2d Movw "movw" [Yes No Yes]
    0x2e Movf "movf" [Yes No Yes]
    0x2f Cvtbw "cvtbw" [Yes No Yes]
    0x30 Cvtwb "cvtwb" [Yes No Yes]
    0x31 Cvtfw "cvtfw" [Yes No Yes]
    0x32 Cvtwf "cvtwf" [Yes No Yes]
    0x33 Cvtca "cvtca" [Yes No Yes]
    0x34 Cvtac "cvtac" [Yes No Yes]
    0x35 Cvtwc "cvtwc" [Yes No Yes]
    0x36 Cvtcw "cvtcw" [Yes No Yes]
    0x37 Cvtfc "cvtfc" [Yes No Yes]
    0x38 Cvtcf "cvtcf" [Yes No Yes]
    0x39 Addb "addb" [Yes Opt Yes]
    0x3a Addw "addw" [Yes Opt Yes]
    0x3b Addf "addf" [Yes Opt Yes]
    0x3c Subb "subb" [Yes Opt Yes]
    0x3d Subw "subw" [Yes Opt Yes]
    0x3e Subf "subf" [Yes Opt Yes]
    0x3f Mulb "mulb" [Yes Opt Yes]
    0x40 Mulw "mulw" [Yes Opt Yes]
    0x41 Mulf "mulf" [Yes Opt Yes]
    0x42 Divb "divb" [Yes Opt Yes]
    0x43 Divw "divw" [Yes Opt Yes]
    0x44 Divf "divf" [Yes Opt Yes]
    0x45 Modw "modw" [Yes Opt Yes]
    0x46 Modb "modb" [Yes Opt Yes]
    0x47 Andb "andb" [Yes Opt Yes]
    0x48 Andw "andw" [Yes Opt Yes]
    0x49 Orb "orb" [Yes Opt Yes]
    0x4a Orw "orw" [Yes Opt Yes]
    0x4b Xorb "xorb" [Yes Opt Yes]
    0x4c Xorw "xorw" [Yes Opt Yes]
    0x4d Shlb "shlb" [Yes Opt Yes]
    0x4e Shlw "shlw" [Yes Opt Yes]
    0x4f Shrb "shrb" [Yes Opt Yes]
    0x50 Shrw "shrw" [Yes Opt Yes]
    0x51 Insc "insc" [Yes Yes Yes]
    0x52 Indc "indc" [Yes Yes Yes]
    0x53 Addc "addc" [Yes Opt Yes]
    0x54 Lenc "lenc" [Yes No Yes]
    0x55 Lena "lena" [Yes No Yes]
    0x56 Lenl "lenl" [Yes No Yes]
    0x57 Beqb "beqb" [Yes Yes Target]
    0x58 Bneb "bneb" [Yes Yes Target]
    0x59 Bltb "bltb" [Yes Yes Target]
    0x5a Bleb "bleb" [Yes Yes Target]
    0x5b Bgtb "bgtb" [Yes Yes Target]
    0x5c Bgeb "bgeb" [Yes Yes Target]
    0x5d Beqw "beqw" [Yes Yes Target]
    0x5e Bnew "bnew" [Yes Yes Target]
    0x5f Bltw "bltw" [Yes Yes Target]
    0x60 Blew "blew" [Yes Yes Target]
    0x61 Bgtw "bgtw" [Yes Yes Target]
    0x62 Bgew "bgew" [Yes Yes Target]
    0x63 Beqf "beqf" [Yes Yes Target]
    0x64 Bnef "bnef" [Yes Yes Target]
    0x65 Bltf "bltf" [Yes Yes Target]
    0x66 Blef "blef" [Yes Yes Target]
    0x67 Bgtf "bgtf" [Yes Yes Target]
    0x68 Bgef "bgef" [Yes Yes Target]
    0x69 Beqc "beqc" [Yes Yes Target]
    0x6a Bnec "bnec" [Yes Yes Target]
    0x6b Bltc "bltc" [Yes Yes Target]
    0x6c Blec "blec" [Yes Yes Target]
    0x6d Bgtc "bgtc" [Yes Yes Target]
    0x6e Bgec "bgec" [Yes Yes Target]
    0x6f Slicea "slicea" [Yes Yes Yes]
    0x70 Slicela "slicela" [Yes Yes Yes]
    0x71 Slicec "slicec" [Yes Yes Yes]
    0x72 Indw "indw" [Yes Yes Yes]
    0x73 Indf "indf" [Yes Yes Yes]
    0x74 Indb "indb" [Yes Yes Yes]
    0x75 Negf "negf" [Yes No Yes]
    0x76 Movl "movl" [Yes No Yes]
    0x77 Addl "addl" [Yes Opt Yes]
    0x78 Subl "subl" [Yes Opt Yes]
    0x79 Divl "divl" [Yes Opt Yes]
    0x7a Modl "modl" [Yes Opt Yes]
    0x7b Mull "mull" [Yes Opt Yes]
    0x7c Andl "andl" [Yes Opt Yes]
    0x7d Orl "orl" [Yes Opt Yes]
    0x7e Xorl "xorl" [Yes Opt Yes]
    0x7f Shll "shll" [Yes Opt Yes]
    0x80 Shrl "shrl" [Yes Opt Yes]
    0x81 Bnel "bnel" [Yes Yes Target]
    0x82 Bltl "bltl" [Yes Yes Target]
    0x83 Blel "blel" [Yes Yes Target]
    0x84 Bgtl "bgtl" [Yes Yes Target]
    0x85 Bgel "bgel" [Yes Yes Target]
    0x86 Beql "beql" [Yes Yes Target]
    0x87 Cvtlf "cvtlf" [Yes No Yes]
    0x88 Cvtfl "cvtfl" [Yes No Yes]
    0x89 Cvtlw "cvtlw" [Yes No Yes]
    0x8a Cvtwl "cvtwl" [Yes No Yes]
    0x8b Cvtlc "cvtlc" [Yes No Yes]
    0x8c Cvtcl "cvtcl" [Yes No Yes]
    0x8d Headl "headl" [Yes No Yes]
    0x8e Consl "consl" [Yes No Yes]
    0x8f Newcl "newcl" [No Opt Yes]
    0x90 Casec "casec" [Yes No Yes]
    0x91 Indl "indl" [Yes Yes Yes]
    0x92 Movpc "movpc" [Yes No Yes]
    0x93 Tcmp "tcmp" [Yes No Yes]
    0x94 Mnewz "mnewz" [Yes Yes Yes]
    0x95 Cvtrf "cvtrf" [Yes No Yes]
    0x96 Cvtfr "cvtfr" [Yes No Yes]
    0x97 Cvtws "cvtws" [Yes No Yes]
    0x98 Cvtsw "cvtsw" [Yes No Yes]
    0x99 Lsrw "lsrw" [Yes Opt Yes]
    0x9a Lsrl "lsrl" [Yes Opt Yes]
    0x9b Eclr "eclr" [No No No]
    0x9c Newz "newz" [Yes No Yes]
    0x9d Newaz "newaz" [Yes Yes Yes]
    0x9e Raise "raise" [Yes No No]
    0x9f Casel "casel" [Yes No Yes]
    0xa0 Mulx "mulx" [Yes Yes Yes]
    0xa1 Divx "divx" [Yes Yes Yes]
    0xa2 Cvtxx "cvtxx" [Yes Yes Yes]
    0xa3 Mulx0 "mulx0" [Yes Yes Yes]
    0xa4 Divx0 "divx0" [Yes Yes Yes]
    0xa5 Cvtxx0 "cvtxx0" [Yes Yes Yes]
    0xa6 Mulx1 "mulx1" [Yes Yes Yes]
    0xa7 Divx1 "divx1" [Yes Yes Yes]
    0xa8 Cvtxx1 "cvtxx1" [Yes Yes Yes]
    0xa9 Cvtfx "cvtfx" [Yes Yes Yes]
    0xaa Cvtxf "cvtxf" [Yes Yes Yes]
    0xab Expw "expw" [Yes Opt Yes]
    0xac Expl "expl" [Yes Opt Yes]
    0xad Expf "expf" [Yes Opt Yes]
    0xae Self_ "self" [No No Yes]
}

impl Opcode {
    /// The opcode with this number, if it is one (0x00–0xAE).
    pub fn from_byte(b: u8) -> Option<Opcode> {
        OPCODES.get(usize::from(b)).copied()
    }

    /// The opcode with this mnemonic.
    pub fn from_name(name: &str) -> Option<Opcode> {
        OPCODES.iter().copied().find(|op| op.name() == name)
    }

    /// Whether an immediate destination is an instruction index that the loader checks.
    pub fn has_branch_target(self) -> bool {
        self.shape().dst == Use::Target
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_dense_and_names_unique() {
        assert_eq!(OPCODES.len(), 0xaf);
        for (i, op) in OPCODES.iter().enumerate() {
            assert_eq!(*op as usize, i, "{} out of order", op.name());
            assert_eq!(Opcode::from_name(op.name()), Some(*op));
        }
        assert_eq!(Opcode::from_byte(0xaf), None);
    }

    #[test]
    fn quirky_numbers_match_the_reference() {
        assert_eq!(Opcode::Modw as u8, 0x45);
        assert_eq!(Opcode::Modb as u8, 0x46);
        assert_eq!(Opcode::Beql as u8, 0x86);
        assert_eq!(Opcode::Raise as u8, 0x9e);
        assert_eq!(Opcode::Self_.name(), "self");
    }
}
