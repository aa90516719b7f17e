# A certificate that expires in a minute: authentication with it succeeds,
# then, an hour of sleep later, is refused as expired. Run under `emu -T`,
# the hour passes on the virtual clock, which Keyring's expiry test follows.
implement CertExpiry;

include "sys.m";
	sys: Sys;
include "draw.m";
include "keyring.m";
	kr: Keyring;

CertExpiry: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	kr = load Keyring Keyring->PATH;
	signer := kr->genSK("rsa", "signer", 256);
	spk := kr->sktopk(signer);
	(alpha, p) := kr->dhparams(128);
	expires := int (big readfile("/dev/time") / big 1000000) + 60;
	infos := array[2] of ref Keyring->Authinfo;
	names := array[] of {"alice", "bob"};
	for(i := 0; i < 2; i++){
		sk := kr->genSK("rsa", names[i], 256);
		pk := kr->sktopk(sk);
		a := array of byte kr->pktostr(pk);
		cert := kr->sign(signer, expires, kr->sha1(a, len a, nil, nil), "sha1");
		infos[i] = ref Keyring->Authinfo(sk, pk, cert, spk, alpha, p);
	}
	sys->print("now: %s\n", authenticate(infos));
	sys->sleep(60*60*1000);
	sys->print("an hour later: %s\n", authenticate(infos));
}

# What alice's side of an authentication with bob gives.
authenticate(infos: array of ref Keyring->Authinfo): string
{
	fds := array[2] of ref Sys->FD;
	sys->pipe(fds);
	done := chan of string;
	spawn side(fds[1], infos[1], done);
	(name, nil) := kr->auth(fds[0], infos[0], 0);
	<-done;
	return name;
}

side(fd: ref Sys->FD, info: ref Keyring->Authinfo, done: chan of string)
{
	(name, nil) := kr->auth(fd, info, 0);
	done <-= name;
}

readfile(path: string): string
{
	fd := sys->open(path, Sys->OREAD);
	if(fd == nil)
		return "0";
	buf := array[64] of byte;
	n := sys->read(fd, buf, len buf);
	if(n <= 0)
		return "0";
	return string buf[0:n];
}
