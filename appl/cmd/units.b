implement Units;

# units [-v] [file]
#
# Converts quantities between scales. It reads its database (/lib/units,
# or file), each line "name expression" defining a unit, or "name #" a
# new fundamental dimension (lines that are empty or start with / are
# comments); then asks "you have: " and "you want: " on standard input
# and prints the factors between them, "\t* f\n\t/ 1/f\n" (or "\tis v"
# for degrees Celsius to Fahrenheit and back). Expressions: + - (like
# units only), * / × ÷, catenation (multiply), ² ³ and ^n (powers), |
# (divide, binding tighter), parentheses; numbers are reals. A name
# unknown in the database is tried without a metric prefix or a plural
# s. Errors are printed as "LINENO: line\n\tmessage" on standard output,
# and after more than five in one input units ends with fail:errors.
# -v prints each definition as it is read.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "math.m";
	math: Math;

include "arg.m";

Units: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Ndim: con 15;		# dimension 0 says "defined"; 1 to 14 fundamentals
Maxlog: con 695.0;	# log of the largest magnitude allowed
Maxdepth: con 200;	# deepest nesting of parentheses and powers

# A quantity: a value and its exponent in each dimension.
Quantity: adt {
	val:	real;
	dim:	array of int;

	mk:	fn(v: real): ref Quantity;
	copy:	fn(q: self ref Quantity): ref Quantity;
	text:	fn(q: self ref Quantity): string;
};

Unit: adt {
	name:	string;
	q:	ref Quantity;
};

# tokens besides the characters that stand for themselves
Tend, Tnum, Tname, Tpower: con 16r10000 + iota;

byname := array[211] of list of ref Unit;
fundamental := array[Ndim] of ref Unit;
verbose := 0;

# the line being parsed, its number, where the lexer is, the last token
line := "";
lineno := 0;
pos := 0;
tok := 0;
tokval := 0.0;
tokname := "";
tokpower := 0;
lastname := "";
errors := 0;
failed := 0;	# a syntax error ended this line's parse
depth := 0;

prefixes := array[] of {
	("yocto", 1e-24), ("zepto", 1e-21), ("atto", 1e-18), ("femto", 1e-15),
	("pico", 1e-12), ("nano", 1e-9), ("micro", 1e-6), ("μ", 1e-6),
	("milli", 1e-3), ("centi", 1e-2), ("deci", 1e-1), ("deka", 1e1),
	("hecta", 1e2), ("hecto", 1e2), ("kilo", 1e3), ("mega", 1e6),
	("meg", 1e6), ("giga", 1e9), ("tera", 1e12), ("peta", 1e15),
	("exa", 1e18), ("zetta", 1e21), ("yotta", 1e24),
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	math = load Math Math->PATH;
	arg := load Arg Arg->PATH;
	arg->init(argv);
	arg->setusage("units [-v] [file]");
	while((c := arg->opt()) != 0)
		case c {
		'v' =>	verbose = 1;
		* =>	arg->usage();
		}
	argv = arg->argv();
	file := "/lib/units";
	if(argv != nil)
		file = hd argv;
	db := bufio->open(file, Sys->OREAD);
	if(db == nil){
		sys->fprint(sys->fildes(2), "units: cannot open %s: %r\n", file);
		raise "fail:open";
	}
	for(lineno = 1; readline(db); lineno++)
		if(line != "" && line[0] != '/')
			definition();

	input := bufio->fopen(sys->fildes(0), Sys->OREAD);
	have: ref Quantity;
	lineno = 0;
	for(;;){
		if(lineno & 1)
			sys->print("you want: ");
		else
			sys->print("you have: ");
		if(!readline(input))
			break;
		errors = 0;
		q := query();
		if(errors)
			continue;
		if(lineno & 1){
			if((t := temperature(have, q)) != nil)
				sys->print("\tis %s\n", t.text());
			else{
				sys->print("\t* %s\n", divide(have, q).text());
				sys->print("\t/ %s\n", divide(q, have).text());
			}
		}else
			have = q;
		lineno++;
	}
	sys->print("\n");
}

