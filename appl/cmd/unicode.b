implement Unicode;

# unicode [-nt] hexmin-hexmax ...	a table of the characters in each range,
#					eight to a line: value and character
# unicode [-t] hex ...			the characters, one to a line (with -t
#					all on one, without a newline)
# unicode [-n] char ...			the hex value of each character
# Arguments starting with a hex digit are values, others characters (all
# of them with -n). Problems are reported and leave the status alone.

include "sys.m";
	sys: Sys;

include "draw.m";

include "string.m";
	str: String;

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

Unicode: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

USAGE:	con "unicode { [-t] hex hex ... | hexmin-hexmax ... | [-n] char ... }";
HEX:	con "0123456789abcdefABCDEF";

stderr: ref Sys->FD;
out: ref Iobuf;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	str = load String String->PATH;
	bufio = load Bufio Bufio->PATH;
	if(str == nil || bufio == nil){
		sys->fprint(stderr, "unicode: can't load String or Bufio module: %r\n");
		return;
	}
	if(argv != nil)
		argv = tl argv;
	numbers := 0;
	oneline := 0;
	for(; argv != nil && (hd argv == nil || (hd argv)[0] == '-'); argv = tl argv)
		case hd argv {
		"-n" =>	numbers = 1;
		"-t" =>	oneline = 1;
		}
	if(argv == nil){
		sys->fprint(stderr, "usage: %s\n", USAGE);
		return;
	}
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	if(!numbers && contains(hd argv, '-'))
		ranges(argv);
	else if(numbers || !contains(HEX, (hd argv)[0]))
		values(argv);
	else
		characters(argv, oneline);
	out.flush();
}

# The value in hex at the front of s and the rest; -1 if there is none or
# it is not a character.
hex(s: string): (int, string)
{
	if(s == nil || !contains(HEX, s[0]))
		return (-1, s);
	(v, rest) := str->toint(s, 16);
	if(v < 0 || v > Sys->Runemax)
		return (-1, s);
	return (v, rest);
}

contains(s: string, c: int): int
{
	for(i := 0; i < len s; i++)
		if(s[i] == c)
			return 1;
	return 0;
}

ranges(argv: list of string)
{
	for(; argv != nil; argv = tl argv){
		(lo, rest) := hex(hd argv);
		hi := -1;
		if(lo >= 0 && rest != nil && rest[0] == '-')
			(hi, rest) = hex(rest[1:]);
		if(hi < lo || rest != nil){
			sys->fprint(stderr, "unicode: bad range %s\n", hd argv);
			return;
		}
		for(n := 1; lo <= hi; n++){
			out.puts(sys->sprint("%.4x %c", lo, lo));
			if(lo == hi || n % 8 == 0)
				out.putc('\n');
			else
				out.putc('\t');
			lo++;
		}
	}
}

values(argv: list of string)
{
	for(; argv != nil; argv = tl argv){
		s := hd argv;
		for(i := 0; i < len s; i++)
			out.puts(sys->sprint("%.4x\n", s[i]));
	}
}

characters(argv: list of string, oneline: int)
{
	for(; argv != nil; argv = tl argv){
		(c, rest) := hex(hd argv);
		if(c < 0 || rest != nil){
			sys->fprint(stderr, "unicode: bad unicode value %s\n", hd argv);
			return;
		}
		out.putc(c);
		if(!oneline)
			out.putc('\n');
	}
}
