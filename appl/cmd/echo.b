implement Echo;

# echo [-n] [arg ...]: print the arguments separated by blanks, then a
# newline unless -n is first. A first argument -- is dropped, so that
# echo -- -n prints -n.

include "sys.m";
	sys: Sys;

include "draw.m";

Echo: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	if(argv != nil)
		argv = tl argv;
	newline := 1;
	if(argv != nil && (hd argv == "-n" || hd argv == "--")){
		newline = hd argv != "-n";
		argv = tl argv;
	}
	s := "";
	for(; argv != nil; argv = tl argv){
		s += hd argv;
		if(tl argv != nil)
			s[len s] = ' ';
	}
	if(newline)
		s[len s] = '\n';
	b := array of byte s;
	if(len b > 0 && sys->write(sys->fildes(1), b, len b) != len b){
		sys->fprint(sys->fildes(2), "echo: write error: %r\n");
		raise "fail:write error";
	}
}