readline(b: ref Iobuf): int
{
	s := b.gets('\n');
	if(s == nil)
		return 0;
	if(s[len s - 1] == '\n')
		s = s[0:len s - 1];
	line = s;
	pos = 0;
	failed = 0;
	depth = 0;
	return 1;
}

# A line of the database: name, then an expression or #.
definition()
{
	next();
	if(tok != Tname){
		syntax();
		return;
	}
	u := lookup(tokname, 0);
	next();
	if(tok == '#'){
		next();
		if(tok != Tend){
			syntax();
			return;
		}
		for(i := 1; i < Ndim; i++)
			if(fundamental[i] == nil)
				break;
		if(i >= Ndim){
			error("too many dimensions");
			i = Ndim - 1;
		}
		fundamental[i] = u;
		old := u.q.dim[0];
		u.q = Quantity.mk(1.0);
		u.q.dim[0] = 1;
		u.q.dim[i] = 1;
		if(old)
			error("redefinition of " + u.name);
		else if(verbose)
			sys->print("%s\t#\n", u.name);
		return;
	}
	q := sum();
	if(failed)
		return;
	if(tok != Tend){
		syntax();
		return;
	}
	old := u.q.dim[0];
	u.q = q.copy();
	u.q.dim[0] = 1;
	if(old)
		error("redefinition of " + u.name);
	else if(verbose)
		sys->print("%s\t%s\n", u.name, u.q.text());
}

# A line of input: an expression, or nothing for 1.
query(): ref Quantity
{
	next();
	if(tok == Tend)
		return Quantity.mk(1.0);
	q := sum();
	if(!failed && tok != Tend)
		syntax();
	return q;
}

sum(): ref Quantity
{
	q := product();
	while(!failed && (tok == '+' || tok == '-')){
		op := tok;
		next();
		r := product();
		if(failed)
			break;
		q = add(q, r, op);
	}
	return q;
}

product(): ref Quantity
{
	q := catenation();
	while(!failed && (tok == '*' || tok == '/')){
		op := tok;
		next();
		r := catenation();
		if(failed)
			break;
		if(op == '*')
			q = multiply(q, r);
		else
			q = divide(q, r);
	}
	return q;
}

catenation(): ref Quantity
{
	q := power();
	while(!failed && (tok == Tname || tok == Tnum || tok == '('))
		q = multiply(q, power());
	return q;
}

power(): ref Quantity
{
	q := ratio();
	while(!failed && (tok == Tpower || tok == '^')){
		if(tok == Tpower){
			n := tokpower;
			next();
			q = topower(q, n);
			continue;
		}
		next();
		e := ratio();
		if(failed)
			break;
		for(i := 1; i < Ndim; i++)
			if(e.dim[i] != 0)
				break;
		if(i < Ndim){
			error("exponent has units");
			continue;
		}
		n := int e.val;
		if(real n != e.val)
			error("exponent not integral");
		q = topower(q, n);
	}
	return q;
}

ratio(): ref Quantity
{
	q := primary();
	while(!failed && tok == '|'){
		next();
		r := primary();
		if(failed)
			break;
		q = divide(q, r);
	}
	return q;
}

primary(): ref Quantity
{
	case tok {
	Tname =>
		u := lookup(tokname, 0);
		next();
		if(u.q.dim[0] == 0){
			error("undefined " + u.name);
			return Quantity.mk(1.0);
		}
		return u.q.copy();
	Tnum =>
		v := tokval;
		next();
		return Quantity.mk(v);
	'(' =>
		if(++depth > Maxdepth){
			error("expression too deep");
			failed = 1;
			return Quantity.mk(1.0);
		}
		next();
		q := sum();
		depth--;
		if(failed)
			return q;
		if(tok != ')'){
			syntax();
			return q;
		}
		next();
		return q;
	}
	syntax();
	return Quantity.mk(1.0);
}

