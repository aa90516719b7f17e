implement Look;

# look [-dfinx] [-r endkey] [-t c] [string] [file]: print the lines of
# the sorted file (/lib/words, compared with -d and -f, if none) whose key
# starts with string; with -i the strings are lines of standard input.
# A line's key ends at the first tab (or the character c of -t).
#	-d	only letters, digits, blanks and tabs count
#	-f	upper and lower case compare equal
#	-n	keys compare as numbers (sign, digits, fraction)
#	-x	only keys equal to string
#	-r endkey	every line from the first match up to endkey
# Latin-1 accented letters compare as their plain ones. Fails with
# fail:not found when nothing matches, fail:no dictionary when the file
# cannot be read.
#
# The original finds the first line by binary search; this reads from the
# start, which finds the same line in a sorted file.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

Look: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# Orders from compare: key before word, key a prefix of word, equal, word
# a prefix of key, word before key.
BEFORE:	con -2;
PREFIX:	con -1;
SAME:	con 0;

directory, fold, exact, numeric, ranged: int;
terminator := '\t';
dictionary: ref Iobuf;
out: ref Iobuf;
entry, word: string;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	arg := load Arg Arg->PATH;
	if(bufio == nil || arg == nil){
		sys->fprint(sys->fildes(2), "look: cannot load modules: %r\n");
		raise "fail:bad module";
	}
	interactive := 0;
	endkey: string;
	arg->init(argv);
	arg->setusage("look -[dfinx] [-r lastkey] [-t c] [string] [file]");
	while((c := arg->opt()) != 0)
		case c {
		'd' =>	directory = 1;
		'f' =>	fold = 1;
		'i' =>	interactive = 1;
		'n' =>	numeric = 1;
		'x' =>	exact = 1;
		'D' =>	;
		't' =>
			t := arg->earg();
			terminator = -1;
			if(t != nil)
				terminator = t[0];
		'r' =>
			ranged = 1;
			endkey = canonical(arg->earg());
		* =>	arg->usage();
		}
	argv = arg->argv();
	original: string;
	if(!interactive){
		if(argv != nil){
			original = hd argv;
			argv = tl argv;
		}else
			interactive = 1;
	}
	file := "/lib/words";
	if(argv == nil)
		directory = fold = 1;
	else
		file = hd argv;
	dictionary = bufio->open(file, Bufio->OREAD);
	if(dictionary == nil){
		sys->fprint(sys->fildes(2), "look: can't open %s\n", file);
		raise "fail:no dictionary";
	}
	out = bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	if(!interactive){
		key := canonical(original);
		if(!locate(key) && !ranged){
			out.flush();
			raise "fail:not found";
		}
		matches(key, original, endkey);
	}else{
		input := bufio->fopen(sys->fildes(0), Bufio->OREAD);
		while((original = input.gets('\n')) != nil){
			key := canonical(original);
			if(locate(key))
				matches(key, original, endkey);
			out.flush();
		}
	}
	out.flush();
}

# Prints the line found and those after it that match.
matches(key, original, endkey: string)
{
	if(ranged){
		if(compare(key, word) <= 0 && compare(word, endkey) <= 0)
			out.puts(entry);
	}else if(!exact || alphabetic(word, original) == SAME)
		out.puts(entry);
	while((entry = dictionary.gets('\n')) != nil){
		word = canonical(entry);
		n: int;
		if(ranged)
			n = compare(word, endkey);
		else
			n = compare(key, word);
		case n {
		BEFORE =>
			if(!ranged)
				return;
			out.puts(entry);
		PREFIX =>
			if(exact)
				return;
			out.puts(entry);
		SAME =>
			if(!exact || alphabetic(word, original) == SAME)
				out.puts(entry);
		* =>
			return;
		}
	}
}

# Finds the first line whose key does not come before key, leaving it in
# entry and word: whether it matches.
locate(key: string): int
{
	dictionary.seek(big 0, Bufio->SEEKSTART);
	while((entry = dictionary.gets('\n')) != nil){
		word = canonical(entry);
		case compare(key, word) {
		BEFORE =>	return 0;
		PREFIX =>	return !exact;
		SAME =>	return 1;
		}
	}
	return 0;
}

compare(a, b: string): int
{
	if(numeric)
		return numerically(a, b);
	return alphabetic(a, b);
}

alphabetic(s, t: string): int
{
	if(s == t)
		return SAME;
	for(i := 0; i < len s && i < len t; i++)
		if(s[i] != t[i]){
			if(s[i] < t[i])
				return BEFORE;
			return -BEFORE;
		}
	if(i == len s)
		return PREFIX;
	return -PREFIX;
}

# Accented Latin-1 letters from 16rC0, as plain ones (0: as they are).
plain := "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0\0aaaaaaaceeeeiiiidnooooo\0ouuuuy\0y";

# A line's key, as it is compared.
canonical(s: string): string
{
	if(s != nil && s[len s - 1] == '\n')
		s = s[0:len s - 1];
	k := "";
	for(i := 0; i < len s && s[i] != terminator; i++){
		c := s[i];
		if(c >= 16rC0 && c <= 16rFF && plain[c - 16rC0] != 0)
			c = plain[c - 16rC0];
		if(directory && !(isalnum(c) || c == ' ' || c == '\t'))
			continue;
		if(fold && c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		k[len k] = c;
	}
	return k;
}

isalnum(c: int): int
{
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
}

# Numbers after blanks: BEFORE, SAME or -BEFORE.
numerically(s, t: string): int
{
	(sneg, sint, sfrac) := number(s);
	(tneg, tint, tfrac) := number(t);
	m := magnitude(sint, sfrac, tint, tfrac);
	if(m == 0 && zero(sint, sfrac))
		return SAME;
	if(sneg != tneg){
		if(sneg)
			return BEFORE;
		return -BEFORE;
	}
	if(sneg)
		m = -m;
	return m * -BEFORE;
}

# Whether negative, the integer digits without leading zeros, the fraction.
number(s: string): (int, string, string)
{
	i := 0;
	while(i < len s && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	neg := 0;
	if(i < len s && s[i] == '-'){
		neg = 1;
		i++;
	}
	while(i < len s && s[i] == '0')
		i++;
	j := i;
	while(j < len s && s[j] >= '0' && s[j] <= '9')
		j++;
	whole := s[i:j];
	frac := "";
	if(j < len s && s[j] == '.'){
		k := j + 1;
		while(k < len s && s[k] >= '0' && s[k] <= '9')
			k++;
		frac = s[j+1:k];
	}
	return (neg, whole, frac);
}

zero(whole, frac: string): int
{
	if(whole != "")
		return 0;
	for(i := 0; i < len frac; i++)
		if(frac[i] != '0')
			return 0;
	return 1;
}

# -1, 0 or 1 as the first number is less than, equal to or more than the
# second, ignoring signs.
magnitude(a, af, b, bf: string): int
{
	if(len a != len b){
		if(len a < len b)
			return -1;
		return 1;
	}
	if(a != b){
		if(a < b)
			return -1;
		return 1;
	}
	for(i := 0; i < len af || i < len bf; i++){
		x := '0';
		if(i < len af)
			x = af[i];
		y := '0';
		if(i < len bf)
			y = bf[i];
		if(x != y){
			if(x < y)
				return -1;
			return 1;
		}
	}
	return 0;
}
