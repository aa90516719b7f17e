implement Calc;

# calc [-s] [file | expression ...]: a calculator language of reals with
# Limbo-like expressions and statements. Input is the file, or else the
# arguments as text, or standard input. Each expression statement that is
# not an assignment prints its value (in base printbase, 10 by default);
# print prints expressions and strings, read reads values for variables.
# Variables need no declaration (with -s they do, by :=); fn defines
# functions; if, else, while, do, for, break, continue, return, exit and
# include "file" are as in Limbo; newlines and semicolons are optional and
# blanks between expressions act as commas.
# Operators, by decreasing precedence: ! ~ + - ++ -- (prefix; ! ++ --
# also postfix, ! being factorial); **; * / % //; + -; << >>;
# > >= < <= <->; == != -> <-; & ↑; ^; | ↓; &&; ||; ? :; = := += -= *=
# /= %= //= &= ^= |= <<= >>=; the comma.
# Constants e, Pi (π), Phi (φ), Gamma (γ), Infinity (∞), Nan; variables
# degrees (angles in degrees when not 0), printbase; functions abs acos
# acosh asin asinh atan atanh atan2 cbrt ceiling cos cosh exp floor frac
# int ln log log10 log2 logb max min pow rand round sign sin sinh sqrt tan
# tanh, and sigma (Σ) and pi (Π) sums and products over a range.
# Errors print "error: line N: ..." and skip the rest of the line.
#
# Not yet here: gamma (Γ), erf, integral, differential, solve and cfrac,
# which need the part of $Math emu does not have yet or are not written;
# using them is an error.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

Calc: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# The part of Math that emu's $Math has so far.
Math: module
{
	PATH:	con "$Math";
	acos, acosh, asin, asinh, atan, atanh, cbrt, ceil, cos, cosh, exp,
	fabs, floor, log, log10, rint, sin, sinh, sqrt, tan, tanh: fn(x: real): real;
	atan2, pow: fn(x, y: real): real;
};
	math: Math;

Pi:	con 3.14159265358979323846;
Euler:	con 2.71828182845904523536;
EulerGamma:	con 0.57721566490153286060;
Phi:	con 1.61803398874989484820;
Infinity:	con 1e400;
NaN:	con 0./0.;
MAXINT:	con 16r7FFFFFFF;

# Tokens and node operators.
Oeof, Ostring, Onum, Oident, Ocon, Ovar, Ofun, Olfun,
Oadd, Osub, Omul, Odiv, Omod, Oidiv, Oexp, Oand, Oor, Oxor, Olsh, Orsh,
Oadde, Osube, Omule, Odive, Omode, Oidive, Oexpe, Oande, Oore, Oxore, Olshe, Orshe,
Oeq, One, Ogt, Olt, Oge, Ole,
Oinc, Opreinc, Opostinc, Odec, Opredec, Opostdec,
Oandand, Ooror, Oexc, Onot, Ofact, Ocom, Oas, Odas, Oplus, Ominus, Oinv,
Ocomma, Oscomma, Oquest, Ocolon, Onand, Onor, Oimp, Oimpby, Oiff,
Olbr, Orbr, Olcbr, Orcbr, Oscolon, Onl, Onothing,
Oprint, Oread, Oif, Oelse, Ofor, Owhile, Odo, Obreak, Ocont, Oexit, Oret, Ofn, Oinclude,
Olast: con iota;

# Library functions.
Flog, Flog10, Flog2, Flogb, Fexp, Fpow, Fsqrt, Fcbrt, Ffloor, Fceil, Fmin, Fmax,
Fabs, Fgamma, Fsign, Fint, Ffrac, Fround, Ferf, Fatan2, Fsin, Fcos, Ftan, Fasin,
Facos, Fatan, Fsinh, Fcosh, Ftanh, Fasinh, Facosh, Fatanh, Frand,
Fsigma, Fproduct, Fcfrac, Fderiv, Finteg, Fsolve: con iota;

BINARY:	con 1<<8;
PREFIX:	con 1<<9;
POSTFIX:	con 1<<10;
RIGHT:	con 1<<11;
PREC:	con BINARY - 1;

names := array[Olast] of {
	"eof", "string", "number", "identifier", "constant", "variable", "function",
	"library function",
	"+", "-", "*", "/", "%", "//", "**", "&", "|", "^", "<<", ">>",
	"+=", "-=", "*=", "/=", "%=", "//=", "**=", "&=", "|=", "^=", "<<=", ">>=",
	"==", "!=", ">", "<", ">=", "<=",
	"++", "++", "++", "--", "--", "--",
	"&&", "||", "!", "!", "!", "~", "=", ":=", "+", "-", "1/",
	",", ",", "?", ":", "↑", "↓", "->", "<-", "<->",
	"(", ")", "{", "}", ";", "\n", "",
	"print", "read", "if", "else", "for", "while", "do", "break", "continue",
	"exit", "return", "fn", "include",
};