# The lexer: numbers, names (runs of characters that mean nothing else),
# powers ¹ ² ³, × and ÷; anything else stands for itself.
next()
{
	while(pos < len line && (line[pos] == ' ' || line[pos] == '\t'))
		pos++;
	if(pos >= len line){
		tok = Tend;
		return;
	}
	c := line[pos];
	if(c >= '0' && c <= '9' || c == '.'){
		tok = Tnum;
		tokval = number();
		return;
	}
	pos++;
	case c {
	'×' =>	tok = '*';
	'÷' =>	tok = '/';
	'¹' or 'ⁱ' =>	tok = Tpower; tokpower = 1;
	'²' or '⁲' =>	tok = Tpower; tokpower = 2;
	'³' or '⁳' =>	tok = Tpower; tokpower = 3;
	* =>
		if(!inname(c)){
			tok = c;
			return;
		}
		start := pos - 1;
		while(pos < len line && inname(line[pos]))
			pos++;
		tok = Tname;
		tokname = line[start:pos];
		lastname = tokname;
	}
}

# Digits, an optional fraction and an optional exponent.
number(): real
{
	start := pos;
	while(pos < len line && line[pos] >= '0' && line[pos] <= '9')
		pos++;
	if(pos < len line && line[pos] == '.'){
		pos++;
		while(pos < len line && line[pos] >= '0' && line[pos] <= '9')
			pos++;
	}
	if(pos > start && pos < len line && (line[pos] == 'e' || line[pos] == 'E')){
		pos++;
		if(pos < len line && (line[pos] == '-' || line[pos] == '+'))
			pos++;
		while(pos < len line && line[pos] >= '0' && line[pos] <= '9')
			pos++;
	}
	return real line[start:pos];
}

inname(c: int): int
{
	case c {
	0 or '+' or '-' or '*' or '/' or '[' or ']' or '(' or ')' or '^' or ':' or
	'?' or ' ' or '\t' or '.' or '|' or '#' or '¹' or 'ⁱ' or '²' or '⁲' or
	'³' or '⁳' or '×' or '÷' =>
		return 0;
	}
	return 1;
}

syntax()
{
	error("syntax error, last name: " + lastname);
	failed = 1;
}

error(msg: string)
{
	sys->print("%d: %s\n\t%s\n", lineno, line, msg);
	errors++;
	if(errors > 5){
		sys->print("too many errors\n");
		raise "fail:errors";
	}
}

# The unit called name; a new one (undefined unless name is a defined
# unit with a metric prefix or plural s) unless only is set, when nil.
lookup(name: string, only: int): ref Unit
{
	h := hash(name);
	for(l := byname[h]; l != nil; l = tl l)
		if((hd l).name == name)
			return hd l;
	if(only)
		return nil;
	u := ref Unit(name, Quantity.mk(0.0));
	byname[h] = u :: byname[h];
	factor := 1.0;
	rest := name;
	for(;;){
		(f, shorter) := unprefix(rest);
		factor = scale(factor, f);
		if(factor == 0.0)
			break;
		rest = shorter;
		if((w := lookup(rest, 1)) != nil){
			u.q = w.q.copy();
			u.q.val = scale(u.q.val, factor);
			break;
		}
	}
	return u;
}

# The factor of a metric prefix of name, or 1 for a plural s (not of a
# name of two letters: ms is not m), and what is left; 0 if neither.
unprefix(name: string): (real, string)
{
	for(i := 0; i < len prefixes; i++){
		(p, f) := prefixes[i];
		if(len name >= len p && name[0:len p] == p)
			return (f, name[len p:]);
	}
	if(len name > 2 && name[len name - 1] == 's')
		return (1.0, name[0:len name - 1]);
	return (0.0, name);
}

hash(s: string): int
{
	h := 0;
	for(i := 0; i < len s; i++)
		h = (h * 13 + s[i]) & 16r7FFFFFFF;
	return h % len byname;
}

Quantity.mk(v: real): ref Quantity
{
	return ref Quantity(v, array[Ndim] of {* => 0});
}

Quantity.copy(q: self ref Quantity): ref Quantity
{
	c := Quantity.mk(q.val);
	c.dim[0:] = q.dim;
	return c;
}

