implement Sh;

# sh [-nlixe] [-c command] [file [arg ...]]: the shell as a command module, for
# programs that run it as the original's do (load Command "/dis/sh.dis"). The
# shell itself is emu's built-in module $Sh, which runs with this prog's
# name space, descriptors and environment; this command hands it the
# arguments. A last status that is not empty fails with fail:STATUS.

include "sys.m";
	sys: Sys;

include "draw.m";

Sh: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# The interface of the built-in shell.
Shell: module
{
	PATH:	con "$Sh";
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(ctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	shell := load Shell Shell->PATH;
	if(shell == nil){
		sys->fprint(sys->fildes(2), "sh: cannot load %s: %r\n", Shell->PATH);
		raise "fail:bad module";
	}
	shell->init(ctxt, argv);
}
