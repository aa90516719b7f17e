implement Tsort;

# tsort: read lines of labels from standard input, each line saying its
# first label comes before the others, and print all the labels one to a
# line in an order that keeps every such relation. Each cycle found is
# reported on standard error ("tsort: cycle in input", then its members);
# its members are still printed, after their predecessors outside it.

include "sys.m";
	sys: Sys;

include "draw.m";

include "bufio.m";
	bufio: Bufio;
	Iobuf: import bufio;

Tsort: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Label: adt {
	name:	string;
	state:	int;	# NEW, OPEN (being visited), DONE
	after:	cyclic list of ref Label;	# latest first
};

NEW, OPEN, DONE: con iota;

labels: array of ref Label;	# in order of first appearance
nlabels := 0;
table: array of list of ref Label;	# by hash of name

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	bufio = load Bufio Bufio->PATH;
	if(bufio == nil){
		sys->fprint(sys->fildes(2), "tsort: cannot load %s: %r\n", Bufio->PATH);
		raise "fail:bad module";
	}
	labels = array[64] of ref Label;
	table = array[1024] of list of ref Label;
	in := bufio->fopen(sys->fildes(0), Bufio->OREAD);
	while((line := in.gets('\n')) != nil){
		(nil, words) := sys->tokenize(line, " \t\n");
		if(words == nil)
			continue;
		first := label(hd words);
		for(words = tl words; words != nil; words = tl words)
			precedes(first, label(hd words));
	}
	out := bufio->fopen(sys->fildes(1), Bufio->OWRITE);
	order: list of ref Label;
	for(i := 0; i < nlabels; i++)
		if(labels[i].state == NEW)
			order = visit(labels[i], order);
	for(; order != nil; order = tl order)
		out.puts((hd order).name + "\n");
	out.flush();
}

hash(s: string): int
{
	h := 0;
	for(i := 0; i < len s; i++)
		h = (h * 31 + s[i]) & 16r7FFFFFFF;
	return h % len table;
}

label(name: string): ref Label
{
	h := hash(name);
	for(l := table[h]; l != nil; l = tl l)
		if((hd l).name == name)
			return hd l;
	x := ref Label(name, NEW, nil);
	table[h] = x :: table[h];
	if(nlabels == len labels)
		labels = (array[2 * nlabels] of ref Label)[0:] = labels;
	labels[nlabels++] = x;
	return x;
}

precedes(a, b: ref Label)
{
	if(a == b)
		return;
	for(l := a.after; l != nil; l = tl l)
		if(hd l == b)
			return;
	a.after = b :: a.after;
}

# Depth first from start, with the path kept on an explicit stack; each
# label finished goes on the front of order, which is returned.
visit(start: ref Label, order: list of ref Label): list of ref Label
{
	path: list of ref Label;	# innermost first
	pending: list of list of ref Label;	# successors left at each level
	start.state = OPEN;
	path = start :: nil;
	pending = start.after :: nil;
	while(path != nil){
		todo := hd pending;
		if(todo == nil){
			done := hd path;
			done.state = DONE;
			order = done :: order;
			path = tl path;
			pending = tl pending;
			continue;
		}
		next := hd todo;
		pending = tl todo :: tl pending;
		case next.state {
		NEW =>
			next.state = OPEN;
			path = next :: path;
			pending = next.after :: pending;
		OPEN =>
			cycle(path, next);
		}
	}
	return order;
}

# Reports the cycle from back to the innermost label of path.
cycle(path: list of ref Label, back: ref Label)
{
	stderr := sys->fildes(2);
	sys->fprint(stderr, "tsort: cycle in input\n");
	members: list of ref Label;
	for(l := path; l != nil; l = tl l){
		members = hd l :: members;
		if(hd l == back)
			break;
	}
	for(; members != nil; members = tl members)
		sys->fprint(stderr, "tsort: %s\n", (hd members).name);
}
