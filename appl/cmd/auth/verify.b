implement Verify;

# auth/verify boxid: show the digest of the certificate the signer stored
# for boxid (/keydb/signed/boxid: the certificate, then its digest, as
# Keyring messages) as pairs of spelled letters, one per half byte, and ask
# "accept (y or n)?" on standard input; on y, copy the certificate to
# /keydb/countersigned/boxid. The messages say "signer:" as the original's
# do; each failure has its own fail: status (usage, no keydb, no
# certificate, bad certificate, rejected, create, write).

include "sys.m";
	sys: Sys;

include "draw.m";

include "keyring.m";
	kr: Keyring;

Verify: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

WORDS: con "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike nancy oscar papa quebec romeo sierra tango uniform victor whisky xray yankee zulu";

stderr: ref Sys->FD;

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	stderr = sys->fildes(2);
	kr = load Keyring Keyring->PATH;
	if(kr == nil){
		sys->fprint(stderr, "verify: cannot load %s: %r\n", Keyring->PATH);
		raise "fail:bad module";
	}
	if(argv == nil || tl argv == nil){
		sys->fprint(stderr, "usage: verify boxid\n");
		raise "fail:usage";
	}
	box := hd tl argv;
	sys->pctl(Sys->FORKNS, nil);
	if(sys->chdir("/keydb") < 0)
		fail("no key database", "no keydb");
	name := "signed/" + box;
	fd := sys->open(name, Sys->OREAD);
	if(fd == nil)
		fail(sys->sprint("can't open %s: %r", name), "no certificate");
	cert := kr->getmsg(fd);
	digest := kr->getmsg(fd);
	if(cert == nil || digest == nil)
		fail(sys->sprint("can't read %s: %r", name), "bad certificate");

	(nwords, l) := sys->tokenize(WORDS, " ");
	words := array[nwords] of string;
	for(i := 0; l != nil; l = tl l)
		words[i++] = hd l;
	s := "";
	for(i = 0; i < len digest; i++){
		b := int digest[i];
		s += sys->sprint("%d: %s\t%d: %s\n", 2*i, words[(b>>4) % nwords], 2*i+1, words[b % nwords]);
	}
	sys->print("%s\naccept (y or n)? ", s);
	answer := array[5] of byte;
	n := sys->read(sys->fildes(0), answer, len answer);
	if(n < 1 || answer[0] != byte 'y'){
		sys->print("\nrejected\n");
		raise "fail:rejected";
	}
	sys->print("\naccepted\n");
	name = "countersigned/" + box;
	fd = sys->create(name, Sys->OWRITE, 8r600);
	if(fd == nil)
		fail(sys->sprint("can't create %s: %r", name), "create");
	if(kr->sendmsg(fd, cert, len cert) < 0)
		fail(sys->sprint("can't write %s: %r", name), "write");
}

fail(msg, status: string)
{
	sys->fprint(stderr, "signer: %s\n", msg);
	raise "fail:" + status;
}
