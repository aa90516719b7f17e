implement Fc;

# fc [-d|-x|-o|-b|-B|-c|-r radix] expression ...: a reverse Polish
# calculator. Each argument is a number (decimal or real, 0x hex, 0b
# binary, 0 octal, Limbo radix 16rff, @c a character, pi, e, nan,
# infinity, eps), pushed on a stack, or an operator working on the top of
# it; at the end the stack is printed bottom first, in decimal (%g), hex
# (0x), octal (0), binary (0b; -B with digit positions under it), as
# characters (@c) or in a radix (16rff). Operators: + - x / div % shl shr
# and or xor not _ (negate) ! (factorial) pow xx, the functions of Math,
# rad deg, p (print and pop), sum, swap, dup, rep (repeat the last binary
# operator down the stack), lgamma and modf (pushing two results).
# Errors print "fc: ..." and fail:error; a bad option prints the usage
# and the operators, and fails with fail:usage.

include "sys.m";
	sys: Sys;

include "draw.m";

# The part of Math that emu's $Math has so far; the operators needing the
# rest (erf, erfc, j0, j1, y0, y1, jn, yn, lgamma, ilogb, nextafter,
# remainder) fail with "fc: OP: not in $Math yet". Floating-point
# exceptions are off by default, as the original sets them.
Math: module
{
	PATH:	con "$Math";
	Infinity:	con 1e400;
	NaN:	con 0./0.;
	MachEps:	con 2.2204460492503131e-16;
	Pi:	con 3.14159265358979323846;

	acos, acosh, asin, asinh, atan, atanh, cbrt, ceil, cos, cosh, exp,
	expm1, fabs, floor, log, log10, log1p, rint, sin, sinh, sqrt, tan,
	tanh: fn(x: real): real;
	atan2, fmod, hypot, pow: fn(x, y: real): real;
};
	math: Math;

Fc: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

UNARY, BINARY, SPECIAL: con iota;

Op: adt {
	name:	string;
	kind:	int;
};

ops := array[] of {
	Op("swap", SPECIAL), Op("dup", SPECIAL), Op("rep", SPECIAL),
	Op("sum", SPECIAL), Op("p", SPECIAL),
	Op("x", BINARY), Op("×", BINARY), Op("pow", BINARY), Op("xx", BINARY),
	Op("+", BINARY), Op("-", BINARY), Op("/", BINARY), Op("div", BINARY),
	Op("%", BINARY), Op("shl", BINARY), Op("shr", BINARY),
	Op("and", BINARY), Op("or", BINARY), Op("⋀", BINARY), Op("⋁", BINARY),
	Op("xor", BINARY), Op("not", UNARY), Op("_", UNARY),
	Op("factorial", UNARY), Op("!", UNARY), Op("pow", BINARY),
	Op("hypot", BINARY), Op("atan2", BINARY), Op("jn", BINARY),
	Op("yn", BINARY), Op("scalbn", BINARY), Op("copysign", BINARY),
	Op("fdim", BINARY), Op("fmin", BINARY), Op("fmax", BINARY),
	Op("nextafter", BINARY), Op("remainder", BINARY), Op("fmod", BINARY),
	Op("pow10", UNARY), Op("sqrt", UNARY), Op("exp", UNARY),
	Op("expm1", UNARY), Op("log", UNARY), Op("log10", UNARY),
	Op("log1p", UNARY), Op("cos", UNARY), Op("cosh", UNARY),
	Op("sin", UNARY), Op("sinh", UNARY), Op("tan", UNARY),
	Op("tanh", UNARY), Op("acos", UNARY), Op("asin", UNARY),
	Op("acosh", UNARY), Op("asinh", UNARY), Op("atan", UNARY),
	Op("atanh", UNARY), Op("erf", UNARY), Op("erfc", UNARY),
	Op("j0", UNARY), Op("j1", UNARY), Op("y0", UNARY), Op("y1", UNARY),
	Op("ilogb", UNARY), Op("fabs", UNARY), Op("ceil", UNARY),
	Op("floor", UNARY), Op("finite", UNARY), Op("isnan", UNARY),
	Op("rint", UNARY), Op("rad", UNARY), Op("deg", UNARY),
	Op("lgamma", SPECIAL), Op("modf", SPECIAL),
};

