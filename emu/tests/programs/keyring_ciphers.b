# Ciphers of $Keyring against known answers: AES-128 CBC (NIST SP 800-38A
# F.2.1), DES ECB (the classic FIPS 46 worked example), IDEA (the cipher's
# reference vector), Blowfish (Schneier's vectors), RC4 (RFC 6229), with
# decryption back to the plain text and the length errors.
implement KeyringCiphers;

include "sys.m";
	sys: Sys;
include "draw.m";
include "keyring.m";
	kr: Keyring;

KeyringCiphers: module
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

unhex(s: string): array of byte
{
	a := array[len s / 2] of byte;
	for(i := 0; i < len a; i++)
		a[i] = byte ((digit(s[2*i]) << 4) | digit(s[2*i+1]));
	return a;
}

digit(c: int): int
{
	if(c >= 'a')
		return c - 'a' + 10;
	return c - '0';
}

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	kr = load Keyring Keyring->PATH;

	key := unhex("2b7e151628aed2a6abf7158809cf4f3c");
	iv := unhex("000102030405060708090a0b0c0d0e0f");
	plain := "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51";
	buf := unhex(plain);
	as := kr->aessetup(key, iv);
	kr->aescbc(as, buf, 16, Keyring->Encrypt);
	kr->aescbc(as, buf[16:], 16, Keyring->Encrypt);
	sys->print("aes cbc %s\n", hex(buf));
	as = kr->aessetup(key, iv);
	kr->aescbc(as, buf, len buf, Keyring->Decrypt);
	sys->print("aes back %d\n", hex(buf) == plain);
	odd := array of byte "twenty-one bytes long";
	as = kr->aessetup(key, iv);
	kr->aescbc(as, odd, len odd, Keyring->Encrypt);
	as = kr->aessetup(key, iv);
	kr->aescbc(as, odd, len odd, Keyring->Decrypt);
	sys->print("aes partial block back %s\n", string odd);

	ds := kr->dessetup(unhex("133457799bbcdff1"), nil);
	buf = unhex("0123456789abcdef");
	kr->desecb(ds, buf, 8, Keyring->Encrypt);
	sys->print("des ecb %s\n", hex(buf));
	kr->desecb(ds, buf, 8, Keyring->Decrypt);
	sys->print("des back %s\n", hex(buf));
	ds = kr->dessetup(unhex("133457799bbcdff1"), unhex("0000000000000000"));
	buf = unhex("0123456789abcdef0123456789abcdef");
	kr->descbc(ds, buf, 16, Keyring->Encrypt);
	sys->print("des cbc %s\n", hex(buf));

	is := kr->ideasetup(unhex("00010002000300040005000600070008"), nil);
	buf = unhex("0000000100020003");
	kr->ideaecb(is, buf, 8, Keyring->Encrypt);
	sys->print("idea ecb %s\n", hex(buf));
	kr->ideaecb(is, buf, 8, Keyring->Decrypt);
	sys->print("idea back %s\n", hex(buf));

	bs := kr->blowfishsetup(unhex("0000000000000000"), nil);
	buf = unhex("0000000000000000");
	kr->blowfishcbc(bs, buf, 8, Keyring->Encrypt);
	sys->print("blowfish %s\n", hex(buf));
	bs = kr->blowfishsetup(unhex("ffffffffffffffff"), nil);
	buf = unhex("ffffffffffffffff");
	kr->blowfishcbc(bs, buf, 8, Keyring->Encrypt);
	sys->print("blowfish ones %s\n", hex(buf));

	rs := kr->rc4setup(unhex("0102030405"));
	buf = array[16] of {* => byte 0};
	kr->rc4(rs, buf, 16);
	sys->print("rc4 %s\n", hex(buf));
	kr->rc4back(rs, 16);
	kr->rc4skip(rs, 8);
	buf = array[8] of {* => byte 0};
	kr->rc4(rs, buf, 8);
	sys->print("rc4 skipped %s\n", hex(buf));

	{
		kr->desecb(ds, array[12] of byte, 12, Keyring->Encrypt);
	} exception e {
	"*" =>
		sys->print("des 12: %s\n", e);
	}
	{
		kr->aescbc(as, array[4] of byte, 5, Keyring->Encrypt);
	} exception e {
	"*" =>
		sys->print("aes 5 of 4: %s\n", e);
	}
	{
		kr->aessetup(array[15] of byte, nil);
	} exception e {
	"*" =>
		sys->print("aes key 15: %s\n", e);
	}
}
