implement T;

# #D, the SSL device (man/3/ssl, the original's emu/port/devssl.c): two
# connections pushed on the ends of a pipe exchange messages in the clear,
# digested and encrypted; a record changed on the way is refused with
# "bad digest" and the connection is hung up after it; the ctl errors.

include "sys.m";
	sys: Sys;
include "draw.m";
include "itslib.m";
	itslib: Itslib;
	Tconfig, S_INFO, S_ERROR: import itslib;

T: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

t: ref Tconfig;

Conn: adt {
	dir:	string;
	ctl:	ref Sys->FD;
	data:	ref Sys->FD;
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	itslib = load Itslib Itslib->PATH;
	t = itslib->init();

	c := clone();
	if(c == nil)
		return;
	check("encalgs", readfile(c.dir+"/encalgs"), "descbc desecb des_56_cbc des_56_ecb des_40_cbc des_40_ecb rc4 rc4_256 rc4_128 rc4_40 ideacbc ideaecb");
	check("hashalgs", readfile(c.dir+"/hashalgs"), "md4 md5 sha1 sha");
	check("data before fd", err(sys->write(c.data, array[1] of byte, 1)), "inappropriate use of fd");
	check("alg before fd", err(sys->fprint(c.ctl, "alg sha1")), "must set fd before algorithm");
	p := array[2] of ref Sys->FD;
	sys->pipe(p);
	check("fd", err(sys->fprint(c.ctl, "fd %d", p[0].fd)), nil);
	check("alg without secret", err(sys->fprint(c.ctl, "alg sha1")), "algorithm but no secret");
	check("secretin by ctl", err(sys->fprint(c.ctl, "secretin AAEC")), nil);
	check("unknown alg", err(sys->fprint(c.ctl, "alg sha1 nonesuch")), "bad arg in system call");
	check("short des key", err(sys->fprint(c.ctl, "alg des_56_cbc")), "secret too short");
	check("long ctl", err(sys->fprint(c.ctl, "alg %s", "sha1/rc4_256/sha1/rc4_256/sha1")), "bad arg in system call");
	check("bad fd", err(sys->fprint(c.ctl, "fd 99")), "fd out of range or not open");
	c = nil;

	for(algs := "clear" :: "sha1" :: "md5" :: "rc4_256" :: "sha1/rc4_256" :: "md5 des_56_cbc" :: "sha ideacbc" :: "md4/rc4_40" :: nil; algs != nil; algs = tl algs)
		exchange(hd algs);
	tamper("sha1/rc4_256");
	tamper("md5");
	t.done();
}

# A pair of connections on the two ends of a pipe, with algorithms algs.
pair(algs: string): (ref Conn, ref Conn)
{
	p := array[2] of ref Sys->FD;
	sys->pipe(p);
	return (push(p[0], algs), push(p[1], algs));
}

push(fd: ref Sys->FD, algs: string): ref Conn
{
	c := clone();
	if(c == nil)
		return nil;
	if(sys->fprint(c.ctl, "fd %d", fd.fd) < 0){
		t.report(S_ERROR, 0, sys->sprint("fd: %r"));
		return nil;
	}
	if(algs != "clear"){
		secret := array of byte "the secret both sides agreed on";
		f := sys->open(c.dir+"/secretin", Sys->OWRITE);
		if(f == nil || sys->write(f, secret, len secret) != len secret)
			t.report(S_ERROR, 0, sys->sprint("secretin: %r"));
	}
	if(sys->fprint(c.ctl, "alg %s", algs) < 0){
		t.report(S_ERROR, 0, sys->sprint("alg %s: %r", algs));
		return nil;
	}
	return c;
}

exchange(algs: string)
{
	(a, b) := pair(algs);
	if(a == nil || b == nil)
		return;
	msgs := "one" :: "" :: "a longer message, which a block cipher pads" :: nil;
	for(m := msgs; m != nil; m = tl m){
		sys->fprint(a.data, "%s", hd m);
		check(algs+": a to b", readfd(b.data), hd m);
		sys->fprint(b.data, "back %s", hd m);
		check(algs+": b to a", readfd(a.data), "back "+hd m);
	}
	bulk := array[40000] of byte;
	for(i := 0; i < len bulk; i++)
		bulk[i] = byte (i * 13);
	spawn writer(a.data, bulk);
	got := 0;
	ok := 1;
	buf := array[8192] of byte;
	while(got < len bulk){
		n := sys->read(b.data, buf, len buf);
		if(n <= 0)
			break;
		for(i = 0; i < n; i++)
			if(buf[i] != bulk[got+i])
				ok = 0;
		got += n;
	}
	if(got != len bulk || !ok)
		t.report(S_ERROR, 0, sys->sprint("%s: 40000 bytes came as %d (same %d)", algs, got, ok));
	else
		t.report(S_INFO, 3, algs+": 40000 bytes across");
}

writer(fd: ref Sys->FD, b: array of byte)
{
	sys->write(fd, b, len b);
}

# a's records pass through this prog to b with one byte changed.
tamper(algs: string)
{
	p := array[2] of ref Sys->FD;
	q := array[2] of ref Sys->FD;
	sys->pipe(p);
	sys->pipe(q);
	a := push(p[0], algs);
	b := push(q[0], algs);
	if(a == nil || b == nil)
		return;
	sys->fprint(a.data, "an honest message");
	buf := array[100] of byte;
	n := sys->read(p[1], buf, len buf);
	sys->write(q[1], buf, n);
	check(algs+": untouched", readfd(b.data), "an honest message");
	sys->fprint(a.data, "pay 10 pounds");
	n = sys->read(p[1], buf, len buf);
	buf[n-1] ^= byte 1;
	sys->write(q[1], buf, n);
	check(algs+": changed", err(sys->read(b.data, buf, len buf)), "bad digest");
	check(algs+": after", err(sys->read(b.data, buf, len buf)), "inappropriate use of fd");
}

clone(): ref Conn
{
	ctl := sys->open("#D/clone", Sys->ORDWR);
	if(ctl == nil){
		t.report(S_ERROR, 0, sys->sprint("open #D/clone: %r"));
		return nil;
	}
	n := readfd(ctl);
	dir := "#D/"+n;
	data := sys->open(dir+"/data", Sys->ORDWR);
	if(data == nil){
		t.report(S_ERROR, 0, sys->sprint("open %s/data: %r", dir));
		return nil;
	}
	return ref Conn(dir, ctl, data);
}

readfd(fd: ref Sys->FD): string
{
	buf := array[256] of byte;
	n := sys->read(fd, buf, len buf);
	if(n < 0)
		return sys->sprint("error: %r");
	return string buf[0:n];
}

readfile(name: string): string
{
	fd := sys->open(name, Sys->OREAD);
	if(fd == nil)
		return sys->sprint("error: %r");
	return readfd(fd);
}

# The error of a call that returned r, or nil when it did not fail.
err(r: int): string
{
	if(r >= 0)
		return nil;
	return sys->sprint("%r");
}

check(what: string, got, want: string)
{
	if(got == want)
		t.report(S_INFO, 3, what+": "+got);
	else
		t.report(S_ERROR, 0, sys->sprint("%s: got %q, want %q", what, got, want));
}