# Output forms other than a plain radix (2 to 36).
RADIX, ANNOTATE, CHAR: con 1 << (iota + 10);

output := 10;
stack: list of real;
lastop: Op;
stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	math = load Math Math->PATH;
	if(math == nil)
		error(sys->sprint("cannot load %s: %r", Math->PATH));
	if(argv == nil || tl argv == nil)
		return;
	argv = tl argv;
	a := hd argv;
	if(len a > 1 && a[0] == '-' && !number(a).t0){
		case a[1] {
		'd' =>	output = 10;
		'x' =>	output = 16;
		'o' =>	output = 8;
		'b' =>	output = 2;
		'c' =>	output = CHAR;
		'B' =>	output = 2 | ANNOTATE;
		'r' =>
			r := 0;
			if(len a > 2)
				r = int a[2:];
			else if(tl argv == nil)
				usage();
			else{
				argv = tl argv;
				r = int hd argv;
			}
			if(r < 2 || r > 36)
				usage();
			output = r | RADIX;
		* =>
			sys->fprint(stderr, "fc: unknown option -%c\n", a[1]);
			usage();
		}
		argv = tl argv;
	}
	for(; argv != nil; argv = tl argv){
		(ok, v) := number(hd argv);
		if(ok){
			stack = v :: stack;
			continue;
		}
		op := find(hd argv);
		perform(op);
		lastop = op;
	}
	bottomfirst: list of real;
	for(; stack != nil; stack = tl stack)
		bottomfirst = hd stack :: bottomfirst;
	for(; bottomfirst != nil; bottomfirst = tl bottomfirst)
		show(hd bottomfirst);
}

usage()
{
	sys->fprint(stderr, "usage: fc [-xdbB] [-r radix] <postfix expression>\n" +
		"option specifies output format:\n" +
		"\t-d decimal (default)\n" +
		"\t-x hex\n" +
		"\t-o octal\n" +
		"\t-b binary\n" +
		"\t-B annotated binary\n" +
		"\t-c character\n" +
		"\t-r <radix> specified base in Limbo 99r9999 format\n" +
		"operands are decimal(default), hex(0x), octal(0), binary(0b), radix(99r)\n");
	s := "operators are:\n";
	for(i := 0; i < len ops; i++)
		s += ops[i].name + " ";
	sys->fprint(stderr, "%s\n", s);
	raise "fail:usage";
}

error(e: string)
{
	sys->fprint(stderr, "fc: %s\n", e);
	raise "fail:error";
}

missing(name: string)
{
	error(name + ": not in $Math yet");
}

need(n: int, name: string)
{
	if(len stack < n)
		error("stack too small for op '" + name + "'");
}

find(name: string): Op
{
	for(i := 0; i < len ops; i++)
		if(ops[i].name == name)
			return ops[i];
	error("invalid operator '" + name + "'");
	return ops[0];
}

perform(op: Op)
{
	case op.kind {
	UNARY =>
		need(1, op.name);
		stack = unary(op.name, hd stack) :: tl stack;
	BINARY =>
		need(2, op.name);
		stack = binary(op.name, hd tl stack, hd stack) :: tl tl stack;
	SPECIAL =>
		special(op.name);
	}
}

unary(name: string, v: real): real
{
	case name {
	"not" =>	return real !(int v);
	"_" =>	return -v;
	"factorial" or "!" =>
		n := int v;
		f := 1.0;
		while(n > 0)
			f *= real n--;
		return f;
	"pow10" =>	return math->pow(10.0, real int v);
	"sqrt" =>	return math->sqrt(v);
	"exp" =>	return math->exp(v);
	"expm1" =>	return math->expm1(v);
	"log" =>	return math->log(v);
	"log10" =>	return math->log10(v);
	"log1p" =>	return math->log1p(v);
	"cos" =>	return math->cos(v);
	"cosh" =>	return math->cosh(v);
	"sin" =>	return math->sin(v);
	"sinh" =>	return math->sinh(v);
	"tan" =>	return math->tan(v);
	"tanh" =>	return math->tanh(v);
	"acos" =>	return math->acos(v);
	"asin" =>	return math->asin(v);
	"acosh" =>	return math->acosh(v);
	"asinh" =>	return math->asinh(v);
	"atan" =>	return math->atan(v);
	"atanh" =>	return math->atanh(v);
	"erf" or "erfc" or "j0" or "j1" or "y0" or "y1" or "ilogb" =>
		missing(name);
	"fabs" =>	return math->fabs(v);
	"ceil" =>	return math->ceil(v);
	"floor" =>	return math->floor(v);
	"finite" =>	return real (v == v && v - v == 0.0);
	"isnan" =>	return real (v != v);
	"rint" =>	return math->rint(v);
	"rad" =>	return (v / 360.0) * 2.0 * Math->Pi;
	"deg" =>	return v / (2.0 * Math->Pi) * 360.0;
	}
	error("unknown unary operator '" + name + "'");
	return v;
}