info := array[Olast] of {
	Ostring or Onum or Oident or Ocon or Ovar or Ofun or Olfun => 17,
	Oadd => 12|BINARY|PREFIX,
	Osub => 12|BINARY|PREFIX,
	Omul or Odiv or Omod or Oidiv => 13|BINARY,
	Oexp => 14|BINARY|RIGHT,
	Oand => 8|BINARY,
	Oor => 6|BINARY,
	Oxor => 7|BINARY,
	Olsh or Orsh => 11|BINARY,
	Oadde or Osube or Omule or Odive or Omode or Oidive or Oexpe or
	Oande or Oore or Oxore or Olshe or Orshe or Oas or Odas => 2|BINARY|RIGHT,
	Oeq or One => 9|BINARY,
	Ogt or Olt or Oge or Ole => 10|BINARY,
	Oinc or Odec or Oexc => 15|RIGHT|PREFIX|POSTFIX,
	Opreinc or Opredec or Onot or Ocom or Oplus or Ominus => 15|RIGHT|PREFIX,
	Opostinc or Opostdec or Ofact or Oinv => 15|RIGHT|POSTFIX,
	Oandand => 5|BINARY,
	Ooror => 4|BINARY,
	Ocomma or Oscomma => 1|BINARY,
	Oquest or Ocolon => 3|BINARY|RIGHT,
	Onand => 8|BINARY,
	Onor => 6|BINARY,
	Oimp or Oimpby => 9|BINARY,
	Oiff => 10|BINARY,
	Olbr or Orbr => 16,
	* => 0,
};

Node: adt {
	op:	int;
	left, right:	cyclic ref Node;
	val:	real;
	str:	string;
	dec:	cyclic ref Dec;
	line:	int;
};

Dec: adt {
	kind:	int;		# Ocon, Ovar, Ofun, Olfun
	scope:	int;
	sym:	cyclic ref Sym;
	val:	real;		# a value, or a library function's number
	nargs:	int;
	params, body:	cyclic ref Node;
	old, next:	cyclic ref Dec;
};

Sym: adt {
	name:	string;
	token:	int;		# Oident, or a keyword
	dec:	cyclic ref Dec;
};

syms: list of ref Sym;
degrees, printbase: ref Dec;
strict := 0;
scope := 0;
current: ref Dec;		# the declarations of the innermost scope
outer: list of ref Dec;
inloop := 0;
infn := 0;

# Input.
NONE:	con -2;
EOF:	con -1;
input: ref Iobuf;
text: string;			# the arguments, when they are the input
textpos := 0;
fromstdin := 0;
pushedc := NONE;
pushedt := Olast;
line := 1;
file: string;
includes: list of (ref Iobuf, string, int);
lexes := 0;
lexval: real;
lexstr: string;
lexsym: ref Sym;
PREMATURE:	con "eof";

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	math = load Math Math->PATH;
	arg := load Arg Arg->PATH;
	if(bufio == nil || math == nil || arg == nil){
		sys->fprint(sys->fildes(2), "calc: cannot load modules: %r\n");
		raise "fail:bad module";
	}
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		's' =>	strict = 1;
		}
	argv = arg->argv();
	if(argv == nil){
		fromstdin = 1;
		input = bufio->fopen(sys->fildes(0), Bufio->OREAD);
	}else if(tl argv == nil)
		input = bufio->open(hd argv, Bufio->OREAD);
	if(input == nil && !fromstdin){
		for(; argv != nil; argv = tl argv)
			text += hd argv + " ";
		text += "\n";
	}
	for(i := Oprint; i <= Oinclude; i++)
		enter(names[i], i);
	constants := array[] of {
		("π", Pi), ("Pi", Pi), ("e", Euler), ("γ", EulerGamma), ("Gamma", EulerGamma),
		("φ", Phi), ("Phi", Phi), ("∞", Infinity), ("Infinity", Infinity),
		("NaN", NaN), ("Nan", NaN), ("nan", NaN)};
	for(i = 0; i < len constants; i++)
		predefine(constants[i].t0, Ocon, constants[i].t1, 0);
	degrees = predefine("degrees", Ovar, 0.0, 0);
	printbase = predefine("printbase", Ovar, 10.0, 0);
	predefine("solvelimit", Ovar, 100.0, 0);
	predefine("solvestep", Ovar, 1.0, 0);
	functions := array[] of {
		("log", Flog, 1), ("ln", Flog, 1), ("log10", Flog10, 1), ("log2", Flog2, 1),
		("logb", Flogb, 2), ("exp", Fexp, 1), ("pow", Fpow, 2), ("sqrt", Fsqrt, 1),
		("cbrt", Fcbrt, 1), ("floor", Ffloor, 1), ("ceiling", Fceil, 1),
		("min", Fmin, 2), ("max", Fmax, 2), ("abs", Fabs, 1), ("Γ", Fgamma, 1),
		("gamma", Fgamma, 1), ("sign", Fsign, 1), ("int", Fint, 1), ("frac", Ffrac, 1),
		("round", Fround, 1), ("erf", Ferf, 1), ("atan2", Fatan2, 2), ("sin", Fsin, 1),
		("cos", Fcos, 1), ("tan", Ftan, 1), ("asin", Fasin, 1), ("acos", Facos, 1),
		("atan", Fatan, 1), ("sinh", Fsinh, 1), ("cosh", Fcosh, 1), ("tanh", Ftanh, 1),
		("asinh", Fasinh, 1), ("acosh", Facosh, 1), ("atanh", Fatanh, 1),
		("rand", Frand, 0), ("Σ", Fsigma, 3), ("sigma", Fsigma, 3), ("Π", Fproduct, 3),
		("pi", Fproduct, 3), ("cfrac", Fcfrac, 3), ("Δ", Fderiv, 2),
		("differential", Fderiv, 2), ("∫", Finteg, 3), ("integral", Finteg, 3),
		("solve", Fsolve, 1)};
	for(i = 0; i < len functions; i++){
		(name, f, n) := functions[i];
		predefine(name, Olfun, real f, n);
	}
	pushscope();
	for(;;){
		e: ref Node;
		{
			t := lex();
			if(t == Oeof)
				break;
			unlex(t);
			before := lexes;
			e = statement(1);
			checkstrings(e, Onothing, 0);
			if(lexes == before){
				t = lex();
				error(nil, "syntax error near " + name(t));
			}
			consume(Onl);
		} exception x {
		PREMATURE =>
			e = nil;
			sys->print("error: premature eof\n");
			skipline();
		"line *" or "file *" =>
			e = nil;
			sys->print("error: %s\n", x);
			skipline();
		}
		if(e != nil && e.op != Ofn){
			k := Onothing;
			v := 0.0;
			{
				(k, v) = execute(e);
			} exception x {
			"line *" or "file *" =>
				e = nil;
				sys->print("error: %s\n", x);
			}
			if(printable(e))
				printnum(v, "\n");
			if(k == Oexit)
				exit;
		}
	}
}

