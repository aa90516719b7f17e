implement Xargs;

# xargs command [arg ...]: run command (NAME or NAME.dis, here or in /dis)
# once for each line of standard input that has words, with the args
# given and then the line's words (split at blanks and tabs) as its
# arguments; its argv[0] is the file loaded. A failure of the command
# ends xargs with it.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

Xargs: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# What xargs runs.
Command: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(ctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr := sys->fildes(2);
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil){
		sys->fprint(stderr, "xargs: can't load Bufio: %r\n");
		return;
	}
	if(argv != nil)
		argv = tl argv;
	if(argv == nil){
		sys->fprint(stderr, "Usage: xargs command [command args] <[list of last command arg]\n");
		return;
	}
	file := hd argv;
	if(len file < 4 || file[len file - 4:] != ".dis")
		file += ".dis";
	cmd := load Command file;
	if(cmd == nil){
		file = "/dis/" + file;
		cmd = load Command file;
	}
	if(cmd == nil){
		sys->fprint(stderr, "xargs: can't load %s: %r\n", file);
		return;
	}
	given := reverse(file :: tl argv);
	input := bufio->fopen(sys->fildes(0), Bufio->OREAD);
	while((line := input.gets('\n')) != nil){
		(nil, words) := sys->tokenize(line, " \t\n");
		if(words == nil)
			continue;
		for(l := given; l != nil; l = tl l)
			words = hd l :: words;
		cmd->init(ctxt, words);
	}
}

reverse(l: list of string): list of string
{
	r: list of string;
	for(; l != nil; l = tl l)
		r = hd l :: r;
	return r;
}