binary(name: string, a, b: real): real
{
	case name {
	"x" or "×" =>	return a * b;
	"+" =>	return a + b;
	"-" =>	return a - b;
	"/" =>	return a / b;
	"div" =>	return real (big a / big b);
	"%" =>	return real (big a % big b);
	"shl" =>	return real (big a << int b);
	"shr" =>	return real (big a >> int b);
	"and" or "⋀" =>	return real (big a & big b);
	"or" or "⋁" =>	return real (big a | big b);
	"xor" =>	return real (big a ^ big b);
	"pow" or "xx" =>	return math->pow(a, b);
	"hypot" =>	return math->hypot(a, b);
	"atan2" =>	return math->atan2(a, b);
	"jn" or "yn" or "nextafter" or "remainder" =>
		missing(name);
	"scalbn" =>	return a * math->pow(2.0, real int b);
	"copysign" =>
		if((b < 0.0 || b == 0.0 && 1.0/b < 0.0) != (a < 0.0 || a == 0.0 && 1.0/a < 0.0))
			return -a;
		return a;
	"fdim" =>
		if(a > b)
			return a - b;
		return 0.0;
	"fmin" =>
		if(b < a || a != a)
			return b;
		return a;
	"fmax" =>
		if(b > a || a != a)
			return b;
		return a;
	"fmod" =>	return math->fmod(a, b);
	}
	error("unknown binary operator '" + name + "'");
	return a;
}

special(name: string)
{
	case name {
	"swap" =>
		need(2, name);
		stack = hd tl stack :: hd stack :: tl tl stack;
	"dup" =>
		need(1, name);
		stack = hd stack :: stack;
	"rep" =>
		if(lastop.kind != BINARY)
			error("invalid operator '" + lastop.name + "' for rep");
		while(stack != nil && tl stack != nil)
			perform(lastop);
	"sum" =>
		total := 0.0;
		for(; stack != nil; stack = tl stack)
			total += hd stack;
		stack = total :: nil;
	"p" =>
		need(1, name);
		show(hd stack);
		stack = tl stack;
	"lgamma" =>
		missing(name);
	"modf" =>
		need(1, name);
		v := hd stack;
		whole := math->floor(v);
		if(v < 0.0)
			whole = math->ceil(v);
		stack = v - whole :: whole :: tl stack;
	* =>
		error("unknown operator '" + name + "'");
	}
}

show(v: real)
{
	case output {
	CHAR =>	sys->print("@%c\n", int v);
	2 =>	sys->print("%s\n", bits(big v));
	2 | ANNOTATE =>	sys->print("%s\n", annotated(big v));
	8 =>	sys->print("%#bo\n", big v);
	10 =>	sys->print("%g\n", v);
	16 =>	sys->print("%#bx\n", big v);
	* =>	sys->print("%s\n", inradix(big v, output & ~RADIX));
	}
}

# 0b and the bits of n, in whole bytes from the highest not zero.
bits(n: big): string
{
	top := 7;
	while(top > 0 && (n & (big 16rff << (top*8))) == big 0)
		top--;
	s := "0b";
	for(i := 63; i >= 0; i--)
		if(i/8 <= top)
			s[len s] = '0' + (int (n >> i) & 1);
	return s;
}

# The bits with their positions written under them.
annotated(n: big): string
{
	s := bits(n);
	ndigits := len s - 2;
	s += "\n  ";
	for(i := ndigits - 1; i >= 0; i--)
		s[len s] = '0' + i % 10;
	if(ndigits < 10)
		return s;
	s += "\n  ";
	for(i = ndigits - 1; i >= 10; i--)
		if(i % 10 == 0)
			s[len s] = '0' + i / 10;
		else
			s[len s] = ' ';
	return s;
}

