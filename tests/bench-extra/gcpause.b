implement Gcpause;

# Collector pauses with a big heap: builds live ref Node objects (default
# 4194304, as 4096 lists of 1024), then for rounds rounds (default 1000000)
# makes acyclic garbage (a list of 20 nodes, dropped), cyclic garbage (a ring
# of ring nodes, default 8, dropped; none when ring is 0) and changes the live
# set (a bucket's head replaced),
# reading the clock after each round. Prints the longest gap between two
# readings, in milliseconds: the longest the program was stopped (by the
# collector or anything else) while it churned.
# usage: gcpause [rounds [live [ring]]]

include "sys.m";
	sys: Sys;
include "draw.m";

Gcpause: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Node: adt
{
	v:	int;
	next:	cyclic ref Node;
};

NBUCKET: con 4096;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	rounds := 1000000;
	live := 4194304;
	if(argv != nil)
		argv = tl argv;
	if(argv != nil){
		rounds = int hd argv;
		argv = tl argv;
	}
	if(argv != nil){
		live = int hd argv;
		argv = tl argv;
	}
	ring := 8;
	if(argv != nil)
		ring = int hd argv;
	per := live / NBUCKET;
	buckets := array[NBUCKET] of ref Node;
	t0 := sys->millisec();
	for(b := 0; b < NBUCKET; b++){
		l: ref Node;
		for(i := 0; i < per; i++)
			l = ref Node(i, l);
		buckets[b] = l;
	}
	t1 := sys->millisec();
	longest := 0;
	last := t1;
	sum := 0;
	for(r := 0; r < rounds; r++){
		l: ref Node;
		for(i := 0; i < 20; i++)
			l = ref Node(i, l);
		sum += l.v;
		l = nil;
		if(ring > 0){
			first := ref Node(r, nil);
			p := first;
			for(i = 1; i < ring; i++){
				p.next = ref Node(i, nil);
				p = p.next;
			}
			p.next = first;
			sum += p.v;
			first = p = nil;
		}
		b = r % NBUCKET;
		h := buckets[b];
		if(h != nil)
			buckets[b] = ref Node(h.v + 1, h.next);
		now := sys->millisec();
		if(now - last > longest)
			longest = now - last;
		last = now;
	}
	n := 0;
	for(b = 0; b < NBUCKET; b++)
		for(q := buckets[b]; q != nil; q = q.next)
			n++;
	sys->print("gcpause(%d rounds, %d live) build %d ms, churn %d ms, longest stall %d ms, sum %d\n",
		rounds, n, t1 - t0, last - t1, longest, sum);
}
