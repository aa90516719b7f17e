# Loads $Sample, the sample native module (native/sample), and calls it; then
# the same module under a type its table does not have, and a module no
# library provides, one whose library is not one, and one whose library is
# another module's: each load fails, and says why.
implement NativeTest;

include "sys.m";
	sys: Sys;
include "draw.m";

NativeTest: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

Sample: module
{
	PATH:	con "$Sample";
	add:	fn(a, b: int): int;
	greet:	fn(name: string): string;
	divide:	fn(a, b: int): int;
};

Wrong: module
{
	PATH:	con "$Sample";
	add:	fn(a: int): int;
};

Nosuch: module
{
	PATH:	con "$Nosuch";
	add:	fn(a, b: int): int;
};

Broken: module
{
	PATH:	con "$Broken";
	add:	fn(a, b: int): int;
};

Other: module
{
	PATH:	con "$Other";
	add:	fn(a, b: int): int;
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	s := load Sample Sample->PATH;
	if(s == nil)
		sys->print("load $Sample: %r\n");
	else{
		sys->print("add(2, 40) = %d\n", s->add(2, 40));
		sys->print("greet: %s\n", s->greet("Inferno"));
		sys->print("divide(7, 2) = %d\n", s->divide(7, 2));
		{
			s->divide(1, 0);
			sys->print("divide(1, 0) returned\n");
		} exception e {
		"*" =>
			sys->print("divide(1, 0) raised: %s\n", e);
		}
	}
	# Only the functions a program calls are in its import table.
	w := load Wrong Wrong->PATH;
	if(w == nil)
		sys->print("load $Sample as Wrong: %r\n");
	else
		sys->print("Wrong->add(1) = %d\n", w->add(1));
	n := load Nosuch Nosuch->PATH;
	if(n == nil)
		sys->print("load $Nosuch: %r\n");
	b := load Broken Broken->PATH;
	if(b == nil)
		sys->print("load $Broken: %r\n");
	o := load Other Other->PATH;
	if(o == nil)
		sys->print("load $Other: %r\n");
}
