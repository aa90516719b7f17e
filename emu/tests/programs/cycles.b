implement Cycles;

# Makes rings of ref adts in a loop and drops each: reference counting frees
# none of them, so the memory stays bounded only if the cycle collector
# reclaims them. Also keeps a list of live nodes that reaches into every fifth
# ring while it lives (so trial deletion sees rings referenced from outside).
# usage: cycles [rings [size]]

include "sys.m";
	sys: Sys;
include "draw.m";

Cycles: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Node: adt
{
	v:	int;
	next:	cyclic ref Node;
	data:	array of byte;
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	rings := 200000;
	size := 16;
	if(argv != nil)
		argv = tl argv;
	if(argv != nil){
		rings = int hd argv;
		argv = tl argv;
	}
	if(argv != nil)
		size = int hd argv;
	kept: list of ref Node;
	nkept := 0;
	sum := 0;
	for(r := 0; r < rings; r++){
		first := ref Node(0, nil, array[64] of byte);
		p := first;
		for(i := 1; i < size; i++){
			p.next = ref Node(i, nil, array[64] of byte);
			p = p.next;
		}
		p.next = first;
		if(r % 5 == 0){
			kept = first :: kept;
			nkept++;
			if(nkept > 100){
				kept = nil;
				nkept = 0;
			}
		}
		first = p = nil;
	}
	for(; kept != nil; kept = tl kept){
		q := hd kept;
		do {
			sum += q.v;
			q = q.next;
		} while(q != hd kept);
	}
	sys->print("cycles(%d x %d) kept %d sum %d\n", rings, size, nkept, sum);
}
