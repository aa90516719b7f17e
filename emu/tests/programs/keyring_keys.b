# Keys, certificates and authentication with $Keyring: generation, text forms
# read back, signatures that verify and forgeries that do not, an Authinfo
# written and read back, and two ends of a pipe authenticating each other.
implement KeyringKeys;

include "sys.m";
	sys: Sys;
include "draw.m";
include "keyring.m";
	kr: Keyring;
	IPint: import kr;

KeyringKeys: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

digest(s: string): ref Keyring->DigestState
{
	a := array of byte s;
	return kr->sha1(a, len a, nil, nil);
}

# the certificate of pk by signer
certify(signer: ref Keyring->SK, pk: ref Keyring->PK): ref Keyring->Certificate
{
	return kr->sign(signer, 0, digest(kr->pktostr(pk)), "sha1");
}

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	kr = load Keyring Keyring->PATH;

	for(algs := "rsa" :: "elgamal" :: "dsa" :: nil; algs != nil; algs = tl algs){
		alg := hd algs;
		sk := kr->genSK(alg, "alice", 256);
		pk := kr->sktopk(sk);
		c := kr->sign(sk, 0, digest("message"), "sha1");
		good := kr->verify(pk, c, digest("message"));
		bad := kr->verify(pk, c, digest("massage"));
		skt := kr->sktostr(sk);
		pkt := kr->pktostr(pk);
		ct := kr->certtostr(c);
		same := kr->sktostr(kr->strtosk(skt)) == skt && kr->pktostr(kr->strtopk(pkt)) == pkt
			&& kr->certtostr(kr->strtocert(ct)) == ct;
		(n, lines) := sys->tokenize(skt, "\n");
		sys->print("%s: owner %s sa %s verify %d forged %d texts back %d first %s lines %d\n",
			alg, pk.owner, pk.sa.name, good, bad, same, hd lines, n);
		sys->print("%s: cert %s %s %d\n", alg, c.ha, c.signer, c.exp);
		(nil, attrs) := sys->tokenize(kr->pktoattr(pk), " ");
		sys->print("%s: pk attrs", alg);
		for(; attrs != nil; attrs = tl attrs){
			(nil, av) := sys->tokenize(hd attrs, "=");
			sys->print(" %s", hd av);
		}
		sys->print("\n");
		m := IPint.inttoip(12345);
		mc := kr->signm(sk, m, "sha1");
		sys->print("%s: verifym %d %d\n", alg, kr->verifym(pk, mc, m), kr->verifym(pk, mc, IPint.inttoip(12346)));
	}

	# a key written by hand: n = 3233 = 61*53, e = 17, d = 2753
	pkt := "rsa\nbob\nDKE=\nEQ==\n";
	pk := kr->strtopk(pkt);
	sys->print("hand pk %s %s\n", pk.owner, kr->pktoattr(pk));
	rsk := kr->RSAsk.fill(IPint.inttoip(3233), IPint.inttoip(17), IPint.inttoip(2753),
		IPint.inttoip(61), IPint.inttoip(53));
	sig := rsk.sign(IPint.inttoip(65));
	sys->print("rsa sign 65 %s verify %d encrypt %s\n", sig.n.iptostr(10),
		rsk.pk.verify(sig, IPint.inttoip(65)), rsk.pk.encrypt(IPint.inttoip(65)).iptostr(10));
	sys->print("strtosk junk %d\n", kr->strtosk("nosuch\nx\n") == nil);

	# parameters made by hand that admit no signature
	zero := IPint.inttoip(0);
	dsk := ref Keyring->DSAsk(ref Keyring->DSApk(zero, zero, zero, zero), IPint.inttoip(1));
	{
		dsk.sign(IPint.inttoip(5));
	} exception e {
	"*" =>
		sys->print("dsa with q 0: %s\n", e);
	}
	esk := ref Keyring->EGsk(ref Keyring->EGpk(IPint.inttoip(2), zero, zero), zero);
	{
		esk.sign(IPint.inttoip(5));
	} exception e {
	"*" =>
		sys->print("elgamal with p 2: %s\n", e);
	}

	# authentication between the two ends of a pipe
	signer := kr->genSK("rsa", "signer", 256);
	spk := kr->sktopk(signer);
	(alpha, p) := kr->dhparams(128);
	infos := array[2] of ref Keyring->Authinfo;
	names := array[] of {"alice", "bob"};
	for(i := 0; i < 2; i++){
		sk := kr->genSK("rsa", names[i], 256);
		pk := kr->sktopk(sk);
		infos[i] = ref Keyring->Authinfo(sk, pk, certify(signer, pk), spk, alpha, p);
	}
	file := "/tmp/keyring-test-authinfo";
	sys->print("writeauthinfo %d\n", kr->writeauthinfo(file, infos[0]));
	back := kr->readauthinfo(file);
	sys->print("readauthinfo %s %s %d\n", back.mysk.owner, back.mypk.owner, back.p.eq(p));
	sys->remove(file);
	infos[0] = back;

	fds := array[2] of ref Sys->FD;
	sys->pipe(fds);
	done := chan of (string, array of byte);
	spawn side(fds[1], infos[1], done);
	(name, secret) := kr->auth(fds[0], infos[0], 0);
	(hisname, hissecret) := <-done;
	sys->print("auth: alice sees %s, bob sees %s, secrets equal %d\n", name, hisname,
		secret != nil && len secret == len hissecret && string secret == string hissecret);

	# a certificate by another signer is refused
	other := kr->genSK("rsa", "other", 256);
	infos[1].cert = certify(other, infos[1].mypk);
	sys->pipe(fds);
	spawn side(fds[1], infos[1], done);
	(name, secret) = kr->auth(fds[0], infos[0], 0);
	(hisname, nil) = <-done;
	sys->print("forged: alice gets %s, bob gets %s\n", name, hisname);
}

side(fd: ref Sys->FD, info: ref Keyring->Authinfo, done: chan of (string, array of byte))
{
	done <-= kr->auth(fd, info, 0);
}
