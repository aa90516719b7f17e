# Digests of $Keyring against the standards' known answers (FIPS 180-4
# examples, RFC 1320/1321 test suites, RFC 2202 HMAC cases), a digest
# built in pieces with a copied DigestState, and the bad-argument errors.
implement KeyringDigests;

include "sys.m";
	sys: Sys;
include "draw.m";
include "keyring.m";
	kr: Keyring;

KeyringDigests: module
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

init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	kr = load Keyring Keyring->PATH;
	abc := array of byte "abc";
	long := array of byte "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	d := array[64] of byte;
	kr->md5(abc, len abc, d, nil);
	sys->print("md5 %s\n", hex(d[0:Keyring->MD5dlen]));
	kr->md5(nil, 0, d, nil);
	sys->print("md5 empty %s\n", hex(d[0:16]));
	kr->md4(abc, len abc, d, nil);
	sys->print("md4 %s\n", hex(d[0:Keyring->MD4dlen]));
	kr->sha1(abc, len abc, d, nil);
	sys->print("sha1 %s\n", hex(d[0:Keyring->SHA1dlen]));
	kr->sha1(long, len long, d, nil);
	sys->print("sha1 long %s\n", hex(d[0:20]));
	kr->sha224(abc, len abc, d, nil);
	sys->print("sha224 %s\n", hex(d[0:Keyring->SHA224dlen]));
	kr->sha256(abc, len abc, d, nil);
	sys->print("sha256 %s\n", hex(d[0:Keyring->SHA256dlen]));
	kr->sha384(abc, len abc, d, nil);
	sys->print("sha384 %s\n", hex(d[0:Keyring->SHA384dlen]));
	kr->sha512(abc, len abc, d, nil);
	sys->print("sha512 %s\n", hex(d[0:Keyring->SHA512dlen]));

	# n beyond the buffer is clipped to it
	kr->sha1(abc, 100, d, nil);
	sys->print("sha1 clipped %s\n", hex(d[0:20]));

	# in pieces, and a copy that goes its own way
	state := kr->md5(array of byte "ab", 2, nil, nil);
	other := state.copy();
	kr->md5(array of byte "c", 1, d, state);
	sys->print("md5 pieces %s\n", hex(d[0:16]));
	kr->md5(array of byte "d", 1, d, other);
	sys->print("md5 copy %s\n", hex(d[0:16]));
	s1 := kr->sha1(long[0:10], 10, nil, nil);
	kr->sha1(long[10:], len long - 10, nil, s1);
	kr->sha1(nil, 0, d, s1);
	sys->print("sha1 pieces %s\n", hex(d[0:20]));

	# RFC 2202 cases 1 and 2
	key := array[20] of {* => byte 16r0b};
	data := array of byte "Hi There";
	kr->hmac_md5(data, len data, key[0:16], d, nil);
	sys->print("hmac_md5 1 %s\n", hex(d[0:16]));
	kr->hmac_sha1(data, len data, key, d, nil);
	sys->print("hmac_sha1 1 %s\n", hex(d[0:20]));
	data = array of byte "what do ya want for nothing?";
	hs := kr->hmac_sha1(data[0:5], 5, array of byte "Jefe", nil, nil);
	kr->hmac_sha1(data[5:], len data - 5, array of byte "Jefe", d, hs);
	sys->print("hmac_sha1 2 %s\n", hex(d[0:20]));
	kr->hmac_md5(data, len data, array of byte "Jefe", d, nil);
	sys->print("hmac_md5 2 %s\n", hex(d[0:16]));

	{
		kr->sha256(abc, len abc, array[10] of byte, nil);
	} exception e {
	"*" =>
		sys->print("short digest: %s\n", e);
	}
	{
		kr->md5(nil, 3, nil, nil);
	} exception e {
	"*" =>
		sys->print("nil buffer: %s\n", e);
	}
	{
		kr->hmac_sha1(abc, 3, array[65] of byte, d, nil);
	} exception e {
	"*" =>
		sys->print("long key: %s\n", e);
	}
}
