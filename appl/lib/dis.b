implement Dis;

# Reads a Dis object file whole into a Mod: header, instructions, type
# descriptors, data items, links, imports, exception handlers and the
# source path; names opcodes and writes instructions as text in the
# form of the original's disassembler ("movw      $1, 40(fp)").
# A file that ends early or holds impossible counts is refused with
# "bad dis file" where the original would raise an exception.

include "sys.m";
	sys: Sys;

include "math.m";
	math: Math;

include "dis.m";

# the instruction names, indexed by opcode
opnames := array[] of {
	"nop",
	"alt",
	"nbalt",
	"goto",
	"call",
	"frame",
	"spawn",
	"runt",
	"load",
	"mcall",
	"mspawn",
	"mframe",
	"ret",
	"jmp",
	"case",
	"exit",
	"new",
	"newa",
	"newcb",
	"newcw",
	"newcf",
	"newcp",
	"newcm",
	"newcmp",
	"send",
	"recv",
	"consb",
	"consw",
	"consp",
	"consf",
	"consm",
	"consmp",
	"headb",
	"headw",
	"headp",
	"headf",
	"headm",
	"headmp",
	"tail",
	"lea",
	"indx",
	"movp",
	"movm",
	"movmp",
	"movb",
	"movw",
	"movf",
	"cvtbw",
	"cvtwb",
	"cvtfw",
	"cvtwf",
	"cvtca",
	"cvtac",
	"cvtwc",
	"cvtcw",
	"cvtfc",
	"cvtcf",
	"addb",
	"addw",
	"addf",
	"subb",
	"subw",
	"subf",
	"mulb",
	"mulw",
	"mulf",
	"divb",
	"divw",
	"divf",
	"modw",
	"modb",
	"andb",
	"andw",
	"orb",
	"orw",
	"xorb",
	"xorw",
	"shlb",
	"shlw",
	"shrb",
	"shrw",
	"insc",
	"indc",
	"addc",
	"lenc",
	"lena",
	"lenl",
	"beqb",
	"bneb",
	"bltb",
	"bleb",
	"bgtb",
	"bgeb",
	"beqw",
	"bnew",
	"bltw",
	"blew",
	"bgtw",
	"bgew",
	"beqf",
	"bnef",
	"bltf",
	"blef",
	"bgtf",
	"bgef",
	"beqc",
	"bnec",
	"bltc",
	"blec",
	"bgtc",
	"bgec",
	"slicea",
	"slicela",
	"slicec",
	"indw",
	"indf",
	"indb",
	"negf",
	"movl",
	"addl",
	"subl",
	"divl",
	"modl",
	"mull",
	"andl",
	"orl",
	"xorl",
	"shll",
	"shrl",
	"bnel",
	"bltl",
	"blel",
	"bgtl",
	"bgel",
	"beql",
	"cvtlf",
	"cvtfl",
	"cvtlw",
	"cvtwl",
	"cvtlc",
	"cvtcl",
	"headl",
	"consl",
	"newcl",
	"casec",
	"indl",
	"movpc",
	"tcmp",
	"mnewz",
	"cvtrf",
	"cvtfr",
	"cvtws",
	"cvtsw",
	"lsrw",
	"lsrl",
	"eclr",
	"newz",
	"newaz",
	"raise",
	"casel",
	"mulx",
	"divx",
	"cvtxx",
	"mulx0",
	"divx0",
	"cvtxx0",
	"mulx1",
	"divx1",
	"cvtxx1",
	"cvtfx",
	"cvtxf",
	"expw",
	"expl",
	"expf",
	"self"
};

# The object being read and the position in it; bad is set when a
# read runs past its end.
Reader: adt {
	b:	array of byte;
	p:	int;
	bad:	int;

	operand:	fn(r: self ref Reader): int;
	word:	fn(r: self ref Reader): int;
	long:	fn(r: self ref Reader): big;
	bytes:	fn(r: self ref Reader, n: int): array of byte;
	byte1:	fn(r: self ref Reader): int;
	cstring:	fn(r: self ref Reader): string;
	count:	fn(r: self ref Reader): int;
};

init()
{
	sys = load Sys Sys->PATH;
	math = load Math Math->PATH;
}

