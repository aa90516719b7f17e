implement Shbuiltin;

# shbuiltin names|run|subst key path [name [arg ...]], shbuiltin release key:
# how the shell uses a module of builtins it does not carry (a Shellbuiltin
# of sh.m at path, as /dis/sh/NAME.dis). The module is loaded and
# initialised in a new context the first time, then kept with that context
# under key (by the built-in shell, $Sh) for every later use, until release.
# names lists what it defines (b NAME for a command, s NAME for a
# substitution builtin, one a line), run runs builtin command name with the
# arguments (its status is this command's), and subst prints the value of
# ${name arg ...} as a quoted list.

include "sys.m";
	sys: Sys;
include "draw.m";
include "sh.m";
	sh: Sh;
	Context, Listnode: import sh;
include "shell.m";

Shbuiltin: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

USAGE: con "usage: shbuiltin names|run|subst key path [name [arg ...]] | release key";

init(drawctxt: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	shell := load Shell Shell->PATH;
	if(shell == nil)
		fail("bad module", sys->sprint("shbuiltin: cannot load %s: %r", Shell->PATH));
	if(len argv == 3 && hd tl argv == "release"){
		shell->release(hd tl tl argv);
		return;
	}
	if(len argv < 4)
		fail("usage", USAGE);
	(op, key, path) := (hd tl argv, hd tl tl argv, hd tl tl tl argv);
	sh = load Sh Sh->PATH;
	if(sh == nil)
		fail("bad module", sys->sprint("shbuiltin: cannot load %s: %r", Sh->PATH));
	args := words(tl tl tl tl argv);
	(mod, ctxt) := shell->held(key);
	if(mod == nil){
		mod = load Shellbuiltin path;
		if(mod == nil)
			fail("bad module", sys->sprint("load: cannot load %s: %r", path));
		ctxt = Context.new(drawctxt);
		err := mod->initbuiltin(ctxt, sh);
		if(err != nil)
			fail(err, sys->sprint("load: %s: %s", path, err));
		shell->hold(key, mod, ctxt);
	}
	case op {
	"names" =>
		b := ctxt.env.builtins;
		for(i := 0; i < b.n; i++)
			sys->print("b %s\n", b.ba[i].t0);
		b = ctxt.env.sbuiltins;
		for(i = 0; i < b.n; i++)
			sys->print("s %s\n", b.ba[i].t0);
	"run" =>
		if(args == nil)
			fail("usage", "shbuiltin: run needs a name");
		status := mod->runbuiltin(ctxt, sh, args, 0);
		if(status != nil)
			raise "fail:" + status;
	"subst" =>
		if(args == nil)
			fail("usage", "shbuiltin: subst needs a name");
		sys->print("%s", sh->quoted(mod->runsbuiltin(ctxt, sh, args), 0));
	* =>
		fail("usage", USAGE);
	}
}

# The arguments as a shell list: a word in braces that parses as a block is
# the block.
words(sl: list of string): list of ref Listnode
{
	r: list of ref Listnode;
	for(; sl != nil; sl = tl sl){
		w := hd sl;
		c: ref Sh->Cmd;
		if(w != nil && w[0] == '{')
			(c, nil) = sh->parse(w);
		if(c != nil && c.ntype == Sh->n_BLOCK)
			r = ref Listnode(c, nil) :: r;
		else
			r = ref Listnode(nil, w) :: r;
	}
	l: list of ref Listnode;
	for(; r != nil; r = tl r)
		l = hd r :: l;
	return l;
}

fail(status, msg: string)
{
	sys->fprint(sys->fildes(2), "%s\n", msg);
	raise "fail:" + status;
}
