implement Pickcopy;

# `ref *r` of a pick adt value (appl/lib/json.b, appl/lib/sexprs.b): in an arm of
# one variant, and in an arm of several, where the variant (its size and
# descriptor) is known only at run time.

include "sys.m";
	sys: Sys;
include "draw.m";

Pickcopy: module { init: fn(nil: ref Draw->Context, nil: list of string); };

V: adt {
	name: string;
	pick {
	Int =>
		n: int;
	Str or Word =>
		s: string;
		l: list of string;
	Null =>
	}
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	vs := array[] of {ref V.Int("i", 5), ref V.Str("s", "text", "a" :: nil), ref V.Word("w", "word", nil), ref V.Null("z")};
	for(i := 0; i < len vs; i++){
		c := copy(vs[i]);
		vs[i].name = "changed";
		sys->print("%s %s\n", c.name, show(c));
	}
}

copy(v: ref V): ref V
{
	pick r := v {
	Int =>
		return ref *r;
	* =>
		return ref *r;
	}
}

show(v: ref V): string
{
	pick r := v {
	Int =>
		return sys->sprint("int %d", r.n);
	Str =>
		return sys->sprint("str %s %d", r.s, len r.l);
	Word =>
		return sys->sprint("word %s %d", r.s, len r.l);
	Null =>
		return "null";
	}
}
