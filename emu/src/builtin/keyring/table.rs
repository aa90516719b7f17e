//! The export tables of `$Keyring` and `$IPints`: every function of
//! `module/keyring.m` and `module/ipints.m` (adt members as `Adt.name`), sorted
//! by name, with its link signature, frame size and frame pointer map (one bit
//! per word from the frame's start, most significant first), as the compiler
//! computes them from the interfaces.

use dis::vm::NativeFn;

/// A table entry ([`NativeFn::new`], short for the long tables below).
use NativeFn as F;

/// The functions of `$Keyring`.
pub const FUNCTIONS: &[NativeFn] = &[
    F::new("DSApk.verify", 0xeca448ff, 48, &[0x00, 0xe0]),
    F::new("DSAsk.gen", 0x46f0eb94, 40, &[0x00, 0x80]),
    F::new("DSAsk.sign", 0x6e51e1b3, 40, &[0x00, 0xc0]),
    F::new("DigestState.copy", 0x491fbd11, 40, &[0x00, 0x80]),
    F::new("EGpk.verify", 0xfb1e256c, 48, &[0x00, 0xe0]),
    F::new("EGsk.gen", 0x4a59c528, 40, &[]),
    F::new("EGsk.sign", 0xca053e70, 40, &[0x00, 0xc0]),
    F::new("IPint.add", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.and", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.b64toip", 0xa803ee03, 40, &[0x00, 0x80]),
    F::new("IPint.bebytestoip", 0x6fa90725, 40, &[0x00, 0x80]),
    F::new("IPint.bits", 0xeb4c9bad, 40, &[0x00, 0x80]),
    F::new("IPint.bytestoip", 0x6fa90725, 40, &[0x00, 0x80]),
    F::new("IPint.cmp", 0x79774f9e, 40, &[0x00, 0xc0]),
    F::new("IPint.copy", 0x491fbd11, 40, &[0x00, 0x80]),
    F::new("IPint.div", 0x4672bf61, 40, &[0x00, 0xc0]),
    F::new("IPint.eq", 0x79774f9e, 40, &[0x00, 0xc0]),
    F::new("IPint.expmod", 0xe6105024, 48, &[0x00, 0xe0]),
    F::new("IPint.inttoip", 0x95dc8b6d, 40, &[]),
    F::new("IPint.invert", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.iptob64", 0xfab4eb8a, 40, &[0x00, 0x80]),
    F::new("IPint.iptob64z", 0xfab4eb8a, 40, &[0x00, 0x80]),
    F::new("IPint.iptobebytes", 0xc8e5162d, 40, &[0x00, 0x80]),
    F::new("IPint.iptobytes", 0xc8e5162d, 40, &[0x00, 0x80]),
    F::new("IPint.iptoint", 0xeb4c9bad, 40, &[0x00, 0x80]),
    F::new("IPint.iptostr", 0xf9fdc03d, 40, &[0x00, 0x80]),
    F::new("IPint.mod", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.mul", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.neg", 0x491fbd11, 40, &[0x00, 0x80]),
    F::new("IPint.not", 0x491fbd11, 40, &[0x00, 0x80]),
    F::new("IPint.ori", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.random", 0x70bcd6f1, 40, &[]),
    F::new("IPint.shl", 0xc7b0bc01, 40, &[0x00, 0x80]),
    F::new("IPint.shr", 0xc7b0bc01, 40, &[0x00, 0x80]),
    F::new("IPint.strtoip", 0x12d7a943, 40, &[0x00, 0x80]),
    F::new("IPint.sub", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.xor", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("RSApk.encrypt", 0xdc0ec366, 40, &[0x00, 0xc0]),
    F::new("RSApk.verify", 0x1857beff, 48, &[0x00, 0xe0]),
    F::new("RSAsk.decrypt", 0xf3b51b95, 40, &[0x00, 0xc0]),
    F::new("RSAsk.fill", 0x2ab0d50a, 56, &[0x00, 0xf8]),
    F::new("RSAsk.gen", 0x0c197fd0, 48, &[]),
    F::new("RSAsk.sign", 0x5dbdc2fe, 40, &[0x00, 0xc0]),
    F::new("aescbc", 0x0ac616ba, 48, &[0x00, 0xc0]),
    F::new("aessetup", 0x44452583, 40, &[0x00, 0xc0]),
    F::new("auth", 0x09c576bb, 48, &[0x00, 0xc0]),
    F::new("blowfishcbc", 0x0ac616ba, 48, &[0x00, 0xc0]),
    F::new("blowfishsetup", 0x44452583, 40, &[0x00, 0xc0]),
    F::new("certtoattr", 0xbc65254a, 40, &[0x00, 0x80]),
    F::new("certtostr", 0xbc65254a, 40, &[0x00, 0x80]),
    F::new("descbc", 0x0ac616ba, 48, &[0x00, 0xc0]),
    F::new("desecb", 0x0ac616ba, 48, &[0x00, 0xc0]),
    F::new("dessetup", 0x44452583, 40, &[0x00, 0xc0]),
    F::new("dhparams", 0x6abb2418, 40, &[]),
    F::new("genSK", 0xadd8cbd9, 48, &[0x00, 0xc0]),
    F::new("genSKfromPK", 0x5416d1ee, 40, &[0x00, 0xc0]),
    F::new("getbytearray", 0x4e02ce80, 40, &[0x00, 0x80]),
    F::new("getmsg", 0xd9de1bb7, 40, &[0x00, 0x80]),
    F::new("getstring", 0x92f10e56, 40, &[0x00, 0x80]),
    F::new("hmac_md5", 0xec9ac159, 56, &[0x00, 0xb8]),
    F::new("hmac_sha1", 0xec9ac159, 56, &[0x00, 0xb8]),
    F::new("ideacbc", 0x0ac616ba, 48, &[0x00, 0xc0]),
    F::new("ideaecb", 0x0ac616ba, 48, &[0x00, 0xc0]),
    F::new("ideasetup", 0x44452583, 40, &[0x00, 0xc0]),
    F::new("md4", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("md5", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("pktoattr", 0xfb4e61ba, 40, &[0x00, 0x80]),
    F::new("pktostr", 0xfb4e61ba, 40, &[0x00, 0x80]),
    F::new("putbytearray", 0x7cfef557, 48, &[0x00, 0xc0]),
    F::new("puterror", 0xd2526222, 40, &[0x00, 0xc0]),
    F::new("putstring", 0xd2526222, 40, &[0x00, 0xc0]),
    F::new("rc4", 0xd051c505, 48, &[0x00, 0xc0]),
    F::new("rc4back", 0x3643caf7, 40, &[0x00, 0x80]),
    F::new("rc4setup", 0x6fa90725, 40, &[0x00, 0x80]),
    F::new("rc4skip", 0x3643caf7, 40, &[0x00, 0x80]),
    F::new("readauthinfo", 0xb2c82015, 40, &[0x00, 0x80]),
    F::new("senderrmsg", 0xd2526222, 40, &[0x00, 0xc0]),
    F::new("sendmsg", 0x7cfef557, 48, &[0x00, 0xc0]),
    F::new("sha1", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("sha224", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("sha256", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("sha384", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("sha512", 0x07656377, 48, &[0x00, 0xb0]),
    F::new("sign", 0xdacb7a7e, 48, &[0x00, 0xb0]),
    F::new("signm", 0xba5bd10f, 48, &[0x00, 0xe0]),
    F::new("sktoattr", 0xfb4e61ba, 40, &[0x00, 0x80]),
    F::new("sktopk", 0x6f74c7c9, 40, &[0x00, 0x80]),
    F::new("sktostr", 0xfb4e61ba, 40, &[0x00, 0x80]),
    F::new("strtocert", 0x2c0ee68a, 40, &[0x00, 0x80]),
    F::new("strtopk", 0xcc511522, 40, &[0x00, 0x80]),
    F::new("strtosk", 0xcc511522, 40, &[0x00, 0x80]),
    F::new("verify", 0x8b5b9f76, 48, &[0x00, 0xe0]),
    F::new("verifym", 0x8b5b9f76, 48, &[0x00, 0xe0]),
    F::new("writeauthinfo", 0x5ba03002, 40, &[0x00, 0xc0]),
];

/// The functions of `$IPints`.
pub const IPINTS_FUNCTIONS: &[NativeFn] = &[
    F::new("DSAprimes", 0x40d03bb6, 32, &[]),
    F::new("IPint.add", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.and", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.b64toip", 0xa803ee03, 40, &[0x00, 0x80]),
    F::new("IPint.bebytestoip", 0x6fa90725, 40, &[0x00, 0x80]),
    F::new("IPint.bits", 0xeb4c9bad, 40, &[0x00, 0x80]),
    F::new("IPint.bytestoip", 0x6fa90725, 40, &[0x00, 0x80]),
    F::new("IPint.cmp", 0x79774f9e, 40, &[0x00, 0xc0]),
    F::new("IPint.copy", 0x491fbd11, 40, &[0x00, 0x80]),
    F::new("IPint.div", 0x4672bf61, 40, &[0x00, 0xc0]),
    F::new("IPint.eq", 0x79774f9e, 40, &[0x00, 0xc0]),
    F::new("IPint.expmod", 0xe6105024, 48, &[0x00, 0xe0]),
    F::new("IPint.inttoip", 0x95dc8b6d, 40, &[]),
    F::new("IPint.invert", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.iptob64", 0xfab4eb8a, 40, &[0x00, 0x80]),
    F::new("IPint.iptob64z", 0xfab4eb8a, 40, &[0x00, 0x80]),
    F::new("IPint.iptobebytes", 0xc8e5162d, 40, &[0x00, 0x80]),
    F::new("IPint.iptobytes", 0xc8e5162d, 40, &[0x00, 0x80]),
    F::new("IPint.iptoint", 0xeb4c9bad, 40, &[0x00, 0x80]),
    F::new("IPint.iptostr", 0xf9fdc03d, 40, &[0x00, 0x80]),
    F::new("IPint.mod", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.mul", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.neg", 0x491fbd11, 40, &[0x00, 0x80]),
    F::new("IPint.not", 0x491fbd11, 40, &[0x00, 0x80]),
    F::new("IPint.ori", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.random", 0x95dc8b6d, 40, &[]),
    F::new("IPint.shl", 0xc7b0bc01, 40, &[0x00, 0x80]),
    F::new("IPint.shr", 0xc7b0bc01, 40, &[0x00, 0x80]),
    F::new("IPint.strtoip", 0x12d7a943, 40, &[0x00, 0x80]),
    F::new("IPint.sub", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("IPint.xor", 0xa47c1b24, 40, &[0x00, 0xc0]),
    F::new("genprime", 0x70bcd6f1, 40, &[]),
    F::new("gensafeprime", 0x9a3f0392, 40, &[]),
    F::new("genstrongprime", 0x70bcd6f1, 40, &[]),
    F::new("probably_prime", 0xd67dfdfa, 40, &[0x00, 0x80]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use limbo::source::{HostFiles, SourceLoader};
    use limbo::types::{MemberKind, Type};
    use std::path::PathBuf;

    /// Every function of module `name` declared in `file` as the compiler sees
    /// it: name, signature, frame size and pointer map, sorted by name.
    fn compiled(name: &str, file: &str) -> Vec<(String, u32, u32, Vec<u8>)> {
        let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../module"));
        let mut loader = SourceLoader::new(Box::new(HostFiles), Vec::new(), Some(dir));
        let text = format!("include \"sys.m\"; include \"{file}\";");
        let out = limbo::check_text("t.b", &text, &mut loader);
        assert!(!out.diags.has_errors(), "{}", out.diags.render(&out.files));
        let mut c = out.checked;
        let m = c.module_named(name).expect("module");
        let mut names = Vec::new();
        for member in c.types.module(m).members.clone() {
            match member.kind {
                MemberKind::Fn => names.push(member.name.clone()),
                MemberKind::Type => {
                    if let Type::Adt(a, _) = c.types.get(member.ty) {
                        for (n, _) in &c.types.adt(*a).methods {
                            names.push(format!("{}.{n}", member.name));
                        }
                    }
                }
                _ => {}
            }
        }
        names.sort();
        names
            .into_iter()
            .map(|n| {
                let t = c.member_function_type(m, &n).expect("function");
                let sig = limbo::sign::signature(&mut c.types, t);
                let ft = c.types.fn_type(t).expect("fn type").clone();
                let (mut off, mut words) = (32u32, Vec::new());
                for p in &ft.params {
                    let align = c.types.align(p.ty);
                    off = off.div_ceil(align) * align;
                    if c.types.is_pointer(p.ty) {
                        words.push(off / 4);
                    }
                    off += c.types.size(p.ty);
                }
                let size = off.div_ceil(8) * 8;
                let mut map = vec![0u8; (size / 4).div_ceil(8) as usize];
                for w in words {
                    map[(w / 8) as usize] |= 0x80 >> (w % 8);
                }
                while map.last() == Some(&0) {
                    map.pop();
                }
                (n, sig, size, map)
            })
            .collect()
    }

    fn table(fns: &[NativeFn]) -> Vec<(String, u32, u32, Vec<u8>)> {
        fns.iter()
            .map(|f| {
                (
                    f.name.to_string(),
                    f.sig,
                    f.frame_size,
                    f.frame_map.to_vec(),
                )
            })
            .collect()
    }

    /// The Keyring and IPints functions the original's compiled modules import,
    /// with the signatures their import tables give.
    const STOCK: &[(&str, u32)] = &[
        ("DigestState.copy", 0x491fbd11),
        ("IPint.add", 0xa47c1b24),
        ("IPint.and", 0xa47c1b24),
        ("IPint.b64toip", 0xa803ee03),
        ("IPint.bebytestoip", 0x6fa90725),
        ("IPint.bits", 0xeb4c9bad),
        ("IPint.bytestoip", 0x6fa90725),
        ("IPint.cmp", 0x79774f9e),
        ("IPint.div", 0x4672bf61),
        ("IPint.eq", 0x79774f9e),
        ("IPint.expmod", 0xe6105024),
        ("IPint.inttoip", 0x95dc8b6d),
        ("IPint.invert", 0xa47c1b24),
        ("IPint.iptob64", 0xfab4eb8a),
        ("IPint.iptobebytes", 0xc8e5162d),
        ("IPint.iptobytes", 0xc8e5162d),
        ("IPint.iptoint", 0xeb4c9bad),
        ("IPint.iptostr", 0xf9fdc03d),
        ("IPint.mul", 0xa47c1b24),
        ("IPint.neg", 0x491fbd11),
        ("IPint.not", 0x491fbd11),
        ("IPint.ori", 0xa47c1b24),
        ("IPint.random", 0x70bcd6f1),
        ("IPint.random", 0x95dc8b6d),
        ("IPint.shl", 0xc7b0bc01),
        ("IPint.shr", 0xc7b0bc01),
        ("IPint.strtoip", 0x12d7a943),
        ("IPint.sub", 0xa47c1b24),
        ("IPint.xor", 0xa47c1b24),
        ("RSAsk.decrypt", 0xf3b51b95),
        ("aescbc", 0x0ac616ba),
        ("aessetup", 0x44452583),
        ("auth", 0x09c576bb),
        ("certtoattr", 0xbc65254a),
        ("certtostr", 0xbc65254a),
        ("descbc", 0x0ac616ba),
        ("desecb", 0x0ac616ba),
        ("dessetup", 0x44452583),
        ("dhparams", 0x6abb2418),
        ("genSK", 0xadd8cbd9),
        ("genSKfromPK", 0x5416d1ee),
        ("getbytearray", 0x4e02ce80),
        ("getmsg", 0xd9de1bb7),
        ("getstring", 0x92f10e56),
        ("hmac_sha1", 0xec9ac159),
        ("ideacbc", 0x0ac616ba),
        ("ideaecb", 0x0ac616ba),
        ("ideasetup", 0x44452583),
        ("md4", 0x07656377),
        ("md5", 0x07656377),
        ("pktostr", 0xfb4e61ba),
        ("putbytearray", 0x7cfef557),
        ("puterror", 0xd2526222),
        ("putstring", 0xd2526222),
        ("rc4", 0xd051c505),
        ("rc4setup", 0x6fa90725),
        ("readauthinfo", 0xb2c82015),
        ("sendmsg", 0x7cfef557),
        ("sha1", 0x07656377),
        ("sign", 0xdacb7a7e),
        ("signm", 0xba5bd10f),
        ("sktopk", 0x6f74c7c9),
        ("sktostr", 0xfb4e61ba),
        ("strtocert", 0x2c0ee68a),
        ("strtopk", 0xcc511522),
        ("strtosk", 0xcc511522),
        ("verify", 0x8b5b9f76),
        ("verifym", 0x8b5b9f76),
        ("writeauthinfo", 0x5ba03002),
    ];

    #[test]
    fn the_stock_modules_imports_link() {
        for (name, sig) in STOCK {
            let found = FUNCTIONS
                .iter()
                .chain(IPINTS_FUNCTIONS)
                .any(|f| f.name == *name && f.sig == *sig);
            assert!(found, "{name} {sig:#x}");
        }
    }

    #[test]
    fn the_tables_are_what_the_compiler_makes_of_the_interfaces() {
        assert_eq!(table(FUNCTIONS), compiled("Keyring", "keyring.m"));
        assert_eq!(table(IPINTS_FUNCTIONS), compiled("IPints", "ipints.m"));
    }
}
