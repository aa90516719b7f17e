# The Auth, SSL and Random libraries of security.m: Auth->server and
# Auth->client at the two ends of a pipe with keys certified by one signer
# (names proved, the algorithm agreed or refused, a stranger refused), the
# key files keyspecs name, and random bytes.
implement AuthLibrary;

include "sys.m";
	sys: Sys;
include "draw.m";
include "keyring.m";
	kr: Keyring;
include "security.m";
	auth: Auth;

AuthLibrary: module
{
	init:	fn(nil: ref Draw->Context, nil: list of string);
};

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	kr = load Keyring Keyring->PATH;
	auth = load Auth Auth->PATH;
	sys->print("init %q\n", auth->init());
	(alpha, p) := kr->dhparams(128);
	signer := kr->genSK("rsa", "signer", 512);
	alice := keys(signer, "alice", alpha, p);
	bob := keys(signer, "bob", alpha, p);
	eve := keys(kr->genSK("rsa", "other", 512), "eve", alpha, p);

	pair("none agreed", alice, "none" :: nil, bob, "none");
	pair("any algorithm allowed", alice, nil, bob, "none");
	pair("algorithm refused", alice, "none" :: nil, bob, "rc4 md5");
	pair("stranger", alice, nil, eve, "none");
	pair("no server key", nil, nil, bob, "none");

	user := readfile("/dev/user");
	dir := "/usr/" + user + "/keyring/";
	sys->print("key= absolute %s\n", auth->keyfile("key=/tmp/k"));
	sys->print("key= relative %d\n", auth->keyfile("key=mine") == dir + "mine");
	sys->print("nothing named %d\n", auth->keyfile("") == dir + "default");
	sys->print("no file for server %d\n", auth->keyfile("server=tcp!h!styx") == dir + "h");
	sys->print("first key= wins %s\n", auth->keyfile("key=/a key=/b"));
	if(kr->writeauthinfo("/tmp/alice.key", alice) < 0)
		sys->print("writeauthinfo: %r\n");
	ai := auth->key("key=/tmp/alice.key");
	sys->print("key read %s\n", ai.mypk.owner);
	ai = auth->key("key=/tmp/nosuch");
	sys->print("key missing %d\n", ai == nil);

	random := load Random Random->PATH;
	b := random->randombuf(Random->NotQuiteRandom, 16);
	nonzero := 0;
	for(i := 0; i < len b; i++)
		if(b[i] != byte 0)
			nonzero++;
	sys->print("random %d bytes, some nonzero %d\n", len b, nonzero > 0);
}

keys(signer: ref Keyring->SK, who: string, alpha, p: ref Keyring->IPint): ref Keyring->Authinfo
{
	sk := kr->genSK("rsa", who, 512);
	pk := kr->sktopk(sk);
	a := array of byte kr->pktostr(pk);
	c := kr->sign(signer, 0, kr->sha1(a, len a, nil, nil), "sha1");
	return ref Keyring->Authinfo(sk, pk, c, kr->sktopk(signer), alpha, p);
}

# Authenticates the two ends of a pipe; prints what each end got and, when
# both succeeded, whether bytes pass.
pair(what: string, sai: ref Keyring->Authinfo, algs: list of string, cai: ref Keyring->Authinfo, alg: string)
{
	fds := array[2] of ref Sys->FD;
	sys->pipe(fds);
	done := chan of (ref Sys->FD, string);
	spawn server(fds[0], sai, algs, done);
	(cfd, cs) := auth->client(alg, cai, fds[1]);
	fds = nil;
	(sfd, ss) := <-done;
	# A client asking for an algorithm pushes SSL before it hears the
	# server's verdict: what it gets depends on #D, so it is not shown.
	if(alg == "none")
		sys->print("%s: client %d %q, ", what, cfd != nil, cs);
	else
		sys->print("%s: ", what);
	sys->print("server %d %q\n", sfd != nil, ss);
	if(cfd != nil && sfd != nil){
		sys->fprint(cfd, "over the line");
		buf := array[64] of byte;
		n := sys->read(sfd, buf, len buf);
		sys->print("\tserver reads %q\n", string buf[0:n]);
	}
}

server(fd: ref Sys->FD, ai: ref Keyring->Authinfo, algs: list of string, done: chan of (ref Sys->FD, string))
{
	done <-= auth->server(algs, ai, fd, 0);
}

readfile(f: string): string
{
	fd := sys->open(f, Sys->OREAD);
	buf := array[128] of byte;
	n := sys->read(fd, buf, len buf);
	return string buf[0:n];
}