loadobj(file: string): (ref Mod, string)
{
	fd := sys->open(file, Sys->OREAD);
	if(fd == nil)
		return (nil, sys->sprint("open failed: %r"));
	(ok, d) := sys->fstat(fd);
	if(ok < 0)
		return (nil, sys->sprint("stat failed: %r"));
	size := int d.length;
	if(size < 0)
		size = 0;
	obj := array[size] of byte;
	if(sys->read(fd, obj, size) != size)
		return (nil, sys->sprint("read failed: %r"));
	r := ref Reader(obj, 0, 0);
	m := ref Mod;
	m.magic = r.operand();
	if(m.magic == SMAGIC){
		m.sign = r.bytes(r.count());
		m.magic = r.operand();
	}
	if(m.magic != XMAGIC)
		return (nil, "bad magic number");
	m.rt = r.operand();
	m.ssize = r.operand();
	m.isize = r.count();
	m.dsize = r.operand();
	m.tsize = r.count();
	m.lsize = r.count();
	m.entry = r.operand();
	m.entryt = r.operand();
	if(r.bad)
		return (nil, "bad dis file");

	m.inst = array[m.isize] of ref Inst;
	for(i := 0; i < m.isize && !r.bad; i++)
		m.inst[i] = instruction(r);
	m.types = array[m.tsize] of ref Type;
	for(i = 0; i < m.tsize && !r.bad; i++){
		r.operand();	# its own index
		t := ref Type;
		t.size = r.operand();
		t.np = r.count();
		t.map = r.bytes(t.np);
		m.types[i] = t;
	}
	data: list of ref Data;
	while(!r.bad && (code := r.byte1()) != 0)
		data = item(r, code) :: data;
	for(; data != nil; data = tl data)
		m.data = hd data :: m.data;
	m.name = r.cstring();
	m.links = array[m.lsize] of ref Link;
	for(i = 0; i < m.lsize && !r.bad; i++){
		pc := r.operand();
		desc := r.operand();
		sig := r.word();
		m.links[i] = ref Link(pc, desc, sig, r.cstring());
	}
	if(m.rt & HASLDT0)
		raise "obsolete dis";
	if(m.rt & HASLDT){
		m.imports = array[r.count()] of array of ref Import;
		for(i = 0; i < len m.imports && !r.bad; i++){
			fns := array[r.count()] of ref Import;
			for(j := 0; j < len fns && !r.bad; j++){
				sig := r.word();
				fns[j] = ref Import(sig, r.cstring());
			}
			m.imports[i] = fns;
		}
		r.byte1();
	}
	if(m.rt & HASEXCEPT){
		m.handlers = array[r.count()] of ref Handler;
		for(i = 0; i < len m.handlers && !r.bad; i++)
			m.handlers[i] = handler(r, m.types);
		r.byte1();
	}
	m.srcpath = r.cstring();
	if(r.bad)
		return (nil, "bad dis file");
	return (m, nil);
}

# One instruction: opcode, addressing byte, then the operands it says
# are present (middle, source, destination).
instruction(r: ref Reader): ref Inst
{
	op := r.byte1();
	i := ref Inst(op, r.byte1(), 0, 0, 0);
	if((i.addr & ARM) != AXNON)
		i.mid = r.operand();
	i.src = address(r, (i.addr >> 3) & AMASK);
	i.dst = address(r, i.addr & AMASK);
	return i;
}

address(r: ref Reader, mode: int): int
{
	case mode {
	AFP or AMP or AIMM =>
		return r.operand();
	AIND|AFP or AIND|AMP =>
		outer := r.operand();
		return (outer << 16) | (r.operand() & 16rFFFF);
	}
	return 0;
}

# One data item after its code byte: a count in the code or following
# it, the offset, then the values.
item(r: ref Reader, code: int): ref Data
{
	n := code & (DMAX - 1);
	if(n == 0)
		n = r.count();
	off := r.operand();
	case code >> 4 {
	DEFB =>
		return ref Data.Bytes(code, n, off, r.bytes(n));
	DEFW =>
		words := array[bounded(r, n, 4)] of int;
		for(i := 0; i < len words; i++)
			words[i] = r.word();
		return ref Data.Words(code, n, off, words);
	DEFS =>
		return ref Data.String(code, n, off, string r.bytes(n));
	DEFF =>
		reals: array of real;
		if(math != nil){
			reals = array[bounded(r, n, 8)] of real;
			for(i := 0; i < len reals; i++)
				reals[i] = math->bits64real(r.long());
		}else
			r.bytes(8 * bounded(r, n, 8));
		return ref Data.Reals(code, n, off, reals);
	DEFA =>
		typex := r.word();
		return ref Data.Array(code, n, off, typex, r.word());
	DIND =>
		return ref Data.Aindex(code, n, off, r.word());
	DAPOP =>
		return ref Data.Arestore(code, n, off);
	DEFL =>
		bigs := array[bounded(r, n, 8)] of big;
		for(i := 0; i < len bigs; i++)
			bigs[i] = r.long();
		return ref Data.Bigs(code, n, off, bigs);
	}
	return ref Data.Zero(code, n, off);
}

# n items of size bytes each, or as many as remain when there are fewer.
bounded(r: ref Reader, n: int, size: int): int
{
	left := (len r.b - r.p) / size;
	if(n > left){
		r.bad = 1;
		return left;
	}
	return n;
}