name(t: int): string
{
	return names[t];
}

error(n: ref Node, s: string)
{
	l := line;
	if(n != nil)
		l = n.line;
	s = sys->sprint("line %d: %s", l, s);
	if(file != nil)
		s = sys->sprint("file %s: %s", file, s);
	raise s;
}

fatal(s: string)
{
	sys->print("fatal: %s\n", s);
	exit;
}

# Symbols and declarations.

enter(s: string, token: int): ref Sym
{
	for(l := syms; l != nil; l = tl l)
		if((hd l).name == s)
			return hd l;
	sym := ref Sym(s, token, nil);
	syms = sym :: syms;
	return sym;
}

predefine(s: string, kind: int, v: real, n: int): ref Dec
{
	d := declare(enter(s, Oident), kind, 1);
	d.val = v;
	d.nargs = n;
	return d;
}

declare(s: ref Sym, kind: int, push: int): ref Dec
{
	d := ref Dec(kind, 0, s, 0.0, 0, nil, nil, nil, nil);
	if(push){
		d.scope = scope;
		if(s.dec != nil && s.dec.scope == scope)
			error(nil, "redeclaration of " + s.name);
		d.old = s.dec;
		s.dec = d;
		d.next = current;
		current = d;
	}
	return d;
}

pushscope()
{
	scope++;
	outer = current :: outer;
	current = nil;
}

popscope()
{
	for(d := current; d != nil; d = d.next)
		d.sym.dec = d.old;
	current = hd outer;
	outer = tl outer;
	scope--;
}

# Input.

getc(): int
{
	c: int;
	if(pushedc != NONE){
		c = pushedc;
		pushedc = NONE;
	}else if(input != nil)
		c = input.getc();
	else if(textpos < len text)
		c = text[textpos++];
	else
		c = EOF;
	if(c == EOF && includes != nil){
		(input, file, line) = hd includes;
		includes = tl includes;
		return getc();
	}
	return c;
}

ungetc(c: int)
{
	pushedc = c;
}

includefile(name: string)
{
	b := bufio->open(name, Bufio->OREAD);
	if(b == nil)
		error(nil, "cannot open " + name);
	includes = (input, file, line) :: includes;
	input = b;
	file = name;
	line = 1;
}

escape(c: int): int
{
	if(c != '\\')
		return c;
	c = getc();
	case c {
	'b' =>	return '\b';
	'f' =>	return '\f';
	'n' =>	return '\n';
	'r' =>	return '\r';
	't' =>	return '\t';
	}
	return c;
}

digit(c, base: int): int
{
	d: int;
	if(c >= 'a' && c <= 'z')
		d = c - 'a' + 10;
	else if(c >= 'A' && c <= 'Z')
		d = c - 'A' + 10;
	else if(c >= '0' && c <= '9')
		d = c - '0';
	else
		return -1;
	if(d >= base)
		error(nil, "bad digit");
	return d;
}

# A number: 0 octal, 0x hex, Limbo radix (16rff), fractions, exponents.
number(): int
{
	base := 10;
	c := getc();
	if(c == '0'){
		base = 8;
		c = getc();
		if(c == '.')
			base = 10;
		else if(c == 'x' || c == 'X'){
			base = 16;
			c = getc();
		}
	}
	radix := 0;
	fraction := 0;
	exponent := 0;
	hasexp := 0;
	v := big 0;
	for(;; c = getc()){
		if(!radix && (c == 'r' || c == 'R')){
			if(fraction || hasexp)
				error(nil, "bad base");
			radix = 1;
			base = int v;
			if(base < 2 || base > 36)
				error(nil, "bad base");
			v = big 0;
			continue;
		}
		if(c == '.'){
			if(fraction || hasexp)
				error(nil, "bad real");
			fraction = 1;
			continue;
		}
		if(base == 10 && (c == 'e' || c == 'E')){
			if(hasexp)
				error(nil, "bad E part");
			hasexp = 1;
			exponent = power();
			continue;
		}
		d := digit(c, base);
		if(d < 0){
			ungetc(c);
			break;
		}
		v = big base * v + big d;
		if(fraction)
			fraction++;
	}
	lexval = real v;
	if(fraction)
		lexval /= real base ** (fraction - 1);
	if(exponent > 0)
		lexval *= real base ** exponent;
	else if(exponent < 0)
		lexval *= math->pow(real base, real exponent);
	return Onum;
}

