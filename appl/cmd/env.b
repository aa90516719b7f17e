implement Envcmd;

# env: print the environment variables, one name=value a line.

include "sys.m";
	sys: Sys;

include "draw.m";

include "env.m";

include "readdir.m";

Envcmd: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

error(msg: string)
{
	sys->fprint(sys->fildes(2), "env: %s\n", msg);
	raise "fail:error";
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	if(argv != nil && tl argv != nil){
		sys->fprint(sys->fildes(2), "Usage: env\n");
		raise "fail:usage";
	}
	env := load Env Env->PATH;
	if(env == nil)
		error(sys->sprint("can't load %s: %r", Env->PATH));
	readdir := load Readdir Readdir->PATH;
	if(readdir == nil)
		error(sys->sprint("can't load %s: %r", Readdir->PATH));
	(vars, n) := readdir->init("/env", Readdir->NONE|Readdir->COMPACT);
	stdout := sys->fildes(1);
	for(i := 0; i < n; i++){
		b := array of byte (vars[i].name + "=" + env->getenv(vars[i].name) + "\n");
		sys->write(stdout, b, len b);
	}
}
