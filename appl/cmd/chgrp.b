implement Chgrp;

# chgrp [-uo] id file ...: make id the group of each file (with -u or -o, its
# owner instead), as far as the file's server allows. A file that cannot be
# changed is named on standard error ("chgrp: can't change FILE: why") and
# the others are still done; then the command fails with fail:error. A bad
# command line fails with fail:usage.

include "sys.m";
	sys: Sys;

include "draw.m";

include "arg.m";

Chgrp: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr := sys->fildes(2);
	arg := load Arg Arg->PATH;
	if(arg == nil){
		sys->fprint(stderr, "chgrp: can't load %s: %r\n", Arg->PATH);
		raise "fail:load";
	}
	owner := 0;
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'u' or 'o' =>
			owner = 1;
		* =>
			usage();
		}
	argv = arg->argv();
	if(argv == nil)
		usage();
	id := hd argv;
	failed := 0;
	for(files := tl argv; files != nil; files = tl files){
		d := sys->nulldir;
		if(owner)
			d.uid = id;
		else
			d.gid = id;
		if(sys->wstat(hd files, d) < 0){
			sys->fprint(stderr, "chgrp: can't change %s: %r\n", hd files);
			failed = 1;
		}
	}
	if(failed)
		raise "fail:error";
}

usage()
{
	sys->fprint(sys->fildes(2), "usage: chgrp [-uo] group file ...\n");
	raise "fail:usage";
}
