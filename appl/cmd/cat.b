implement Cat;

# cat [file ...]: copy the files, or standard input ("-" or no files), to
# standard output.

include "sys.m";
	sys: Sys;

include "draw.m";

Cat: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

stdout, stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stdout = sys->fildes(1);
	stderr = sys->fildes(2);
	if(argv != nil)
		argv = tl argv;
	if(argv == nil)
		argv = "-" :: nil;
	for(; argv != nil; argv = tl argv){
		name := hd argv;
		if(name == "-"){
			copy(sys->fildes(0), "<stdin>");
			continue;
		}
		fd := sys->open(name, Sys->OREAD);
		if(fd == nil){
			sys->fprint(stderr, "cat: cannot open %s: %r\n", name);
			raise "fail:bad open";
		}
		copy(fd, name);
	}
}

copy(fd: ref Sys->FD, name: string)
{
	buf := array[Sys->ATOMICIO] of byte;
	while((n := sys->read(fd, buf, len buf)) > 0)
		if(sys->write(stdout, buf, n) < n){
			sys->fprint(stderr, "cat: write error: %r\n");
			raise "fail:write error";
		}
	if(n < 0){
		sys->fprint(stderr, "cat: error reading %s: %r\n", name);
		raise "fail:read error";
	}
}