add(a, b: ref Quantity, op: int): ref Quantity
{
	v := b.val;
	what := "add";
	if(op == '-'){
		v = -v;
		what = "sub";
	}
	c := Quantity.mk(a.val + v);
	for(i := 0; i < Ndim; i++){
		c.dim[i] = a.dim[i];
		if(a.dim[i] != b.dim[i])
			error(what + " must be like units");
	}
	return c;
}

multiply(a, b: ref Quantity): ref Quantity
{
	c := Quantity.mk(scale(a.val, b.val));
	for(i := 0; i < Ndim; i++)
		c.dim[i] = a.dim[i] + b.dim[i];
	return c;
}

divide(a, b: ref Quantity): ref Quantity
{
	c := Quantity.mk(quotient(a.val, b.val));
	for(i := 0; i < Ndim; i++)
		c.dim[i] = a.dim[i] - b.dim[i];
	return c;
}

topower(q: ref Quantity, n: int): ref Quantity
{
	if(n > 1000 || n < -1000){
		error("overflow in multiply");
		return Quantity.mk(1.0);
	}
	r := Quantity.mk(1.0);
	for(i := 0; i < n; i++)
		r = multiply(r, q);
	for(i = 0; i > n; i--)
		r = divide(r, q);
	return r;
}

# a*b, refused when its magnitude would pass e^±695.
scale(a, b: real): real
{
	if(a == 0.0 || b == 0.0)
		return 0.0;
	l := math->log(math->fabs(a)) + math->log(math->fabs(b));
	if(l > Maxlog){
		error("overflow in multiply");
		return 1.0;
	}
	if(l < -Maxlog){
		error("underflow in multiply");
		return 0.0;
	}
	return a * b;
}

quotient(a, b: real): real
{
	if(b == 0.0){
		error("division by zero");
		return 1.0;
	}
	if(a == 0.0)
		return 0.0;
	l := math->log(math->fabs(a)) - math->log(math->fabs(b));
	if(l > Maxlog){
		error("overflow in divide");
		return 1.0;
	}
	if(l < -Maxlog){
		error("underflow in divide");
		return 0.0;
	}
	return a / b;
}

# Degrees Celsius to Fahrenheit and back, which are not proportional:
# have and want each exactly one fundamental dimension °C or °F, want's
# value 1.
temperature(have, want: ref Quantity): ref Quantity
{
	(d1, ok1) := single(have);
	(d2, ok2) := single(want);
	if(!ok1 || !ok2 || want.val != 1.0)
		return nil;
	(n1, n2) := (fundamental[d1].name, fundamental[d2].name);
	if(n1 == "°C" && n2 == "°F"){
		r := want.copy();
		r.val = have.val * 9.0 / 5.0 + 32.0;
		return r;
	}
	if(n1 == "°F" && n2 == "°C"){
		r := want.copy();
		r.val = (have.val - 32.0) * 5.0 / 9.0;
		return r;
	}
	return nil;
}

# The one fundamental dimension of q, if it has exactly one, to the
# first power.
single(q: ref Quantity): (int, int)
{
	found := 0;
	for(i := 1; i < Ndim; i++)
		if(q.dim[i] != 0){
			if(q.dim[i] != 1 || found)
				return (0, 0);
			found = i;
		}
	return (found, found != 0 && fundamental[found] != nil);
}

Quantity.text(q: self ref Quantity): string
{
	s := sys->sprint("%.7g", q.val);
	below := 0;
	for(i := 1; i < Ndim; i++)
		if(q.dim[i] > 0)
			s += dimension(i, q.dim[i]);
		else if(q.dim[i] < 0)
			below = 1;
	if(below){
		s += " /";
		for(i = 1; i < Ndim; i++)
			if(q.dim[i] < 0)
				s += dimension(i, -q.dim[i]);
	}
	return s;
}

dimension(d: int, n: int): string
{
	s := sys->sprint(" [%d]", d);
	if(fundamental[d] != nil)
		s = " " + fundamental[d].name;
	case n {
	1 =>	;
	2 =>	s += "²";
	3 =>	s += "³";
	4 =>	s += "⁴";
	* =>	s += "^" + string n;
	}
	return s;
}
