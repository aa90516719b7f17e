//! The Limbo security libraries of `module/security.m` on `emu`
//! (`appl/lib/auth.b`, `ssl.b`, `random.b`): `programs/auth_library.b`,
//! compiled by our compiler, authenticates the two ends of a pipe with
//! `Auth->server` and `Auth->client` and asks `Auth->keyfile` and
//! `Auth->key` what keyspecs name; its transcript is compared with the
//! original's error strings and lookup rules (appl/lib/auth.b there).

mod system;

use system::Root;

#[test]
fn auth_server_client_and_keyspecs() {
    let root = Root::new("auth-library");
    let source = system::project().join("emu/tests/programs/auth_library.b");
    root.compile(&source, "tmp/auth_library.dis");
    let run = root.emu(&["/tmp/auth_library.dis"]);
    assert_eq!(run.err, "");
    assert_eq!(
        run.out,
        "\
init ''
none agreed: client 1 alice, server 1 bob
\tserver reads 'over the line'
any algorithm allowed: client 1 alice, server 1 bob
\tserver reads 'over the line'
algorithm refused: server 0 'unsupported client algorithm: rc4'
stranger: client 0 'pk doesn''t match certificate', server 0 'pk doesn''t match certificate'
no server key: client 0 'remote: no authentication information', server 0 'no server certificate'
key= absolute /tmp/k
key= relative 1
nothing named 1
no file for server 1
first key= wins /a
key read alice
key missing 1
random 16 bytes, some nonzero 1
"
    );
}
