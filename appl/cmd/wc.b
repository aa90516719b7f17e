implement Wc;

# wc [-lwcbe] [file ...]: count lines, words, characters (UTF-8 runes),
# bytes and malformed UTF-8 sequences. Words are separated by blanks, tabs
# and newlines. Without options: lines, words and characters.

include "sys.m";
	sys: Sys;

include "draw.m";

Wc: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Counts: adt {
	lines, words, chars, bad, bytes: int;
};

showlines, showwords, showchars, showbad, showbytes: int;
stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	if(argv != nil)
		argv = tl argv;
	for(; argv != nil; argv = tl argv){
		a := hd argv;
		if(len a < 2 || a[0] != '-' || a[1] == '-')
			break;
		for(i := 1; i < len a; i++)
			case a[i] {
			'l' =>	showlines = 1;
			'w' =>	showwords = 1;
			'c' =>	showchars = 1;
			'e' =>	showbad = 1;
			'b' =>	showbytes = 1;
			* =>
				sys->fprint(stderr, "usage: wc [-lwcbe] [file ...]\n");
				raise "fail:usage";
			}
	}
	if(!(showlines || showwords || showchars || showbad || showbytes))
		showlines = showwords = showchars = 1;
	if(argv == nil){
		report(count(sys->fildes(0), ""), nil);
		return;
	}
	total := Counts(0, 0, 0, 0, 0);
	nfiles := len argv;
	for(; argv != nil; argv = tl argv){
		name := hd argv;
		fd := sys->open(name, Sys->OREAD);
		if(fd == nil){
			sys->fprint(stderr, "wc: can't open %s: %r\n", name);
			continue;
		}
		c := count(fd, name);
		report(c, name);
		total.lines += c.lines;
		total.words += c.words;
		total.chars += c.chars;
		total.bad += c.bad;
		total.bytes += c.bytes;
	}
	if(nfiles > 1)
		report(total, "total");
}

report(c: Counts, name: string)
{
	s := "";
	if(showlines)
		s += sys->sprint(" %7d", c.lines);
	if(showwords)
		s += sys->sprint(" %7d", c.words);
	if(showchars)
		s += sys->sprint(" %7d", c.chars);
	if(showbad)
		s += sys->sprint(" %7d", c.bad);
	if(showbytes)
		s += sys->sprint(" %7d", c.bytes);
	if(name != nil)
		s += " " + name;
	sys->print("%s\n", s[1:]);
}

# A character is a well-formed UTF-8 sequence of up to three bytes; any
# other byte counts as one character and one malformed sequence.
count(fd: ref Sys->FD, name: string): Counts
{
	c := Counts(0, 0, 0, 0, 0);
	buf := array[Sys->ATOMICIO] of byte;
	inword := 0;
	pending := 0;	# continuation bytes still expected by the current sequence
	while((n := sys->read(fd, buf, len buf)) > 0){
		c.bytes += n;
		for(i := 0; i < n; i++){
			b := int buf[i];
			if(pending > 0){
				if((b & 16rC0) == 16r80){
					pending--;
					continue;
				}
				# sequence cut short: it was one bad character
				c.bad++;
				pending = 0;
				if(b >= 16rF0){
					# as the original, a byte that starts no sequence
					# is counted bad with the one it cut short
					c.chars++;
					continue;
				}
			}
			c.chars++;
			if(b == ' ' || b == '\t' || b == '\n'){
				inword = 0;
				if(b == '\n')
					c.lines++;
				continue;
			}
			if(!inword){
				inword = 1;
				c.words++;
			}
			if(b >= 16rC0 && b < 16rE0)
				pending = 1;
			else if(b >= 16rE0 && b < 16rF0)
				pending = 2;
			else if(b >= 16r80)
				c.bad++;
		}
	}
	if(pending > 0)
		c.bad++;
	if(n < 0)
		sys->fprint(stderr, "wc: error reading %s: %r\n", name);
	return c;
}
