#!/usr/bin/env bash
# Our authentication against the original's, between two emus on the
# loopback: the original's styxlisten (in a root holding the stock /dis)
# serves with alice's key and our mount (in a root without /dis, so the
# project's own) reads through it with bob's; then our styxlisten serves
# and the original's mount reads; eve, certified by another signer, is
# refused both times. Keys are made by tests/keyring/mkkeys.b.
#
#   tests/net/auth-interop.sh INFERNO [EMU] [PORT]
set -u
inferno=${1:?usage: auth-interop.sh INFERNO [EMU] [PORT]}
here=$(cd "$(dirname "$0")/../.." && pwd)
emu=${2:-$here/target/release/emu}
port=${3:-18766}
stock=$(mktemp -d)
ours=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$stock" "$ours"' EXIT
cp -r "$inferno/dis" "$stock/dis"
mkdir -p "$stock/tmp" "$stock/n/remote" "$ours/tmp/remote"

"$emu" -r "$here" limbo -o /tmp/auth-interop-mkkeys.dis /tests/keyring/mkkeys.b >/dev/null 2>&1
mv "$here/tmp/auth-interop-mkkeys.dis" "$ours/tmp/mkkeys.dis" || exit 1
"$emu" -r "$ours" /tmp/mkkeys.dis alice bob
mv "$ours/tmp/bob.key" "$ours/tmp/bob.keep"
"$emu" -r "$ours" /tmp/mkkeys.dis eve
mv "$ours/tmp/bob.keep" "$ours/tmp/bob.key"
cp "$ours"/tmp/*.key "$stock/tmp/"
echo "a file on the server's side" > "$stock/tmp/marker"
echo "a file on the server's side" > "$ours/tmp/marker"

status=0
# serve SERVER_ROOT CLIENT_ROOT MOUNTPOINT: the server's styxlisten with
# alice's key, the client's mount with bob's and then eve's. (-a none: the
# original's styxlisten does not authenticate at all when it finds no #D and
# is given no algorithm.)
serve() {
    timeout 60 "$emu" -r "$1" styxlisten -a none -k /tmp/alice.key "tcp!127.0.0.1!$port" export /tmp >/dev/null 2>&1 &
    server=$!
    sleep 2
    for user in bob eve; do
        out=$(timeout 30 "$emu" -r "$2" sh -c "mount -k /tmp/$user.key tcp!127.0.0.1!$port $3; cat $3/marker" 2>&1)
        echo "$user: $out"
        if grep -q "a file on the server's side" <<<"$out"; then got=read; else got=refused; fi
        if [ $user = bob ]; then want=read; else want=refused; fi
        if [ $got != $want ]; then
            echo "$user: $got, expected $want"
            status=1
        fi
    done
    kill $server 2>/dev/null
    wait $server 2>/dev/null
    server=
    port=$((port + 1))
}
echo "== the original's styxlisten, our mount"
serve "$stock" "$ours" /tmp/remote
echo "== our styxlisten, the original's mount"
serve "$ours" "$stock" /n/remote
[ $status = 0 ] && echo "authentication with the original: ok"
exit $status
