# $Crypt on emu: digests, an HMAC and ciphers against the standards' answers,
# and RSA, ElGamal and DSA keys as pick adts over $IPints' IPints: generated,
# filled, used to encrypt and decrypt, to sign and verify, reduced to their
# public halves.
implement CryptModule;

include "sys.m";
	sys: Sys;
include "draw.m";
include "ipints.m";
	ipints: IPints;
	IPint: import ipints;
include "crypt.m";
	crypt: Crypt;
	PK, SK: import crypt;

CryptModule: module
{
	init:	fn(ctxt: ref Draw->Context, argv: list of string);
};

hex(d: array of byte): string
{
	s := "";
	for(i := 0; i < len d; i++)
		s += sys->sprint("%.2ux", int d[i]);
	return s;
}

kind(pk: ref PK): string
{
	pick k := pk {
	RSA => return "RSA";
	Elgamal => return "Elgamal";
	DSA => return "DSA";
	}
	return "?";
}

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	ipints = load IPints IPints->PATH;
	crypt = load Crypt Crypt->PATH;
	abc := array of byte "abc";
	d := array[64] of byte;
	crypt->md5(abc, len abc, d, nil);
	sys->print("md5 %s\n", hex(d[0:Crypt->MD5dlen]));
	crypt->sha256(abc, len abc, d, nil);
	sys->print("sha256 %s\n", hex(d[0:Crypt->SHA256dlen]));
	key := array[20] of {* => byte 16r0b};
	hi := array of byte "Hi There";
	crypt->hmac_sha1(hi, len hi, key, d, nil);
	sys->print("hmac_sha1 %s\n", hex(d[0:Crypt->SHA1dlen]));
	msg := array of byte "sixteen byte msg";
	buf := array[len msg] of byte;
	buf[0:] = msg;
	crypt->aescbc(crypt->aessetup(array[16] of {* => byte 1}, nil), buf, len buf, Crypt->Encrypt);
	changed := string buf != string msg;
	crypt->aescbc(crypt->aessetup(array[16] of {* => byte 1}, nil), buf, len buf, Crypt->Decrypt);
	sys->print("aes changed %d back %s\n", changed, string buf);
	crypt->rc4(crypt->rc4setup(array of byte "Key"), buf, len buf);
	sys->print("rc4 %s\n", hex(buf[0:4]));

	sk := crypt->rsagen(512, 6, 0);
	m := IPint.inttoip(12345);
	c := crypt->rsaencrypt(sk.pk, m);
	sys->print("rsa bits %d decrypt %s\n", sk.pk.n.bits(), crypt->rsadecrypt(sk, c).iptostr(10));
	f := crypt->rsafill(sk.pk.n, sk.pk.ek, sk.dk, sk.p, sk.q);
	sys->print("rsafill %d\n", f.c2.eq(sk.c2) && crypt->rsadecrypt(f, c).eq(m));
	sig := crypt->sign(sk, m);
	sys->print("verify %d forged %d\n", crypt->verify(sk.pk, sig, m),
		crypt->verify(sk.pk, sig, IPint.inttoip(54321)));
	pk := crypt->sktopk(crypt->genSK("rsa", 256));
	sys->print("sktopk %s\n", kind(pk));
	sys->print("unknown %d\n", crypt->genSK("nonesuch", 256) == nil);
	dsa := crypt->dsagen(nil);
	sys->print("dsa p %d q %d key %d\n", dsa.pk.p.bits(), dsa.pk.q.bits(),
		dsa.pk.alpha.expmod(dsa.secret, dsa.pk.p).eq(dsa.pk.key));
	same := crypt->dsagen(dsa.pk);
	sys->print("dsa again %d\n", same.pk.p.eq(dsa.pk.p) && !same.secret.eq(dsa.secret));
	eg := crypt->eggen(64, 0);
	sys->print("elgamal %d %s\n", eg.pk.alpha.expmod(eg.secret, eg.pk.p).eq(eg.pk.key),
		kind(crypt->sktopk(crypt->genSKfromPK(eg.pk))));
	(alpha, p) := crypt->dhparams(64);
	sys->print("dhparams %d %d\n", p.bits(), alpha.cmp(p) < 0);
	{ crypt->rsaencrypt(nil, m); } exception e { "*" => sys->print("nil key: %s\n", e); }
}
