implement Test;

# test expression: succeed when the expression is true, else fail:false;
# no expression is fail:usage, a malformed one prints
# "test: bad syntax: ..." and is fail:bad syntax.
#	! e	e -a e	e -o e	( e )
#	-f -d -e -s -r -w -x -A -L -T file	(a plain file, a directory,
#		exists, not empty, openable for reading, for writing,
#		executable, append-only, exclusive, temporary)
#	-t [fd]	descriptor fd (1) is the console
#	-n s	-z s	s	s = t	s != t
#	n -eq m	-ne -gt -lt -ge -le	(decimal integers)
#	f -nt g	f -ot g	(modification times)
#	f -older T	f was last changed more than T ago: T is a number
#		of seconds, or counts with units y M d h m s (1d12h)

include "sys.m";
	sys: Sys;

include "draw.m";

include "daytime.m";

Test: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

args: list of string;
stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	if(argv == nil)
		return;
	args = tl argv;
	if(args == nil)
		raise "fail:usage";
	if(!disjunction())
		raise "fail:false";
}

bad(why: string)
{
	sys->fprint(stderr, "test: bad syntax: %s\n", why);
	raise "fail:bad syntax";
}

# The next argument; at the end, nil if optional, or a syntax error.
take(optional: int): string
{
	if(args == nil){
		if(!optional)
			bad("argument expected");
		return nil;
	}
	a := hd args;
	args = tl args;
	return a;
}

# Whether the next argument is s, taking it if so.
next(s: string): int
{
	if(args != nil && hd args == s){
		args = tl args;
		return 1;
	}
	return 0;
}

disjunction(): int
{
	v := conjunction();
	if(next("-o"))
		return v || disjunction();
	return v;
}

conjunction(): int
{
	v := negation();
	if(next("-a"))
		return v && conjunction();
	return v;
}

negation(): int
{
	if(next("!"))
		return !negation();
	return primary();
}

primary(): int
{
	a := take(0);
	case a {
	"(" =>
		v := disjunction();
		if(take(0) != ")")
			bad(") expected");
		return v;
	"-f" =>
		(ok, d) := sys->stat(take(0));
		return ok >= 0 && (d.mode & Sys->DMDIR) == 0;
	"-d" =>
		return mode(take(0), Sys->DMDIR);
	"-A" =>
		return mode(take(0), Sys->DMAPPEND);
	"-L" =>
		return mode(take(0), Sys->DMEXCL);
	"-T" =>
		return mode(take(0), Sys->DMTMP);
	"-e" =>
		(ok, nil) := sys->stat(take(0));
		return ok >= 0;
	"-s" =>
		(ok, d) := sys->stat(take(0));
		return ok >= 0 && d.length > big 0;
	"-r" =>
		return sys->open(take(0), Sys->OREAD) != nil;
	"-w" =>
		return sys->open(take(0), Sys->OWRITE) != nil;
	"-x" =>
		fd := sys->open(take(0), Sys->OREAD);
		if(fd == nil)
			return 0;
		(ok, d) := sys->fstat(fd);
		return ok >= 0 && (d.mode & 8r111) != 0;
	"-t" =>
		fd := 1;
		if(args != nil && number(hd args))
			fd = int take(0);
		return console(fd);
	"-n" =>
		return take(0) != "";
	"-z" =>
		return take(0) == "";
	}
	op := take(1);
	case op {
	"" =>
		return a != "";
	"=" =>
		return take(0) == a;
	"!=" =>
		return take(0) != a;
	"-nt" =>
		return compare(a, take(0)) > 0;
	"-ot" =>
		return compare(a, take(0)) < 0;
	"-older" =>
		return older(take(0), a);
	}
	if(!number(a))
		return a != "";
	if(args != nil && number(hd args)){
		x := int a;
		y := int take(0);
		case op {
		"-eq" =>	return x == y;
		"-ne" =>	return x != y;
		"-gt" =>	return x > y;
		"-lt" =>	return x < y;
		"-ge" =>	return x >= y;
		"-le" =>	return x <= y;
		}
	}
	bad("unknown operator " + op);
	return 0;
}

number(s: string): int
{
	if(s == nil)
		return 0;
	for(i := 0; i < len s; i++)
		if(s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

mode(file: string, bits: int): int
{
	(ok, d) := sys->stat(file);
	return ok >= 0 && (d.mode & bits) != 0;
}

console(fd: int): int
{
	f := sys->fildes(fd);
	if(f == nil)
		return 0;
	path := sys->fd2path(f);
	suffix := "/dev/cons";
	return path == "#c/cons" || len path >= len suffix && path[len path - len suffix:] == suffix;
}

# The order of the modification times of files a and b (-1, 0, 1); 0
# when either cannot be examined.
compare(a, b: string): int
{
	(oka, da) := sys->stat(a);
	(okb, db) := sys->stat(b);
	if(oka < 0 || okb < 0)
		return 0;
	if(da.mtime < db.mtime)
		return -1;
	if(da.mtime > db.mtime)
		return 1;
	return 0;
}

# Whether file was last modified more than the interval age ago.
older(age, file: string): int
{
	(ok, d) := sys->stat(file);
	if(ok < 0)
		return 0;
	seconds := 0;
	i := 0;
	while(i < len age){
		j := i;
		while(j < len age && age[j] >= '0' && age[j] <= '9')
			j++;
		if(j == i)
			bad("bad time syntax, " + age);
		n := int age[i:j];
		if(j == len age){
			seconds = n;
			break;
		}
		case age[j] {
		'y' =>	n *= 12*30*24*3600;
		'M' =>	n *= 30*24*3600;
		'd' =>	n *= 24*3600;
		'h' =>	n *= 3600;
		'm' =>	n *= 60;
		's' =>	;
		* =>	bad("bad time syntax, " + age);
		}
		seconds += n;
		i = j + 1;
	}
	daytime := load Daytime Daytime->PATH;
	if(daytime == nil)
		bad(sys->sprint("can't load %s: %r", Daytime->PATH));
	return d.mtime + seconds < daytime->now();
}
