//! The export table of `$Crypt`: every function of `module/crypt.m` (adt members
//! as `Adt.name`), sorted by name, with its link signature, frame size and frame
//! pointer map, as the compiler computes them from the interface (the tests below
//! check that, and that the original's compiled modules link).

use dis::vm::NativeFn;

/// A table entry ([`NativeFn::new`], short for the table below).
use NativeFn as F;

/// The functions of `$Crypt`.
pub const FUNCTIONS: &[NativeFn] = &[
    F::new("DigestState.copy", 0x491fbd11, 40, &[0x00, 0x80]),
    F::new("aescbc", 0x0ac616ba, 48, &[0x00, 0xc0]),
    F::new("aessetup", 0x44452583, 40, &[0x00, 0xc0]),
    F::new("blowfishcbc", 0x0ac616ba, 48, &[0x00, 0xc0]),
    F::new("blowfishsetup", 0x44452583, 40, &[0x00, 0xc0]),
    F::new("descbc", 0x0ac616ba, 48, &[0x00, 0xc0]),
    F::new("desecb", 0x0ac616ba, 48, &[0x00, 0xc0]),
    F::new("dessetup", 0x44452583, 40, &[0x00, 0xc0]),
    F::new("dhparams", 0x6abb2418, 40, &[]),
    F::new("dsagen", 0xfca97ad3, 40, &[0x00, 0x80]),
    F::new("eggen", 0x6e59448f, 40, &[]),
    F::new("genSK", 0x5d82edbe, 40, &[0x00, 0x80]),
    F::new("genSKfromPK", 0x368c3183, 40, &[0x00, 0x80]),
    F::new("hmac_md5", 0xec9ac159, 56, &[0x00, 0xb8]),
    F::new("hmac_sha1", 0xec9ac159, 56, &[0x00, 0xb8]),
    F::new("ideacbc", 0x0ac616ba, 48, &[0x00, 0xc0]),
    F::new("ideaecb", 0x0ac616ba, 48, &[0x00, 0xc0]),
    F::new("ideasetup", 0x44452583, 40, &[0x00, 0xc0]),
    F::new("md4", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("md5", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("rc4", 0xd051c505, 48, &[0x00, 0xc0]),
    F::new("rc4back", 0x3643caf7, 40, &[0x00, 0x80]),
    F::new("rc4setup", 0x6fa90725, 40, &[0x00, 0x80]),
    F::new("rc4skip", 0x3643caf7, 40, &[0x00, 0x80]),
    F::new("rsadecrypt", 0x91e80677, 40, &[0x00, 0xc0]),
    F::new("rsaencrypt", 0x3cddeb19, 40, &[0x00, 0xc0]),
    F::new("rsafill", 0x621f5851, 56, &[0x00, 0xf8]),
    F::new("rsagen", 0xa59005ba, 48, &[]),
    F::new("sha1", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("sha224", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("sha256", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("sha384", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("sha512", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("sign", 0xe955b4f2, 40, &[0x00, 0xc0]),
    F::new("sktopk", 0x132f856e, 40, &[0x00, 0x80]),
    F::new("verify", 0xff419b7b, 48, &[0x00, 0xe0]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::export_check::{compiled, table};

    /// The Crypt functions the original's compiled modules import (`limbo.dis`,
    /// `auth/createsignerkey.dis`, `auth/rsagen.dis`, `auth/dsagen.dis`,
    /// `lib/oldauth.dis`, `lib/auth9.dis`), with their import tables' signatures.
    const STOCK: &[(&str, u32)] = &[
        ("desecb", 0x0ac616ba),
        ("dessetup", 0x44452583),
        ("dhparams", 0x6abb2418),
        ("dsagen", 0xfca97ad3),
        ("genSK", 0x5d82edbe),
        ("md5", 0x07656377),
        ("rsagen", 0xa59005ba),
        ("sha1", 0x07656377),
        ("sign", 0xe955b4f2),
        ("sktopk", 0x132f856e),
        ("verify", 0xff419b7b),
    ];

    #[test]
    fn the_stock_modules_imports_link() {
        for (name, sig) in STOCK {
            let found = FUNCTIONS.iter().any(|f| f.name == *name && f.sig == *sig);
            assert!(found, "{name} {sig:#x}");
        }
    }

    #[test]
    fn the_table_is_what_the_compiler_makes_of_the_interface() {
        assert_eq!(
            table(FUNCTIONS),
            compiled("Crypt", &["ipints.m"], "crypt.m")
        );
    }
}
