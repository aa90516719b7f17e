//! `$Crypt` on `emu`: a program compiled by our compiler calls the digests and
//! ciphers (answers of FIPS 180-4, RFC 1321, RFC 2202 and RC4 itself) and makes
//! and uses RSA, DSA and ElGamal keys with `$IPints`' IPints; the transcript shows
//! the keys' algebra holds (decryption inverts encryption, key = alpha^secret).

mod harness;

use harness::compile_and_run;

#[test]
fn crypt_digests_ciphers_and_keys() {
    let out = compile_and_run("crypt_module", include_str!("programs/crypt_module.b"));
    assert_eq!(
        out,
        "\
md5 900150983cd24fb0d6963f7d28e17f72\n\
sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n\
hmac_sha1 b617318655057264e28bc0b6fb378c8ef146be00\n\
aes changed 1 back sixteen byte msg\n\
rc4 98f60ff5\n\
rsa bits 512 decrypt 12345\n\
rsafill 1\n\
verify 1 forged 0\n\
sktopk RSA\n\
unknown 1\n\
dsa p 1024 q 160 key 1\n\
dsa again 1\n\
elgamal 1 Elgamal\n\
dhparams 64 1\n\
nil key: dereference of nil\n\
"
    );
}
