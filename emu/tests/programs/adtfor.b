implement Adtfor;

# A polymorphic adt with a `for` constraint (appl/lib/parseman.b's ParseState[T],
# appl/lib/sexprs.b's Rd[T]): its member functions call the constraint function on
# a field of type T, which arrives as hidden arguments of every call; and a
# polymorphic function calling its constraint function on a value (self passed).

include "sys.m";
	sys: Sys;
include "draw.m";

Adtfor: module {
	init: fn(nil: ref Draw->Context, nil: list of string);
	Metric: adt {
		k: int;
		width: fn(m: self ref Metric, s: string): int;
	};
};

State: adt[T]
	for {
	T =>
		width: fn(t: self T, s: string): int;
	}
{
	viewer: T;
	total: int;

	add: fn(st: self ref State[T], s: string): int;
	twice: fn(st: self ref State[T], s: string): int;
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	st := ref State[ref Metric](ref Metric(3), 0);
	st.add("ab");
	st.twice("abcd");
	sys->print("total %d\n", st.total);
	sys->print("run %d\n", run(ref Metric(10), "xyz"));
}

run[T](v: T, s: string): int
	for {
	T =>
		width: fn(t: self T, s: string): int;
	}
{
	st := ref State[T](v, 1);
	return st.add(s) + v.width("q");
}

State[T].add(st: self ref State[T], s: string): int
{
	st.total += st.viewer.width(s);
	return st.total;
}

State[T].twice(st: self ref State[T], s: string): int
{
	st.add(s);
	return st.add(s);
}

Metric.width(m: self ref Metric, s: string): int
{
	return m.k * len s;
}
