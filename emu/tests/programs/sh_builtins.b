implement ShBuiltins;

# A module of shell builtins as load finds one it does not carry: command
# greet, which prints its arguments and fails with status "sad" when given
# none, command count, which prints how many times it ran in this instance
# of the module, and substitution ${twice w ...}, each word twice.

include "sys.m";
	sys: Sys;
include "draw.m";
include "sh.m";
	sh: Sh;
	Context, Listnode: import sh;

counted := 0;

ShBuiltins: module
{
	initbuiltin:	fn(c: ref Context, sh: Sh): string;
	runbuiltin:	fn(c: ref Context, sh: Sh, cmd: list of ref Listnode, last: int): string;
	runsbuiltin:	fn(c: ref Context, sh: Sh, cmd: list of ref Listnode): list of ref Listnode;
	whatis:		fn(c: ref Context, sh: Sh, name: string, wtype: int): string;
	getself:	fn(): Shellbuiltin;
};

initbuiltin(c: ref Context, shmod: Sh): string
{
	sys = load Sys Sys->PATH;
	sh = shmod;
	c.addbuiltin("greet", getself());
	c.addbuiltin("count", getself());
	c.addsbuiltin("twice", getself());
	return nil;
}

runbuiltin(nil: ref Context, nil: Sh, cmd: list of ref Listnode, nil: int): string
{
	if((hd cmd).word == "count"){
		sys->print("count %d\n", ++counted);
		return nil;
	}
	args := sh->list2stringlist(tl cmd);
	if(args == nil)
		return "sad";
	for(; args != nil; args = tl args)
		sys->print("hello %s\n", hd args);
	return nil;
}

runsbuiltin(nil: ref Context, nil: Sh, cmd: list of ref Listnode): list of ref Listnode
{
	r: list of ref Listnode;
	for(l := tl cmd; l != nil; l = tl l)
		r = hd l :: hd l :: r;
	w: list of ref Listnode;
	for(; r != nil; r = tl r)
		w = hd r :: w;
	return w;
}

whatis(nil: ref Context, nil: Sh, nil: string, nil: int): string
{
	return nil;
}

getself(): Shellbuiltin
{
	return load Shellbuiltin "$self";
}
