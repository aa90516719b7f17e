# IPint arithmetic and conversions of $Keyring, and $IPints's primes.
implement KeyringIPint;

include "sys.m";
	sys: Sys;
include "draw.m";
include "keyring.m";
	kr: Keyring;
	IPint: import kr;
include "ipints.m";
	ipints: IPints;

KeyringIPint: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

show(what: string, i: ref IPint)
{
	if(i == nil)
		sys->print("%s nil\n", what);
	else
		sys->print("%s %s\n", what, i.iptostr(10));
}

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	kr = load Keyring Keyring->PATH;
	a := IPint.strtoip("123456789012345678901234567890", 10);
	b := IPint.strtoip("-987654321", 10);
	show("a", a);
	show("b", b);
	show("add", a.add(b));
	show("sub", a.sub(b));
	show("mul", a.mul(b));
	(q, r) := a.div(b);
	show("quo", q);
	show("rem", r);
	show("mod", b.mod(IPint.inttoip(1000)));
	show("neg", b.neg());
	sys->print("cmp %d %d %d eq %d %d\n", a.cmp(b), b.cmp(a), a.cmp(a.copy()), a.eq(a.copy()), a.eq(b));
	sys->print("hex %s b64 %s b64z %s\n", a.iptostr(16), a.iptob64(), a.iptob64z());
	sys->print("b32 %s\n", a.iptostr(32));
	sys->print("neg hex %s\n", b.iptostr(16));
	sys->print("bits %d %d %d\n", a.bits(), IPint.inttoip(0).bits(), IPint.inttoip(255).bits());
	sys->print("toint %d %d\n", b.iptoint(), a.iptoint());
	show("b64toip", IPint.b64toip(a.iptob64()));
	show("hex back", IPint.strtoip(a.iptostr(16), 16));
	show("b32 back", IPint.strtoip(a.iptostr(32), 32));
	show("bad", IPint.strtoip("12z", 10));
	bytes := IPint.inttoip(16r1234).iptobebytes();
	sys->print("bytes %d %d %d\n", len bytes, int bytes[0], int bytes[1]);
	show("bebytestoip", IPint.bebytestoip(array[] of {byte 1, byte 0, byte 0}));
	show("expmod", IPint.inttoip(4).expmod(IPint.inttoip(13), IPint.inttoip(497)));
	show("invert", IPint.inttoip(3).invert(IPint.inttoip(11)));
	show("shl", IPint.inttoip(3).shl(100));
	show("shr", a.shr(64));
	show("and", IPint.inttoip(12).and(IPint.inttoip(10)));
	show("ori", IPint.inttoip(12).ori(IPint.inttoip(10)));
	show("xor", IPint.inttoip(12).xor(IPint.inttoip(10)));
	show("not", IPint.inttoip(1).not());
	r1 := IPint.random(0, 100);
	sys->print("random below 2^100 %d\n", r1.cmp(IPint.inttoip(1).shl(100)) < 0);
	{
		a.div(IPint.inttoip(0));
	} exception e {
	"*" =>
		sys->print("div 0: %s\n", e);
	}

	ipints = load IPints IPints->PATH;
	p := ipints->genprime(128, 10);
	sys->print("genprime %d %d\n", p.bits(), ipints->probably_prime(p, 10));
	sys->print("561 prime %d\n", ipints->probably_prime(ipints->IPint.inttoip(561), 10));
	(sp, alpha) := ipints->gensafeprime(64, 10);
	sys->print("safe prime %d %d\n", sp.bits(), alpha.cmp(sp) < 0);
}