# One handler: frame offset of the exception, pc range, type, then its
# cases (pattern and pc) and the pc of its default.
handler(r: ref Reader, types: array of ref Type): ref Handler
{
	h := ref Handler;
	h.eoff = r.operand();
	h.pc1 = r.operand();
	h.pc2 = r.operand();
	t := r.operand();
	if(t >= 0 && t < len types)
		h.t = types[t];
	n := r.operand();
	h.ne = n >> 16;
	n &= 16rFFFF;
	h.etab = array[bounded(r, n, 2) + 1] of ref Except;
	for(j := 0; j < len h.etab - 1; j++){
		s := r.cstring();
		h.etab[j] = ref Except(s, r.operand());
	}
	h.etab[j] = ref Except(nil, r.operand());
	return h;
}

Reader.byte1(r: self ref Reader): int
{
	if(r.p >= len r.b){
		r.bad = 1;
		return 0;
	}
	return int r.b[r.p++];
}

# The variable-length operand encoding: one, two or four bytes, the top
# bits of the first saying which, the value sign-extended.
Reader.operand(r: self ref Reader): int
{
	b := r.byte1();
	case b & 16rC0 {
	16r00 =>
		return b;
	16r40 =>
		return b | ~16r7F;
	16r80 =>
		v := b & 16r3F;
		if(b & 16r20)
			v |= ~16r3F;
		return (v << 8) | r.byte1();
	* =>
		v := b & 16r3F;
		if(b & 16r20)
			v |= ~16r3F;
		for(k := 0; k < 3; k++)
			v = (v << 8) | r.byte1();
		return v;
	}
}

# A count: an operand that must not be negative nor more than the bytes
# left (every counted thing takes at least one byte).
Reader.count(r: self ref Reader): int
{
	n := r.operand();
	if(n < 0 || n > len r.b - r.p){
		r.bad = 1;
		return 0;
	}
	return n;
}

Reader.word(r: self ref Reader): int
{
	v := 0;
	for(k := 0; k < 4; k++)
		v = (v << 8) | r.byte1();
	return v;
}

Reader.long(r: self ref Reader): big
{
	v := big 0;
	for(k := 0; k < 8; k++)
		v = (v << 8) | big r.byte1();
	return v;
}

Reader.bytes(r: self ref Reader, n: int): array of byte
{
	if(n < 0 || n > len r.b - r.p){
		r.bad = 1;
		n = len r.b - r.p;
	}
	a := r.b[r.p:r.p + n];
	r.p += n;
	return a;
}

# A string ended by a zero byte (or by the end of the file).
Reader.cstring(r: self ref Reader): string
{
	start := r.p;
	while(r.p < len r.b && r.b[r.p] != byte 0)
		r.p++;
	s := string r.b[start:r.p];
	if(r.p < len r.b)
		r.p++;
	else
		r.bad = 1;
	return s;
}

op2s(op: int): string
{
	if(op < 0 || op >= len opnames)
		return "OP" + string op;
	return opnames[op];
}

inst2s(i: ref Inst): string
{
	src := operandtext((i.addr >> 3) & AMASK, i.src);
	dst := operandtext(i.addr & AMASK, i.dst);
	s := sys->sprint("%-10s", op2s(i.op));
	case i.addr & ARM {
	AXIMM =>
		return s + src + ", $" + string i.mid + ", " + dst;
	AXINF =>
		return s + src + ", " + string i.mid + "(fp), " + dst;
	AXINM =>
		return s + src + ", " + string i.mid + "(mp), " + dst;
	}
	if(src == "")
		return s + dst;
	if(dst == "")
		return s + src;
	return s + src + ", " + dst;
}

operandtext(mode: int, v: int): string
{
	case mode {
	AFP =>
		return string v + "(fp)";
	AMP =>
		return string v + "(mp)";
	AIMM =>
		return "$" + string v;
	AIND|AFP =>
		return string (v & 16rFFFF) + "(" + string ((v >> 16) & 16rFFFF) + "(fp))";
	AIND|AMP =>
		return string (v & 16rFFFF) + "(" + string ((v >> 16) & 16rFFFF) + "(mp))";
	}
	return "";
}

# The source path a compiler records at the end of a module: the last
# string of the file, if it is an absolute path.
src(file: string): string
{
	fd := sys->open(file, Sys->OREAD);
	if(fd == nil)
		return nil;
	(ok, d) := sys->fstat(fd);
	if(ok < 0 || d.length < big 2)
		return nil;
	n := 8192;
	if(big n > d.length)
		n = int d.length;
	tail := array[n] of byte;
	sys->seek(fd, d.length - big n, Sys->SEEKSTART);
	if(sys->read(fd, tail, n) != n || tail[n-1] != byte 0)
		return nil;
	start := n - 1;
	while(start > 0 && tail[start-1] != byte 0)
		start--;
	s := string tail[start:n-1];
	if(s != "" && s[0] == '/')
		return s;
	return nil;
}
