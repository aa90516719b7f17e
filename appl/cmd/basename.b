implement Basename;

# basename [-d] path [suffix]: the last element of path, without suffix;
# with -d, everything before the last element instead.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

Basename: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(sys->fildes(2), "basename: cannot load %s: %r\n", Arg->PATH);
		raise "fail:bad module";
	}
	arg->init(argv);
	arg->setusage("basename [-d] string [suffix]");
	dirpart := 0;
	while((c := arg->opt()) != 0)
		case c {
		'd' =>
			dirpart = 1;
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(argv == nil || len argv > 2 || dirpart && len argv != 1)
		arg->usage();
	path := hd argv;
	slash := -1;
	for(i := len path - 1; i >= 0 && slash < 0; i--)
		if(path[i] == '/')
			slash = i;
	if(dirpart){
		if(slash < 0)
			sys->print(".\n");
		else if(slash == 0)
			sys->print("/\n");
		else
			sys->print("%s\n", path[0:slash]);
		return;
	}
	name := path[slash+1:];
	if(tl argv != nil){
		suffix := hd tl argv;
		if(len suffix < len name && name[len name - len suffix:] == suffix)
			name = name[0:len name - len suffix];
	}
	sys->print("%s\n", name);
}
