implement Disdep;

# disdep [-a] [-d] [-o] [-p] [-s] file ...
#
# Lists the Dis files a Dis file may load: every distinct string of its
# data that ends in .dis (and holds no blank, control character or %),
# then, recursively, those that the files so named name, each once.
# -a prints every name as met (repeats too), indented; -d indents to
# show the structure; -o stops at each file's own names; -p prints
# pairs "file needed" one a line (a file that needs none alone);
# -s takes $Module strings (built-in modules) too. A file that cannot
# be read is reported and skipped.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

include "arg.m";

include "dis.m";
	dis: Dis;

Disdep: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

# A file met: its name, the names it holds, whether it has been seen in
# the current walk.
Node: adt {
	name:	string;
	needs:	cyclic list of ref Node;
	seen:	int;
};

nodes: array of ref Node;	# every file met, in the order met
nnodes := 0;
out: ref Iobuf;
all := 0;
indent := 0;
outer := 0;
pairs := 0;
builtins := 0;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil)
		cannotload(Bufio->PATH);
	arg := load Arg Arg->PATH;
	if(arg == nil)
		cannotload(Arg->PATH);
	dis = load Dis Dis->PATH;
	if(dis == nil)
		cannotload(Dis->PATH);
	dis->init();
	arg->init(argv);
	while((c := arg->opt()) != 0)
		case c {
		'a' =>	all = 1; indent = 1;
		'd' =>	indent = 1;
		'o' =>	outer = 1;
		'p' =>	pairs = 1;
		's' =>	builtins = 1;
		* =>	usage();
		}
	argv = arg->argv();
	if(argv == nil)
		usage();

	nodes = array[64] of ref Node;
	roots: list of ref Node;
	for(; argv != nil; argv = tl argv)
		roots = node(hd argv) :: roots;
	roots = reverse(roots);
	todo := roots;
	while(todo != nil){
		n := hd todo;
		todo = tl todo;
		(m, err) := dis->loadobj(n.name);
		if(m == nil){
			sys->fprint(sys->fildes(2), "disdep: can't open %s: %s\n", n.name, err);
			continue;
		}
		n.needs = named(m);
		for(l := n.needs; l != nil; l = tl l){
			d := hd l;
			if(!d.seen){
				d.seen = 1;
				if(!outer && !isbuiltin(d.name))
					todo = d :: todo;
			}
		}
	}

	out = bufio->fopen(sys->fildes(1), Sys->OWRITE);
	if(pairs){
		for(i := 0; i < nnodes; i++){
			n := nodes[i];
			if(n.needs == nil)
				out.puts(n.name + "\n");
			for(l := n.needs; l != nil; l = tl l)
				out.puts(n.name + " " + (hd l).name + "\n");
		}
	}else{
		unsee();
		for(; roots != nil; roots = tl roots){
			if(all)
				unsee();
			depth := 0;
			if(indent){
				out.puts((hd roots).name + "\n");
				depth = 1;
			}
			walk(hd roots, depth);
		}
	}
	out.flush();
}

# The nodes of the names in m's data, in the order they appear.
named(m: ref Dis->Mod): list of ref Node
{
	found: list of ref Node;
	for(l := m.data; l != nil; l = tl l)
		pick d := hd l {
		String =>
			if(isdis(d.str) || builtins && isbuiltin(d.str))
				found = node(d.str) :: found;
		}
	return reverse(found);
}

# Prints what n needs, depth-first, each name once per walk (every time
# with -a).
walk(n: ref Node, depth: int)
{
	n.seen = 1;
	for(l := n.needs; l != nil; l = tl l){
		d := hd l;
		if(!d.seen){
			d.seen = 1;
			show(d.name, depth);
			walk(d, depth + 1);
		}else if(all)
			show(d.name, depth);
	}
}

show(name: string, depth: int)
{
	if(indent)
		for(i := 0; i < depth; i++)
			out.putc('\t');
	out.puts(name + "\n");
}

node(name: string): ref Node
{
	for(i := 0; i < nnodes; i++)
		if(nodes[i].name == name)
			return nodes[i];
	if(nnodes == len nodes){
		bigger := array[2 * len nodes] of ref Node;
		bigger[0:] = nodes;
		nodes = bigger;
	}
	n := ref Node(name, nil, 0);
	nodes[nnodes++] = n;
	return n;
}

unsee()
{
	for(i := 0; i < nnodes; i++)
		nodes[i].seen = 0;
}

isdis(s: string): int
{
	if(len s <= 4 || s[len s - 4:] != ".dis")
		return 0;
	for(i := 0; i < len s; i++)
		if(s[i] <= ' ' || s[i] == '%')
			return 0;
	return 1;
}

# A built-in module's name: $ and a capital letter.
isbuiltin(s: string): int
{
	return len s > 1 && s[0] == '$' && s[1] >= 'A' && s[1] <= 'Z';
}

reverse(l: list of ref Node): list of ref Node
{
	r: list of ref Node;
	for(; l != nil; l = tl l)
		r = hd l :: r;
	return r;
}

cannotload(path: string)
{
	sys->fprint(sys->fildes(2), "disdep: can't load %s: %r\n", path);
	raise "fail:load";
}

usage()
{
	sys->fprint(sys->fildes(2), "Usage: disdep [-a] [-d] [-o] [-p] [-s] file.dis ...\n");
	raise "fail:usage";
}