power(): int
{
	neg := 0;
	c := getc();
	if(c == '-')
		neg = 1;
	else
		ungetc(c);
	v := big 0;
	for(;;){
		c = getc();
		d := digit(c, 10);
		if(d < 0){
			ungetc(c);
			break;
		}
		v = big 10 * v + big d;
	}
	if(neg)
		v = -v;
	return int v;
}

letter(c: int): int
{
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 'α' && c <= 'ω' ||
		c >= 'Α' && c <= 'Ω' || c == '_';
}

identifier(): int
{
	s := "";
	for(;;){
		c := getc();
		if(!letter(c) && !(c >= '0' && c <= '9')){
			ungetc(c);
			break;
		}
		s[len s] = c;
	}
	lexsym = enter(s, Oident);
	return lexsym.token;
}

# The second token if the next character is c, else the first.
either(c, yes, no: int): int
{
	n := getc();
	if(n == c)
		return yes;
	ungetc(n);
	return no;
}

lex(): int
{
	lexes++;
	if((t := pushedt) != Olast){
		pushedt = Olast;
		if(t == Onl)
			line++;
		return t;
	}
	for(;;){
		c := getc();
		case c {
		EOF =>
			return Oeof;
		'#' =>
			while((c = getc()) != '\n')
				if(c == EOF)
					raise PREMATURE;
			line++;
			return Onl;
		'\n' =>
			line++;
			return Onl;
		' ' or '\t' or '\r' or '\v' =>
			;
		'"' =>
			s := "";
			while((c = getc()) != '"'){
				if(c == EOF)
					raise PREMATURE;
				s[len s] = escape(c);
			}
			lexstr = s;
			return Ostring;
		'\'' =>
			while((c = getc()) != '\''){
				if(c == EOF)
					raise PREMATURE;
				lexval = real escape(c);
			}
			return Onum;
		'0' to '9' or '.' =>
			ungetc(c);
			return number();
		'+' =>
			if((c = getc()) == '=')
				return Oadde;
			ungetc(c);
			return either('+', Oinc, Oadd);
		'-' =>
			c = getc();
			if(c == '=')
				return Osube;
			if(c == '>')
				return Oimp;
			ungetc(c);
			return either('-', Odec, Osub);
		'*' =>
			c = getc();
			if(c == '=')
				return Omule;
			if(c == '*')
				return either('=', Oexpe, Oexp);
			ungetc(c);
			return Omul;
		'/' =>
			c = getc();
			if(c == '=')
				return Odive;
			if(c == '/')
				return either('=', Oidive, Oidiv);
			ungetc(c);
			return Odiv;
		'%' =>	return either('=', Omode, Omod);
		'&' =>
			if((c = getc()) == '=')
				return Oande;
			ungetc(c);
			return either('&', Oandand, Oand);
		'|' =>
			if((c = getc()) == '=')
				return Oore;
			ungetc(c);
			return either('|', Ooror, Oor);
		'^' =>	return either('=', Oxore, Oxor);
		'=' =>	return either('=', Oeq, Oas);
		'!' =>	return either('=', One, Oexc);
		'>' =>
			c = getc();
			if(c == '=')
				return Oge;
			if(c == '>')
				return either('=', Orshe, Orsh);
			ungetc(c);
			return Ogt;
		'<' =>
			c = getc();
			if(c == '=')
				return Ole;
			if(c == '<')
				return either('=', Olshe, Olsh);
			if(c == '-')
				return either('>', Oiff, Oimpby);
			ungetc(c);
			return Olt;
		'(' =>	return Olbr;
		')' =>	return Orbr;
		'{' =>	return Olcbr;
		'}' =>	return Orcbr;
		'~' =>	return Ocom;
		',' =>	return Ocomma;
		'?' =>	return Oquest;
		':' =>	return either('=', Odas, Ocolon);
		';' =>	return Oscolon;
		'↑' =>	return Onand;
		'↓' =>	return Onor;
		'∞' =>
			lexval = Infinity;
			return Onum;
		* =>
			if(letter(c)){
				ungetc(c);
				return identifier();
			}
			error(nil, sys->sprint("bad character %c", c));
		}
	}
}

unlex(t: int)
{
	lexes--;
	pushedt = t;
	if(t == Onl)
		line--;
}

expect(t: int)
{
	n := lex();
	if(n != t)
		error(nil, sys->sprint("expected %s not %s", name(t), name(n)));
}

consume(t: int)
{
	n := lex();
	if(n != t)
		unlex(n);
}

# Skips to the end of the line after an error.
skipline()
{
	if((t := pushedt) != Olast){
		lex();
		if(t == Onl)
			return;
	}
	for(;;){
		c := getc();
		if(c == EOF){
			ungetc(c);
			return;
		}
		if(c == '\n'){
			line++;
			return;
		}
	}
}

