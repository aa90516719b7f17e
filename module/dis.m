# Dis: reading Dis object files (the .dis a compiler writes), and
# the text of their instructions. Member names, types and order agree
# with the original interface, so stock programs load this module.

Dis: module
{
	PATH:	con "/dis/lib/dis.dis";

	# header magic numbers: plain, and signed (a signature precedes the header)
	XMAGIC:		con	819248;
	SMAGIC:		con	923426;

	# runtime flags of the header
	MUSTCOMPILE:	con	1<<0;
	DONTCOMPILE:	con 	1<<1;
	SHAREMP:	con 	1<<2;
	DYNMOD:	con	1<<3;
	HASLDT0:	con	1<<4;
	HASEXCEPT:	con	1<<5;
	HASLDT:	con	1<<6;

	# operand addressing of source and destination (3 bits each)
	AMP:	con 16r00;
	AFP:	con 16r01;
	AIMM:	con 16r02;
	AXXX:	con 16r03;
	AIND:	con 16r04;
	AMASK:	con 16r07;

	# addressing of the middle operand (top 2 bits)
	ARM:	con 16rC0;
	AXNON:	con 16r00;
	AXIMM:	con 16r40;
	AXINF:	con 16r80;
	AXINM:	con 16rC0;

	# kinds of data item (the high nibble of an item's code byte)
	DEFZ:	con 0;
	DEFB:	con 1;
	DEFW:	con 2;
	DEFS:	con 3;
	DEFF:	con 4;
	DEFA:	con 5;
	DIND:	con 6;
	DAPOP:	con 7;
	DEFL:	con 8;
	DMAX:	con 1<<4;

	# one instruction: an indirect operand holds both offsets,
	# the first in the top 16 bits
	Inst: adt
	{
		op:	int;
		addr:	int;
		mid:	int;
		src:	int;
		dst:	int;
	};

	# a type descriptor: size in bytes and its pointer map
	Type: adt
	{
		size:	int;
		np:	int;
		map:	array of byte;
	};

	# an item initialising module data at byte offset off
	Data: adt
	{
		op:	int;
		n:	int;
		off:	int;
		pick {
		Zero =>
		Bytes =>
			bytes:	array of byte;
		Words =>
			words:	array of int;
		String =>
			str:	string;
		Reals =>
			reals:	array of real;
		Array =>
			typex:	int;
			length:	int;
		Aindex =>
			index:	int;
		Arestore =>
		Bigs =>
			bigs:		array of big;
		}
	};

	# an exported function
	Link: adt
	{
		pc:	int;
		desc:	int;
		sig:	int;
		name:	string;
	};

	# a function the module imports
	Import: adt
	{
		sig:	int;
		name:	string;
	};

	# one case of an exception handler
	Except: adt
	{
		s:	string;
		pc:	int;
	};

	# an exception handler covering pcs pc1 to pc2
	Handler: adt
	{
		pc1:	int;
		pc2:	int;
		eoff:	int;
		ne:	int;
		t:	ref Type;
		etab:	array of ref Except;
	};

	# a whole object file
	Mod: adt
	{
		name:	string;
		srcpath:	string;

		magic:	int;
		rt:	int;
		ssize:	int;
		isize:	int;
		dsize:	int;
		tsize:	int;
		lsize:	int;
		entry:	int;
		entryt:	int;

		inst:	array of ref Inst;
		types:	array of ref Type;
		data:	list of ref Data;
		links:	array of ref Link;
		imports:	array of array of ref Import;
		handlers:	array of ref Handler;

		sign:	array of byte;
	};

	# the opcodes, in order
	INOP,
	IALT,
	INBALT,
	IGOTO,
	ICALL,
	IFRAME,
	ISPAWN,
	IRUNT,
	ILOAD,
	IMCALL,
	IMSPAWN,
	IMFRAME,
	IRET,
	IJMP,
	ICASE,
	IEXIT,
	INEW,
	INEWA,
	INEWCB,
	INEWCW,
	INEWCF,
	INEWCP,
	INEWCM,
	INEWCMP,
	ISEND,
	IRECV,
	ICONSB,
	ICONSW,
	ICONSP,
	ICONSF,
	ICONSM,
	ICONSMP,
	IHEADB,
	IHEADW,
	IHEADP,
	IHEADF,
	IHEADM,
	IHEADMP,
	ITAIL,
	ILEA,
	IINDX,
	IMOVP,
	IMOVM,
	IMOVMP,
	IMOVB,
	IMOVW,
	IMOVF,
	ICVTBW,
	ICVTWB,
	ICVTFW,
	ICVTWF,
	ICVTCA,
	ICVTAC,
	ICVTWC,
	ICVTCW,
	ICVTFC,
	ICVTCF,
	IADDB,
	IADDW,
	IADDF,
	ISUBB,
	ISUBW,
	ISUBF,
	IMULB,
	IMULW,
	IMULF,
	IDIVB,
	IDIVW,
	IDIVF,
	IMODW,
	IMODB,
	IANDB,
	IANDW,
	IORB,
	IORW,
	IXORB,
	IXORW,
	ISHLB,
	ISHLW,
	ISHRB,
	ISHRW,
	IINSC,
	IINDC,
	IADDC,
	ILENC,
	ILENA,
	ILENL,
	IBEQB,
	IBNEB,
	IBLTB,
	IBLEB,
	IBGTB,
	IBGEB,
	IBEQW,
	IBNEW,
	IBLTW,
	IBLEW,
	IBGTW,
	IBGEW,
	IBEQF,
	IBNEF,
	IBLTF,
	IBLEF,
	IBGTF,
	IBGEF,
	IBEQC,
	IBNEC,
	IBLTC,
	IBLEC,
	IBGTC,
	IBGEC,
	ISLICEA,
	ISLICELA,
	ISLICEC,
	IINDW,
	IINDF,
	IINDB,
	INEGF,
	IMOVL,
	IADDL,
	ISUBL,
	IDIVL,
	IMODL,
	IMULL,
	IANDL,
	IORL,
	IXORL,
	ISHLL,
	ISHRL,
	IBNEL,
	IBLTL,
	IBLEL,
	IBGTL,
	IBGEL,
	IBEQL,
	ICVTLF,
	ICVTFL,
	ICVTLW,
	ICVTWL,
	ICVTLC,
	ICVTCL,
	IHEADL,
	ICONSL,
	INEWCL,
	ICASEC,
	IINDL,
	IMOVPC,
	ITCMP,
	IMNEWZ,
	ICVTRF,
	ICVTFR,
	ICVTWS,
	ICVTSW,
	ILSRW,
	ILSRL,
	IECLR,
	INEWZ,
	INEWAZ,
	IRAISE,
	ICASEL,
	IMULX,
	IDIVX,
	ICVTXX,
	IMULX0,
	IDIVX0,
	ICVTXX0,
	IMULX1,
	IDIVX1,
	ICVTXX1,
	ICVTFX,
	ICVTXF,
	IEXPW,
	IEXPL,
	IEXPF,
	ISELF,
	MAXDIS: con iota;

	init:		fn();
	loadobj:	fn(file: string): (ref Mod, string);
	op2s:	fn(op: int): string;
	inst2s:	fn(ins: ref Inst): string;
	src:		fn(file: string): string;
};
