//! `$Keyring` and `$IPints` on `emu`: programs in `programs/` compiled by our
//! compiler call the modules and print what they get; each transcript is
//! compared with the known answers of the algorithms' standards (FIPS 180-4,
//! RFC 1320, RFC 2202, NIST SP 800-38A, FIPS 46, RFC 6229, the IDEA and
//! Blowfish reference vectors) and with what the original's formats and
//! exceptions are.

mod harness;

use harness::compile_and_run;

fn check(name: &str, source: &str, want: &str) {
    let out = compile_and_run(name, source);
    assert_eq!(out, want, "transcript of {name}");
}

#[test]
fn digests_give_the_standards_answers() {
    check(
        "keyring_digests",
        include_str!("programs/keyring_digests.b"),
        "\
md5 900150983cd24fb0d6963f7d28e17f72\n\
md5 empty d41d8cd98f00b204e9800998ecf8427e\n\
md4 a448017aaf21d8525fc10ae87aa6729d\n\
sha1 a9993e364706816aba3e25717850c26c9cd0d89d\n\
sha1 long 84983e441c3bd26ebaae4aa1f95129e5e54670f1\n\
sha224 23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7\n\
sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n\
sha384 cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7\n\
sha512 ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f\n\
sha1 clipped a9993e364706816aba3e25717850c26c9cd0d89d\n\
md5 pieces 900150983cd24fb0d6963f7d28e17f72\n\
md5 copy 4911e516e5aa21d327512e0c8b197616\n\
sha1 pieces 84983e441c3bd26ebaae4aa1f95129e5e54670f1\n\
hmac_md5 1 9294727a3638bb1c13f48ef8158bfc9d\n\
hmac_sha1 1 b617318655057264e28bc0b6fb378c8ef146be00\n\
hmac_sha1 2 effcdf6ae5eb2fa2d27416d5f184df9c259a7c79\n\
hmac_md5 2 750c783e6ab0b503eaa86e310a5db738\n\
short digest: bad digest value\n\
nil buffer: invalid argument\n\
long key: bad encryption key\n\
",
    );
}

#[test]
fn ipint_arithmetic_and_conversions() {
    check(
        "keyring_ipint",
        include_str!("programs/keyring_ipint.b"),
        "\
a 123456789012345678901234567890\n\
b -987654321\n\
add 123456789012345678900246913569\n\
sub 123456789012345678902222222211\n\
mul -121932631124828532112482853211126352690\n\
quo -124999998873437499901\n\
rem 574845669\n\
mod 679\n\
neg 987654321\n\
cmp 2 -2 0 eq 1 0\n\
hex 18EE90FF6C373E0EE4E3F0AD2 b64 AY7pD/bDc+DuTj8K0g== b64z AY7pD/bDc+DuTj8K0g==\n\
b32 289gk5zqsfty3vkg9w7f6222\n\
neg hex -3ADE68B1\n\
bits 97 1 8\n\
toint -987654321 2147483647\n\
b64toip 123456789012345678901234567890\n\
hex back 123456789012345678901234567890\n\
b32 back 8090864124713086412471308641239040\n\
bad nil\n\
bytes 2 18 52\n\
bebytestoip 65536\n\
expmod 445\n\
invert 4\n\
shl 3802951800684688204490109616128\n\
shr 6692605942\n\
and 8\n\
ori 14\n\
xor 6\n\
not 4294967294\n\
random below 2^100 1\n\
div 0: zero divide\n\
genprime 128 1\n\
561 prime 0\n\
safe prime 64 1\n\
",
    );
}

#[test]
fn ciphers_give_the_standards_answers() {
    check(
        "keyring_ciphers",
        include_str!("programs/keyring_ciphers.b"),
        "\
aes cbc 7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2\n\
aes back 1\n\
aes partial block back twenty-one bytes long\n\
des ecb 85e813540f0ab405\n\
des back 0123456789abcdef\n\
des cbc 85e813540f0ab405eb46291166493cd4\n\
idea ecb 11fbed2b01986de5\n\
idea back 0000000100020003\n\
blowfish 4ef997456198dd78\n\
blowfish ones 51866fd5b85ecb8a\n\
rc4 b2396305f03dc027ccc3524a0a1118a8\n\
rc4 skipped ccc3524a0a1118a8\n\
des 12: data not multiple of block size\n\
aes 5 of 4: array bounds error\n\
aes key 15: bad encryption key\n\
",
    );
}

#[test]
fn keys_certificates_and_authentication() {
    check(
        "keyring_keys",
        include_str!("programs/keyring_keys.b"),
        "\
rsa: owner alice sa rsa verify 1 forged 0 texts back 1 first rsa lines 10\n\
rsa: cert sha1 alice 0\n\
rsa: pk attrs alg owner n ek\n\
rsa: verifym 1 0\n\
elgamal: owner alice sa elgamal verify 1 forged 0 texts back 1 first elgamal lines 6\n\
elgamal: cert sha1 alice 0\n\
elgamal: pk attrs alg owner p alpha key\n\
elgamal: verifym 1 0\n\
dsa: owner alice sa dsa verify 1 forged 0 texts back 1 first dsa lines 7\n\
dsa: cert sha1 alice 0\n\
dsa: pk attrs alg owner p q alpha key\n\
dsa: verifym 1 0\n\
hand pk bob alg=rsa owner=bob n=0CA1 ek=11\n\
rsa sign 65 588 verify 1 encrypt 2790\n\
strtosk junk 1\n\
dsa with q 0: invalid argument\n\
elgamal with p 2: invalid argument\n\
writeauthinfo 0\n\
readauthinfo alice alice 1\n\
auth: alice sees bob, bob sees alice, secrets equal 1\n\
forged: alice gets pk doesn't match certificate, bob gets remote: pk doesn't match certificate\n\
",
    );
}
