implement Basename;

# basename [-d] string [suffix]: the last element of a file name, without
# suffix; with -d, the directory part instead ("." if there is none).

include "sys.m";
	sys: Sys;

include "draw.m";

include "names.m";
	names: Names;

include "arg.m";

Basename: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	names = load Names Names->PATH;
	arg := load Arg Arg->PATH;
	if(names == nil || arg == nil){
		sys->fprint(sys->fildes(2), "basename: cannot load modules: %r\n");
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
	if(argv == nil || tl argv != nil && (dirpart || tl tl argv != nil))
		arg->usage();
	if(dirpart){
		dir := names->dirname(hd argv);
		if(dir == nil)
			dir = ".";
		sys->print("%s\n", dir);
		return;
	}
	suffix: string;
	if(tl argv != nil)
		suffix = hd tl argv;
	sys->print("%s\n", names->basename(hd argv, suffix));
}
