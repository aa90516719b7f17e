implement Limbo;

# limbo [-GSagwe] [-I incdir] [-o outfile] file ...: compile Limbo source files
# into Dis modules. The compiler is emu's built-in module $Limbo, which reads
# and writes through this prog's name space; this command hands it the
# arguments. Errors fail with fail:errors, a bad command line with fail:usage.

include "sys.m";
	sys: Sys;

include "draw.m";

Limbo: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# The interface of the built-in compiler.
Compiler: module
{
	PATH:	con "$Limbo";
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(ctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	compiler := load Compiler Compiler->PATH;
	if(compiler == nil){
		sys->fprint(sys->fildes(2), "limbo: cannot load %s: %r\n", Compiler->PATH);
		raise "fail:bad module";
	}
	compiler->init(ctxt, argv);
}
