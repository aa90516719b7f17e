implement Cleanname;

# cleanname [-d pwd] name ...: print each file name in its shortest
# equivalent form (see Names->cleanname); with -d, relative names are first
# taken relative to the directory pwd.

include "sys.m";
	sys: Sys;

include "draw.m";

include "names.m";
	names: Names;

include "arg.m";

Cleanname: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	names = load Names Names->PATH;
	arg := load Arg Arg->PATH;
	if(names == nil || arg == nil){
		sys->fprint(sys->fildes(2), "cleanname: cannot load modules: %r\n");
		raise "fail:bad module";
	}
	arg->init(argv);
	arg->setusage("cleanname [-d pwd] name ...");
	dir: string;
	while((c := arg->opt()) != 0)
		case c {
		'd' =>
			dir = arg->earg();
		* =>
			arg->usage();
		}
	argv = arg->argv();
	if(argv == nil)
		arg->usage();
	for(; argv != nil; argv = tl argv){
		name := hd argv;
		if(dir != nil && name != nil)
			name = names->rooted(dir, name);
		sys->print("%s\n", names->cleanname(name));
	}
}
