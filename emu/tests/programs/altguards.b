implement Altguards;

# Alt guards with the receive inside a larger expression (appl/acme/acme.b,
# appl/cmd/wmexport.b, appl/wm/wm.b), and a member function of a local value
# called through a module value (appl/cmd/man2html.b: `g.bufio->g.bout.flush()`).

include "sys.m";
	sys: Sys;
include "draw.m";

Altguards: module {
	init: fn(nil: ref Draw->Context, nil: list of string);
	Out: adt {
		n: int;
		say: fn(o: self ref Out, s: string);
	};
};

Pt: adt { x, y: int; };
Holder: adt { m: Altguards; o: ref Out; };

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	pc := chan[1] of ref Pt;
	bc := chan[1] of byte;
	lc := chan[1] of string;
	p := ref Pt(0, 0);
	c := 0;
	l: list of string = "tail" :: nil;
	for(i := 0; i < 3; i++){
		case i {
		0 => pc <-= ref Pt(3, 4);
		1 => bc <-= byte 65;
		2 => lc <-= "head";
		}
		alt {
		*p = *<-pc =>
			sys->print("deref %d %d\n", p.x, p.y);
		c = int <-bc =>
			sys->print("cast %d\n", c);
		l = <-lc :: l =>
			sys->print("cons %s %s\n", hd l, hd tl l);
		}
	}
	h := ref Holder(load Altguards "$self", ref Out(7));
	h.m->h.o.say("through the module");
}

Out.say(o: self ref Out, s: string)
{
	sys->print("%s %d\n", s, o.n);
}
