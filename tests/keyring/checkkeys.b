# Checks, with $Keyring, keys that the original's key commands made:
#   checkkeys signer FILE   an Authinfo file (auth/createsignerkey): read, the
#                           signer's certificate of its own key verified, a new
#                           signature made with its secret key verified
#   checkkeys rsa FILE      an auth/rsagen key: n = p*q, decryption inverts
#                           encryption, the CRT values agree
#   checkkeys dsa FILE      an auth/dsagen key: q divides p-1, key = alpha^secret
# Prints one line of findings; exits with a failure if a check fails.
implement Checkkeys;

include "sys.m";
	sys: Sys;
include "draw.m";
include "keyring.m";
	kr: Keyring;
	IPint: import kr;

Checkkeys: module
{
	init:	fn(nil: ref Draw->Context, argv: list of string);
};

fail(s: string)
{
	sys->print("FAIL %s\n", s);
	raise "fail:" + s;
}

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	kr = load Keyring Keyring->PATH;
	if(len argv != 3)
		fail("usage: checkkeys signer|rsa|dsa FILE");
	file := hd tl tl argv;
	case hd tl argv {
	"signer" => signer(file);
	"rsa" => rsa(file);
	"dsa" => dsa(file);
	* => fail("unknown kind");
	}
}

signer(file: string)
{
	info := kr->readauthinfo(file);
	if(info == nil)
		fail(sys->sprint("readauthinfo: %r"));
	a := array of byte kr->pktostr(info.mypk);
	ok := kr->verify(info.spk, info.cert, kr->sha1(a, len a, nil, nil));
	m := array of byte "a message";
	c := kr->sign(info.mysk, 0, kr->sha1(m, len m, nil, nil), "sha1");
	again := kr->verify(info.spk, c, kr->sha1(m, len m, nil, nil));
	sys->print("signer %s: certificate verifies %d, new signature verifies %d, DH modulus %d bits\n",
		info.mypk.owner, ok, again, info.p.bits());
	if(!ok || !again)
		fail("signature");
}

# The attributes name=HEX of a key line, as (name, value) pairs.
attrs(file: string): list of (string, ref IPint)
{
	fd := sys->open(file, Sys->OREAD);
	if(fd == nil)
		fail(sys->sprint("open: %r"));
	buf := array[8192] of byte;
	n := sys->read(fd, buf, len buf);
	if(n <= 0)
		fail("empty key file");
	(nil, words) := sys->tokenize(string buf[0:n], " \n");
	r: list of (string, ref IPint);
	for(; words != nil; words = tl words){
		(nf, f) := sys->tokenize(hd words, "=");
		if(nf != 2 || hd f == "proto" || hd f == "size")
			continue;
		v := IPint.strtoip(hd tl f, 16);
		if(v != nil)
			r = (hd f, v) :: r;
	}
	return r;
}

get(l: list of (string, ref IPint), name: string): ref IPint
{
	for(; l != nil; l = tl l)
		if((hd l).t0 == name)
			return (hd l).t1;
	fail("no " + name);
	return nil;
}

rsa(file: string)
{
	l := attrs(file);
	(n, ek, dk, p, q) := (get(l, "n"), get(l, "ek"), get(l, "!dk"), get(l, "!p"), get(l, "!q"));
	one := IPint.inttoip(1);
	m := IPint.inttoip(123456789);
	product := p.mul(q).eq(n);
	inverts := m.expmod(ek, n).expmod(dk, n).eq(m);
	kp := dk.expmod(one, p.sub(one)).eq(get(l, "!kp"));
	kq := dk.expmod(one, q.sub(one)).eq(get(l, "!kq"));
	sys->print("rsa %d bits: n = p*q %d, decryption inverts encryption %d, kp %d kq %d\n",
		n.bits(), product, inverts, kp, kq);
	if(!product || !inverts || !kp || !kq)
		fail("rsa key");
}

dsa(file: string)
{
	l := attrs(file);
	(p, q, alpha, key, secret) := (get(l, "p"), get(l, "q"), get(l, "alpha"), get(l, "key"), get(l, "!secret"));
	one := IPint.inttoip(1);
	(nil, r) := p.sub(one).div(q);
	divides := r.eq(IPint.inttoip(0));
	power := alpha.expmod(secret, p).eq(key);
	order := alpha.expmod(q, p).eq(one);
	sys->print("dsa p %d bits q %d bits: q divides p-1 %d, key = alpha^secret %d, alpha^q = 1 %d\n",
		p.bits(), q.bits(), divides, power, order);
	if(!divides || !power || !order)
		fail("dsa key");
}