# Parsing.

node(op: int, l, r: ref Node): ref Node
{
	n := ref Node(op, l, r, 0.0, nil, nil, line);
	if(op >= Oadde && op <= Orshe){
		n.op = op - Oadde + Oadd;
		n = ref Node(Oas, l, n, 0.0, nil, nil, line);
	}
	return n;
}

binary(t: int): int
{
	return info[t] & BINARY;
}

prefix(t: int): int
{
	return info[t] & PREFIX;
}

postfix(t: int): int
{
	return info[t] & POSTFIX;
}

prec(t: int): int
{
	return info[t] & PREC;
}

assignment(o: int): int
{
	return o == Oas || o == Odas || o >= Oadde && o <= Orshe || o >= Oinc && o <= Opostdec;
}

# The next token as a binary operator: one that starts an expression
# means a comma.
binop(): int
{
	t := lex();
	if(binary(t))
		return t;
	if(prefix(t) || t == Olbr || t >= Ostring && t <= Olfun){
		unlex(t);
		return Oscomma;
	}
	return t;
}

expression(p, emptyok: int): ref Node
{
	n := climb(p, emptyok);
	check(n, Onothing);
	return n;
}

climb(p, emptyok: int): ref Node
{
	l := primary(emptyok);
	if(l == nil)
		return nil;
	t: int;
	while(binary(t = binop()) && prec(t) >= p){
		r: ref Node;
		if(info[t] & RIGHT)
			r = climb(prec(t), 0);
		else
			r = climb(prec(t) + 1, 0);
		if(t == Oscomma)
			t = Ocomma;
		l = node(t, l, r);
	}
	if(t != Oscomma)
		unlex(t);
	return l;
}

primary(emptyok: int): ref Node
{
	n: ref Node;
	t := lex();
	if(prefix(t)){
		case t {
		Oadd =>	t = Oplus;
		Osub =>	t = Ominus;
		Oinc =>	t = Opreinc;
		Odec =>	t = Opredec;
		Oexc =>	t = Onot;
		}
		return node(t, climb(prec(t), 0), nil);
	}
	case t {
	Olbr =>
		n = climb(0, emptyok);
		expect(Orbr);
	Ostring =>
		n = node(t, nil, nil);
		n.str = lexstr;
	Onum =>
		n = node(t, nil, nil);
		n.val = lexval;
	Oident =>
		s := lexsym;
		d := s.dec;
		if(d == nil)
			d = declare(s, Ovar, 0);
		t = d.kind;
		n = node(t, nil, nil);
		n.dec = d;
		if(t == Ofun || t == Olfun){
			nargs: int;
			(nargs, n.left) = arguments(prec(t));
			if(nargs != d.nargs && !(t == Olfun && int d.val == Fsolve && nargs == 2))
				error(n, "wrong number of arguments");
			if(t == Olfun)
				case int d.val {
				Fsigma or Fproduct or Fcfrac or Finteg =>
					if((o := n.left.left.left.op) != Oas && o != Odas)
						error(n.left, "expression not an assignment");
				Fderiv =>
					if((o := n.left.left.op) != Oas && o != Odas)
						error(n.left, "expression not an assignment");
				}
		}
	* =>
		unlex(t);
		if(!emptyok)
			error(nil, "missing expression");
		return nil;
	}
	while(postfix(t = lex())){
		case t {
		Oinc =>	t = Opostinc;
		Odec =>	t = Opostdec;
		Oexc =>	t = Ofact;
		}
		n = node(t, n, nil);
	}
	unlex(t);
	return n;
}

commas(n: ref Node): int
{
	if(n == nil || n.op == Ofun || n.op == Olfun)
		return 0;
	c := commas(n.left) + commas(n.right);
	if(n.op == Ocomma)
		c++;
	return c;
}

arguments(p: int): (int, ref Node)
{
	if(!p)
		expect(Olbr);
	a := climb(p, 1);
	if(!p)
		expect(Orbr);
	if(a == nil)
		return (0, nil);
	return (commas(a) + 1, a);
}

variable(n: ref Node)
{
	if(n == nil || n.op != Ovar || n.dec.kind != Ovar)
		error(n, "expected a variable");
}

variables(n: ref Node)
{
	if(n == nil)
		return;
	if(n.op == Ocomma){
		variables(n.left);
		variables(n.right);
		return;
	}
	variable(n);
}

# Declares variables met for the first time, and checks ? : and assignments.
check(n: ref Node, parent: int)
{
	if(n == nil)
		return;
	o := n.op;
	if(assignment(o))
		variable(n.left);
	case o {
	Ovar =>
		s := n.dec.sym;
		if(s.dec == nil){
			if(strict)
				error(n, s.name + " undefined");
			declare(s, Ovar, 1);
		}
		n.dec = s.dec;
	Odas =>
		check(n.right, o);
		n.left.dec = declare(n.left.dec.sym, Ovar, 1);
	* =>
		check(n.left, o);
		check(n.right, o);
		if(o == Oquest && n.right.op != Ocolon)
			error(n, "bad '?' operator");
		if(o == Ocolon && parent != Oquest)
			error(n, "bad ':' operator");
	}
}

