# Makes Authinfo files for a two-emu authentication test: a signer's key and,
# for each user named, a key pair certified by it, written to /tmp/USER.key
# with Diffie-Hellman parameters shared by all.
implement Mkkeys;

include "sys.m";
	sys: Sys;
include "draw.m";
include "keyring.m";
	kr: Keyring;

Mkkeys: module
{
	init:	fn(nil: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, argv: list of string)
{
	sys = load Sys Sys->PATH;
	kr = load Keyring Keyring->PATH;
	signer := kr->genSK("rsa", "signer", 512);
	spk := kr->sktopk(signer);
	(alpha, p) := kr->dhparams(256);
	for(users := tl argv; users != nil; users = tl users){
		user := hd users;
		sk := kr->genSK("rsa", user, 512);
		pk := kr->sktopk(sk);
		a := array of byte kr->pktostr(pk);
		c := kr->sign(signer, 0, kr->sha1(a, len a, nil, nil), "sha1");
		ai := ref Keyring->Authinfo(sk, pk, c, spk, alpha, p);
		if(kr->writeauthinfo("/tmp/" + user + ".key", ai) < 0)
			sys->print("%s: cannot write key: %r\n", user);
	}
}
