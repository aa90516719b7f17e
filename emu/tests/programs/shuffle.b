implement Shuffle;

# Keeps 256 live rings of ref adts and keeps rearranging them while it makes
# garbage rings: each round it drops a new ring, splices two live rings
# together or splits one (the nodes' next pointers swapped, references moving
# from object to object), and now and then replaces a live ring with a new
# one. Run under the heap checker, a collector that freed anything still
# reachable shows as findings or as a wrong count.
# usage: shuffle [rounds]

include "sys.m";
	sys: Sys;
include "draw.m";

Shuffle: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Node: adt
{
	v:	int;
	seen:	int;
	next:	cyclic ref Node;
	data:	array of byte;
};

NLIVE: con 256;

ring(n, v: int): ref Node
{
	first := ref Node(v, 0, nil, array[48] of byte);
	p := first;
	for(i := 1; i < n; i++){
		p.next = ref Node(v, 0, nil, array[48] of byte);
		p = p.next;
	}
	p.next = first;
	return first;
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	rounds := 100000;
	if(argv != nil)
		argv = tl argv;
	if(argv != nil)
		rounds = int hd argv;
	live := array[NLIVE] of ref Node;
	for(i := 0; i < NLIVE; i++)
		live[i] = ring(4, 1);
	seed := 12345;
	for(r := 0; r < rounds; r++){
		ring(6, 0);
		seed = (seed * 1103515245 + 12345) & 16r7fffffff;
		a := live[seed % NLIVE];
		b := live[(seed >> 8) % NLIVE];
		# Swapping the successors of two nodes joins two rings into one, or
		# splits one ring into two.
		t := a.next;
		a.next = b.next;
		b.next = t;
		if(seed % 17 == 0)
			live[(seed >> 16) % NLIVE] = ring(3, 1);
	}
	nodes := 0;
	for(i = 0; i < NLIVE; i++){
		p := live[i];
		if(p.seen)
			continue;
		do {
			p.seen = 1;
			nodes += p.v;
			p = p.next;
		} while(p != live[i]);
	}
	sys->print("shuffle(%d) %d nodes\n", rounds, nodes);
}