# Strings are for print only.
checkstrings(n: ref Node, parent, inprint: int)
{
	if(n == nil)
		return;
	inprint |= n.op == Oprint;
	checkstrings(n.left, n.op, inprint);
	checkstrings(n.right, n.op, inprint);
	if(n.op == Ostring && (!inprint || parent != Oprint && parent != Ocomma))
		error(n, "illegal string operation");
}

params(n: ref Node)
{
	if(n == nil)
		return;
	if(n.op == Ocomma){
		params(n.left);
		params(n.right);
		return;
	}
	n.dec = declare(n.dec.sym, Ovar, 1);
}

statement(newscope: int): ref Node
{
	consume(Onl);
	t := lex();
	case t {
	Olcbr =>
		if(newscope)
			pushscope();
		body: ref Node;
		for(;;){
			s := statement(1);
			if(body == nil)
				body = s;
			else
				body = node(Ocomma, body, s);
			consume(Onl);
			t = lex();
			if(t == Oeof)
				raise PREMATURE;
			if(t == Orcbr)
				break;
			unlex(t);
		}
		if(newscope)
			popscope();
		return body;
	Oprint or Oread or Oret =>
		if(t == Oret && !infn)
			error(nil, "return not in fn");
		n := node(t, expression(0, 1), nil);
		consume(Oscolon);
		if(t == Oread)
			variables(n.left);
		return n;
	Oif =>
		cond := expression(0, 1);
		then := statement(1);
		other: ref Node;
		consume(Onl);
		t = lex();
		if(t == Oelse)
			other = statement(1);
		else
			unlex(t);
		return node(Oif, cond, node(Ocomma, then, other));
	Ofor =>
		inloop++;
		expect(Olbr);
		first := expression(0, 1);
		expect(Oscolon);
		cond := expression(0, 1);
		expect(Oscolon);
		step := expression(0, 1);
		expect(Orbr);
		body := statement(1);
		inloop--;
		return node(Ocomma, first, node(Ofor, cond, node(Ocomma, body, step)));
	Owhile =>
		inloop++;
		cond := expression(0, 1);
		body := statement(1);
		inloop--;
		return node(Ofor, cond, node(Ocomma, body, nil));
	Odo =>
		inloop++;
		body := statement(1);
		consume(Onl);
		expect(Owhile);
		cond := expression(0, 1);
		consume(Oscolon);
		inloop--;
		return node(Odo, body, cond);
	Obreak or Ocont or Oexit =>
		if((t == Obreak || t == Ocont) && !inloop)
			error(nil, "break/continue not in loop");
		consume(Oscolon);
		return node(t, nil, nil);
	Ofn =>
		if(infn)
			error(nil, "nested functions not allowed");
		infn++;
		expect(Oident);
		d := declare(lexsym, Ofun, 1);
		code := node(Ofn, nil, nil);
		d.body = code;
		pushscope();
		(d.nargs, code.left) = arguments(0);
		variables(code.left);
		params(code.left);
		d.params = code.left;
		code.right = statement(0);
		popscope();
		infn--;
		return code;
	Oinclude =>
		n := expression(0, 0);
		if(n.op != Ostring)
			error(nil, "bad include file");
		consume(Oscolon);
		includefile(n.str);
		return nil;
	* =>
		unlex(t);
		n := expression(0, 1);
		consume(Oscolon);
		return n;
	}
}

# Whether a statement's value is printed: an expression but not an
# assignment.
printable(n: ref Node): int
{
	if(n == nil)
		return 0;
	if(n.op == Ocomma)
		return printable(n.right);
	return n.op >= Ostring && n.op <= Oiff && !assignment(n.op);
}

# Evaluation.

truth(v: real): int
{
	return int v != 0;
}

execute(n: ref Node): (int, real)
{
	if(n == nil)
		return (Onothing, 0.0);
	l := n.left;
	r := n.right;
	case n.op {
	Ocomma =>
		(k, v) := execute(l);
		if(k == Oexit || k == Oret || k == Obreak || k == Ocont)
			return (k, v);
		return execute(r);
	Oprint =>
		return (Onothing, print(l));
	Oread =>
		return (Onothing, read(l));
	Obreak or Ocont or Oexit =>
		return (n.op, 0.0);
	Oret =>
		return (Oret, eval(l));
	Oif =>
		v := eval(l);
		if(truth(v))
			return execute(r.left);
		if(r.right != nil)
			return execute(r.right);
		return (Onothing, v);
	Ofor =>
		v := 0.0;
		for(;;){
			v = eval(l);
			if(!truth(v))
				break;
			k: int;
			(k, v) = execute(r.left);
			if(k == Oexit || k == Oret)
				return (k, v);
			if(k == Obreak)
				break;
			if(r.right != nil)
				v = eval(r.right);
		}
		return (Onothing, v);
	Odo =>
		v := 0.0;
		for(;;){
			k: int;
			(k, v) = execute(l);
			if(k == Oexit || k == Oret)
				return (k, v);
			if(k == Obreak)
				break;
			v = eval(r);
			if(!truth(v))
				break;
		}
		return (Onothing, v);
	}
	return (Onothing, eval(n));
}

