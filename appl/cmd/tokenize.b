implement Tokenize;

# tokenize string delimiters: print the tokens of string, split at any of
# the delimiter characters, one to a line.

include "sys.m";
	sys: Sys;

include "draw.m";

Tokenize: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	if(argv != nil)
		argv = tl argv;
	if(len argv != 2){
		sys->fprint(sys->fildes(2), "Usage: tokenize string delimiters\n");
		raise "fail: usage";
	}
	(nil, tokens) := sys->tokenize(hd argv, hd tl argv);
	s := "";
	for(; tokens != nil; tokens = tl tokens)
		s += hd tokens + "\n";
	sys->print("%s", s);
}
