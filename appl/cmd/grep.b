implement Grep;

# grep [-lnviLs] pattern [file ...]: print the lines that match the
# regular expression (regex(2)).
#	-v	lines that do not match
#	-i	ignore case (of ASCII letters)
#	-n	with line numbers
#	-l	only the names of files with matching lines
#	-L	only the names of files without
#	-s	nothing: only the exit status says whether any line matched

include "sys.m";
	sys: Sys;

include "draw.m";

include "regex.m";
	regex: Regex;
	Re: import regex;

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

Grep: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stderr: ref Sys->FD;
lflag, nflag, vflag, iflag, Lflag, sflag: int;
manyfiles := 0;

nomodule(path: string)
{
	sys->fprint(stderr, "grep: cannot load %s: %r\n", path);
	raise "fail:bad module";
}

usage()
{
	sys->fprint(stderr, "usage: grep [-lnviLs] pattern [file...]\n");
	raise "fail:usage";
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		nomodule(Arg->PATH);
	regex = load Regex Regex->PATH;
	if(regex == nil)
		nomodule(Regex->PATH);
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil)
		nomodule(Bufio->PATH);
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'l' =>	lflag = 1;
		'n' =>	nflag = 1;
		'v' =>	vflag = 1;
		'i' =>	iflag = 1;
		'L' =>	Lflag = 1;
		's' =>	sflag = 1;
		* =>	usage();
		}
	argv = arg->argv();
	if(argv == nil)
		usage();
	pattern := hd argv;
	argv = tl argv;
	if(iflag)
		pattern = lower(pattern);
	(re, err) := regex->compile(pattern, 0);
	if(re == nil){
		sys->fprint(stderr, "grep: %s\n", err);
		raise "fail:bad regex";
	}
	matched := 0;
	if(argv == nil)
		matched = grep(re, bufio->fopen(sys->fildes(0), Bufio->OREAD), "stdin");
	else{
		manyfiles = tl argv != nil;
		for(; argv != nil; argv = tl argv){
			f := bufio->open(hd argv, Bufio->OREAD);
			if(f == nil)
				sys->fprint(stderr, "grep: cannot open %s: %r\n", hd argv);
			else
				matched += grep(re, f, hd argv);
		}
	}
	if(!matched)
		raise "fail:no matches";
}

# Report the matching lines of f; 1 if there were any.
grep(re: Re, f: ref Iobuf, name: string): int
{
	found := 0;
	for(lineno := 1; (line := f.gets('\n')) != nil; lineno++){
		s := line;
		if(iflag)
			s = lower(s);
		# As the original: $ matches before the last character (the
		# newline, where there is one), which a pattern can still match.
		if((regex->executese(re, s, (0, len s - 1), 1, 1) != nil) == vflag)
			continue;
		found = 1;
		# -l (or -s) wins over -L, as in the original; a last line
		# without a newline is printed without one.
		if(lflag || sflag){
			if(!sflag)
				sys->print("%s\n", name);
			break;
		}
		if(Lflag)
			break;
		if(manyfiles && nflag)
			sys->print("%s:%d: %s", name, lineno, line);
		else if(manyfiles)
			sys->print("%s: %s", name, line);
		else if(nflag)
			sys->print("%d:%s", lineno, line);
		else
			sys->print("%s", line);
	}
	if(Lflag && !found && !sflag)
		sys->print("%s\n", name);
	return found;
}

lower(s: string): string
{
	for(i := 0; i < len s; i++)
		if(s[i] >= 'A' && s[i] <= 'Z')
			s[i] = s[i] - 'A' + 'a';
	return s;
}
