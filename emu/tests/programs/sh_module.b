implement ShModule;

# Sh of sh.m as a program uses it: system, run, parse and the text of
# commands and lists, and a context with variables.

include "sys.m";
	sys: Sys;
include "draw.m";
include "sh.m";
	sh: Sh;
	Context, Listnode: import sh;

ShModule: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(drawctxt: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	sh = load Sh Sh->PATH;
	if(sh == nil){
		sys->print("cannot load %s: %r\n", Sh->PATH);
		raise "fail:load";
	}
	sys->print("system [%s]\n", sh->system(drawctxt, "echo from system"));
	sys->print("system [%s]\n", sh->system(drawctxt, "load std; raise oops"));
	sys->print("system [%s]\n", sh->system(drawctxt, "echo {"));
	sys->print("system [%s]\n", sh->system(drawctxt, ""));
	sys->print("run [%s]\n", sh->run(drawctxt, "echo" :: "run" :: "a b" :: nil));
	sys->print("run [%s]\n", sh->run(drawctxt, "{echo block $*; load std; raise $1}" :: "x" :: nil));

	for(texts := "echo a | wc; {x}" :: "ls *.b '*'" :: "{echo 'it''s'}" :: "x = (1 2) y" :: "echo 'a" :: "" :: nil; texts != nil; texts = tl texts){
		(c, err) := sh->parse(hd texts);
		if(c == nil)
			sys->print("parse nil [%s]\n", err);
		else
			sys->print("parse [%s] [%s]\n", sh->cmd2string(c), err);
	}
	for(texts = "echo a | wc; {x}" :: "ls *.b '*' >[2] /dev/null" :: "a && b &" :: "x := ${f $y} <{c} |[2] d" :: nil; texts != nil; texts = tl texts){
		(c, nil) := sh->parse(hd texts);
		sys->print("shape %s\n", shape(c));
	}
	tree := ref Sh->Node(Sh->n_ADJ, ref Sh->Node(Sh->n_WORD, nil, nil, "echo", nil),
		ref Sh->Node(Sh->n_WORD, nil, nil, "a b", nil), nil, nil);
	sys->print("tree [%s]\n", sh->cmd2string(tree));

	l := sh->stringlist2list("a" :: "b c" :: "" :: nil);
	(blk, nil) := sh->parse("{echo hi}");
	l = ref Listnode(blk, nil) :: l;
	sys->print("quoted [%s] [%s]\n", sh->quoted(l, 0), sh->quoted(l, 1));
	for(sl := sh->list2stringlist(l); sl != nil; sl = tl sl)
		sys->print("<%s>", hd sl);
	sys->print("\n");

	ctxt := Context.new(drawctxt);
	ctxt.set("x", sh->stringlist2list("one" :: "two" :: nil));
	ctxt.push();
	ctxt.setlocal("y", sh->stringlist2list("local" :: nil));
	(c, nil) := sh->parse("echo x $x y $y; load std; raise $#x");
	sys->print("ctxt [%s]\n", ctxt.run(ref Listnode(c, nil) :: nil, 0));
	sys->print("status %s\n", sh->quoted(ctxt.get("status"), 0));
	ctxt.pop();
	sys->print("y after pop [%s] x [%s]\n", sh->quoted(ctxt.get("y"), 0), sh->quoted(ctxt.get("x"), 0));
	ctxt.set("*", sh->stringlist2list("p" :: "q" :: nil));
	sys->print("$2 [%s]\n", sh->quoted(ctxt.get("2"), 0));
	sys->print("run words [%s]\n", ctxt.run(sh->stringlist2list("echo" :: "$x" :: nil), 0));
	ctxt.set("gone", sh->stringlist2list("here" :: nil));
	(c, nil) = sh->parse("{x = changed; z = new {echo z}; gone = ()}");
	ctxt.run(ref Listnode(c, nil) :: nil, 0);
	sys->print("after run x [%s] z [%s] gone [%s]\n", sh->quoted(ctxt.get("x"), 0),
		sh->quoted(ctxt.get("z"), 0), sh->quoted(ctxt.get("gone"), 0));
	zl := ctxt.get("z");
	sys->print("z is a block %d\n", len zl == 2 && (hd tl zl).cmd != nil);
	ctxt.run(hd tl zl :: nil, 0);
	{
		ctxt.fail("bad", "fail says this");
	} exception e {
	"fail:*" =>
		sys->print("raised %s\n", e);
	}
}

# A tree as the kinds of its nodes, a word in quotes with each GLOB mark as
# '!', a redirection's (rtype fd1 fd2) after its node.
shape(c: ref Sh->Cmd): string
{
	kinds := array[] of {"block", "var", "bq", "bq2", "redir", "dup", "list", "seq",
		"concat", "pipe", "adj", "word", "nowait", "squash", "count", "assign", "local"};
	if(c == nil)
		return "nil";
	if(c.ntype == Sh->n_WORD){
		w := "";
		for(i := 0; i < len c.word; i++){
			if(c.word[i] == Sh->GLOB)
				w += "!";
			else
				w[len w] = c.word[i];
		}
		return "'" + w + "'";
	}
	s := "(" + kinds[c.ntype] + " " + shape(c.left);
	if(c.right != nil)
		s += " " + shape(c.right);
	if(c.redir != nil)
		s += sys->sprint(" (%d %d %d)", c.redir.rtype, c.redir.fd1, c.redir.fd2);
	return s + ")";
}
