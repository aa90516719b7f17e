implement Env;

# Environment variables are the files of /env: one file per variable,
# holding its value.

include "sys.m";
	sys: Sys;

include "readdir.m";

include "env.m";

ENVDIR: con "/env/";

# A variable's name becomes a file name, so it may not hold a slash.
goodname(var: string): int
{
	if(var == nil)
		return 0;
	for(i := 0; i < len var; i++)
		if(var[i] == '/')
			return 0;
	return 1;
}

getenv(var: string): string
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	if(!goodname(var))
		return nil;
	fd := sys->open(ENVDIR+var, Sys->OREAD);
	if(fd == nil)
		return nil;
	(ok, d) := sys->fstat(fd);
	if(ok < 0)
		return nil;
	buf := array[int d.length] of byte;
	n := sys->read(fd, buf, len buf);
	if(n < 0)
		return nil;
	return string buf[0:n];
}

setenv(var: string, val: string): int
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	if(!goodname(var)){
		sys->werrstr("bad variable name");
		return -1;
	}
	if(val == nil){
		sys->remove(ENVDIR+var);
		return 0;
	}
	fd := sys->create(ENVDIR+var, Sys->OWRITE, 8r600);
	if(fd == nil)
		return -1;
	b := array of byte val;
	if(sys->write(fd, b, len b) != len b)
		return -1;
	return 0;
}

getall(): list of (string, string)
{
	readdir := load Readdir Readdir->PATH;
	if(readdir == nil)
		return nil;
	(a, n) := readdir->init(ENVDIR, Readdir->NONE|Readdir->COMPACT);
	vars: list of (string, string);
	for(i := n-1; i >= 0; i--)
		vars = (a[i].name, getenv(a[i].name)) :: vars;
	return vars;
}

clone(): int
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	return sys->pctl(Sys->FORKENV, nil);
}

new(): int
{
	if(sys == nil)
		sys = load Sys Sys->PATH;
	return sys->pctl(Sys->NEWENV, nil);
}