inradix(n: big, radix: int): string
{
	neg := n < big 0;
	if(neg)
		n = -n;
	digits := "";
	do {
		d := int (n % big radix);
		if(d < 10)
			digits[len digits] = '0' + d;
		else
			digits[len digits] = 'a' + d - 10;
		n /= big radix;
	} while(n > big 0);
	s := "";
	for(i := len digits - 1; i >= 0; i--)
		s[len s] = digits[i];
	if(radix != 10)
		s = string radix + "r" + s;
	if(neg)
		s = "-" + s;
	return s;
}

# Whether s is a number, and its value.
number(s: string): (int, real)
{
	case s {
	"pi" or "π" =>	return (1, Math->Pi);
	"e" =>	return (1, 2.71828182845904509);
	"nan" or "NaN" =>	return (1, Math->NaN);
	"-nan" or "-NaN" =>	return (1, -Math->NaN);
	"infinity" or "Infinity" or "∞" =>	return (1, Math->Infinity);
	"-infinity" or "-Infinity" or "-∞" =>	return (1, -Math->Infinity);
	"eps" or "macheps" =>	return (1, Math->MachEps);
	}
	i := 0;
	if(s != nil && s[0] == '-')
		i = 1;
	t := s[i:];
	if(len t > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') && all(t[2:], "0123456789abcdefABCDEF"))
		return inbase(s, 2, 16);
	if(len t > 2 && t[0] == '0' && (t[1] == 'b' || t[1] == 'B') && all(t[2:], "01"))
		return inbase(s, 2, 2);
	if(len t > 1 && t[0] == '0' && all(t[1:], "01234567"))
		return inbase(s, 1, 8);
	if(len t > 2 && digit(t[0]) && (t[1] == 'r' || t[1] == 'R') && all(t[2:], "012345678"))
		return inbase(s, 2, int s);
	if(len t > 3 && t[0] >= '0' && t[0] <= '3' && digit(t[1]) && (t[2] == 'r' || t[2] == 'R') &&
	   all(t[3:], "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
		return inbase(s, 3, int s);
	if(decimal(t))
		return (1, real s);
	if(len s == 2 && s[0] == '@')
		return (1, real s[1]);
	return (0, Math->NaN);
}

digit(c: int): int
{
	return c >= '0' && c <= '9';
}

# Whether s is not empty and all its characters are in set.
all(s, set: string): int
{
	if(s == nil)
		return 0;
	for(i := 0; i < len s; i++){
		for(j := 0; j < len set && set[j] != s[i]; j++)
			;
		if(j == len set)
			return 0;
	}
	return 1;
}

# digits[.digits] or [digits].digits, then an optional e[-]digits.
decimal(s: string): int
{
	i := 0;
	while(i < len s && digit(s[i]))
		i++;
	whole := i;
	if(i < len s && s[i] == '.'){
		j := i + 1;
		while(j < len s && digit(s[j]))
			j++;
		if(j == i + 1)
			return 0;
		i = j;
	}else if(whole == 0)
		return 0;
	if(i < len s && (s[i] == 'e' || s[i] == 'E')){
		i++;
		if(i < len s && s[i] == '-')
			i++;
		j := i;
		while(i < len s && digit(s[i]))
			i++;
		if(i == j)
			return 0;
	}
	return i == len s;
}

# The number in s after its prefix of length skip (and any -), in radix.
inbase(s: string, skip, radix: int): (int, real)
{
	neg := s[0] == '-';
	if(neg)
		skip++;
	n := big 0;
	if(radix == 10)
		n = big s[skip:];
	else if(radix == 0 || radix > 36)
		return (0, Math->NaN);
	else
		for(i := skip; i < len s; i++){
			c := s[i];
			d: int;
			if(c >= '0' && c <= '9')
				d = c - '0';
			else if(c >= 'a' && c < 'a' + radix - 10)
				d = c - 'a' + 10;
			else if(c >= 'A' && c < 'A' + radix - 10)
				d = c - 'A' + 10;
			else
				return (0, Math->NaN);
			n = n*big radix + big d;
		}
	if(neg)
		n = -n;
	return (1, real n);
}