eval(n: ref Node): real
{
	if(n == nil)
		return 1.0;
	o := n.op;
	l := n.left;
	r := n.right;
	a, b: real;
	if(o != Ofun && o != Olfun)
		a = eval(l);
	if(o != Oandand && o != Ooror && o != Oquest)
		b = eval(r);
	case o {
	Ostring =>	return 0.0;
	Onum =>	return n.val;
	Ocon or Ovar =>	return n.dec.val;
	Ofun =>	return call(n.dec, l);
	Olfun =>	return library(int n.dec.val, l);
	Oadd =>	return a + b;
	Osub =>	return a - b;
	Omul =>	return a * b;
	Odiv =>	return a / b;
	Omod =>	return real (big a % big b);
	Oidiv =>	return real (big a / big b);
	Oand =>	return real (big a & big b);
	Oor =>	return real (big a | big b);
	Oxor =>	return real (big a ^ big b);
	Olsh =>	return real (big a << int b);
	Orsh =>	return real (big a >> int b);
	Oeq =>	return real (a == b);
	One =>	return real (a != b);
	Ogt =>	return real (a > b);
	Olt =>	return real (a < b);
	Oge =>	return real (a >= b);
	Ole =>	return real (a <= b);
	Opreinc =>
		l.dec.val += 1.0;
		return l.dec.val;
	Opostinc =>
		l.dec.val += 1.0;
		return l.dec.val - 1.0;
	Opredec =>
		l.dec.val -= 1.0;
		return l.dec.val;
	Opostdec =>
		l.dec.val -= 1.0;
		return l.dec.val + 1.0;
	Oexp =>
		if(isinteger(b) && b >= 0.0)
			return a ** int b;
		return math->pow(a, b);
	Oandand =>
		if(!truth(a))
			return a;
		return eval(r);
	Ooror =>
		if(truth(a))
			return a;
		return eval(r);
	Onot =>	return real !truth(a);
	Ofact =>
		if(isinteger(a) && a >= 0.0){
			f := 1.0;
			for(i := 2; i <= int a; i++)
				f *= real i;
			return f;
		}
		missing("gamma");
	Ocom =>	return real ~big a;
	Oas or Odas =>
		l.dec.val = b;
		return b;
	Oplus =>	return a;
	Ominus =>	return -a;
	Oinv =>	return 1.0 / a;
	Ocomma =>	return b;
	Oquest =>
		if(truth(a))
			return eval(r.left);
		return eval(r.right);
	Onand =>	return real !(int a & int b);
	Onor =>	return real !(int a | int b);
	Oimp =>	return real (!int a | int b);
	Oimpby =>	return real (int a | !int b);
	Oiff =>	return real !(int a ^ int b);
	}
	fatal("case " + name(o) + " in eval");
	return 0.0;
}

missing(what: string)
{
	error(nil, what + " is not in this calc yet");
}

isinteger(v: real): int
{
	return v >= -real MAXINT && v <= real MAXINT && v == real int v;
}

toradians(a: real): real
{
	if(degrees.val != 0.0)
		a *= Pi / 180.0;
	return a;
}

fromradians(a: real): real
{
	if(degrees.val != 0.0)
		a /= Pi / 180.0;
	return a;
}

library(f: int, args: ref Node): real
{
	case f {
	Fsigma or Fproduct =>
		return series(f, args);
	Fcfrac =>	missing("cfrac");
	Fderiv =>	missing("differential");
	Finteg =>	missing("integral");
	Fsolve =>	missing("solve");
	Fgamma =>	missing("gamma");
	Ferf =>	missing("erf");
	}
	x, y: real;
	if(args != nil && args.op == Ocomma){
		x = eval(args.left);
		y = eval(args.right);
	}else
		x = eval(args);
	case f {
	Flog =>	return math->log(x);
	Flog10 =>	return math->log10(x);
	Flog2 =>	return math->log(x) / math->log(2.0);
	Flogb =>	return math->log(x) / math->log(y);
	Fexp =>	return math->exp(x);
	Fpow =>	return math->pow(x, y);
	Fsqrt =>	return math->sqrt(x);
	Fcbrt =>	return math->cbrt(x);
	Ffloor =>	return math->floor(x);
	Fceil =>	return math->ceil(x);
	Fmin =>
		if(y < x || x != x)
			return y;
		return x;
	Fmax =>
		if(y > x || x != x)
			return y;
		return x;
	Fabs =>	return math->fabs(x);
	Fsign =>
		if(x > 0.0)
			return 1.0;
		if(x < 0.0)
			return -1.0;
		return 0.0;
	Fint =>	return whole(x);
	Ffrac =>	return x - whole(x);
	Fround =>	return math->rint(x);
	Fsin =>	return math->sin(toradians(x));
	Fcos =>	return math->cos(toradians(x));
	Ftan =>	return math->tan(toradians(x));
	Fasin =>	return fromradians(math->asin(x));
	Facos =>	return fromradians(math->acos(x));
	Fatan =>	return fromradians(math->atan(x));
	Fatan2 =>	return fromradians(math->atan2(x, y));
	Fsinh =>	return math->sinh(x);
	Fcosh =>	return math->cosh(x);
	Ftanh =>	return math->tanh(x);
	Fasinh =>	return math->asinh(x);
	Facosh =>	return math->acosh(x);
	Fatanh =>	return math->atanh(x);
	Frand =>	return random();
	}
	fatal("case in library");
	return 0.0;
}

