# Assigning a constructed adt or tuple value that reads the variable it replaces.
implement Alias;
include "sys.m";
	sys: Sys;
include "draw.m";
Alias: module { init: fn(ctxt: ref Draw->Context, argv: list of string); };
Point: adt { x, y: int; };
Pair: adt { a: Point; s: string; };
init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	p := Point(1, 2);
	p = Point(p.y, p.x);
	sys->print("%d %d\n", p.x, p.y);
	q := Pair(Point(3, 4), "s");
	q.a = Point(q.a.y, q.a.x);
	sys->print("%d %d\n", q.a.x, q.a.y);
	r := ref Pair(Point(5, 6), "t");
	r.a = Point(r.a.y, r.a.x);
	sys->print("%d %d %s\n", r.a.x, r.a.y, r.s);
	t := (1, 2);
	t = (t.t1, t.t0);
	sys->print("%d %d\n", t.t0, t.t1);
}