# The integer part, towards zero.
whole(x: real): real
{
	if(x < 0.0)
		return math->ceil(x);
	return math->floor(x);
}

random(): real
{
	fd := sys->open("/dev/notquiterandom", Sys->OREAD);
	b := array[4] of byte;
	if(fd == nil || sys->read(fd, b, 4) != 4)
		return 0.0;
	v := (int b[0] << 22) | (int b[1] << 14) | (int b[2] << 6) | (int b[3] >> 2);
	return real v / real (1 << 30);
}

# sigma(i = a, b, e) and pi(i = a, b, e): the sum or product of e for i
# from a to b.
series(f: int, args: ref Node): real
{
	range := args.left;
	term := args.right;
	v := 1.0;
	if(f == Fsigma)
		v = 0.0;
	i := range.left.left.dec;
	saved := i.val;
	i.val = eval(range.left.right);
	unchanged := 0;
	for(;;){
		last := eval(range.right);
		if(i.val > last)
			break;
		before := v;
		t := eval(term);
		if(f == Fsigma)
			v += t;
		else
			v *= t;
		if(v == before && last == Infinity){
			if(++unchanged > 100)
				break;
		}else
			unchanged = 0;
		i.val += 1.0;
	}
	i.val = saved;
	return v;
}

# Calls user function d with the arguments a: the parameters keep their
# old values around the call.
call(d: ref Dec, a: ref Node): real
{
	values := reverse(argvalues(a, nil));
	saved: list of real;
	(saved, nil) = bind(d.params, nil, values);
	(k, v) := execute(d.body.right);
	restore(d.params, reverse(saved));
	if(k == Oexit)
		exit;
	return v;
}

argvalues(a: ref Node, l: list of real): list of real
{
	if(a == nil)
		return l;
	if(a.op == Ocomma)
		return argvalues(a.right, argvalues(a.left, l));
	return eval(a) :: l;
}

bind(p: ref Node, saved, values: list of real): (list of real, list of real)
{
	if(p == nil)
		return (saved, values);
	if(p.op == Ocomma){
		(saved, values) = bind(p.left, saved, values);
		return bind(p.right, saved, values);
	}
	saved = p.dec.val :: saved;
	p.dec.val = hd values;
	return (saved, tl values);
}

restore(p: ref Node, saved: list of real): list of real
{
	if(p == nil)
		return saved;
	if(p.op == Ocomma)
		return restore(p.right, restore(p.left, saved));
	p.dec.val = hd saved;
	return tl saved;
}

reverse(l: list of real): list of real
{
	r: list of real;
	for(; l != nil; l = tl l)
		r = hd l :: r;
	return r;
}

print(n: ref Node): real
{
	if(n == nil)
		return 0.0;
	if(n.op == Ocomma){
		print(n.left);
		return print(n.right);
	}
	if(n.op == Ostring){
		sys->print("%s", n.str);
		return 0.0;
	}
	v := eval(n);
	printnum(v, "");
	return v;
}

read(n: ref Node): real
{
	if(n == nil)
		return 0.0;
	if(n.op == Ocomma){
		read(n.left);
		return read(n.right);
	}
	sys->print("%s ? ", n.dec.sym.name);
	b := bufio->fopen(sys->fildes(0), Bufio->OREAD);
	s := b.gets('\n');
	if(s == nil)
		raise PREMATURE;
	v := real s;
	n.dec.val = v;
	return v;
}

printnum(v: real, after: string)
{
	base := 10;
	if(isinteger(printbase.val) && int printbase.val >= 2 && int printbase.val <= 36)
		base = int printbase.val;
	sys->print("%s%s", inbase(v, base), after);
}

digitchar(n: int): int
{
	if(n < 10)
		return '0' + n;
	return 'a' + n - 10;
}

# The integer part (v >= 0) and what is left.
split(v: real): (int, real)
{
	n := int v;
	if(real n > v)
		n--;
	return (n, v - real n);
}

inbase(v: real, base: int): string
{
	if(base == 10)
		return sys->sprint("%g", v);
	neg := v < 0.0;
	if(neg)
		v = -v;
	if(v > real MAXINT){
		n := 0;
		lg := math->log(v) / math->log(real base);
		if(lg < 0.0){
			(n, nil) = split(-lg);
			v *= real base ** n;
			n = -n;
		}else{
			(n, nil) = split(lg);
			v /= real base ** n;
		}
		s := inbase(v, base) + "E" + string n;
		if(neg)
			s = "-" + s;
		return s;
	}
	(n, f) := split(v);
	digits := "";
	do {
		digits[len digits] = digitchar(n % base);
		n /= base;
	} while(n != 0);
	s := "";
	for(i := len digits - 1; i >= 0; i--)
		s[len s] = digits[i];
	if(f != 0.0){
		s[len s] = '.';
		for(i = 0; i < 16 && f != 0.0; i++){
			f *= real base;
			(n, f) = split(f);
			s[len s] = digitchar(n);
		}
	}
	s = string base + "r" + s;
	if(neg)
		s = "-" + s;
	return s;
}
