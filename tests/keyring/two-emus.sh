#!/usr/bin/env bash
# Two emus authenticate each other through $Keyring over a loopback TCP
# connection and one mounts the other's name space: the original's styxlisten
# exports / with the Authinfo of alice, the original's mount dials it with bob's
# (certified by the same signer, made by mkkeys.b here) and reads a file through
# the mount; then eve, certified by another signer, must be refused.
#
#   tests/keyring/two-emus.sh INFERNO [EMU] [PORT]
set -u
inferno=${1:?usage: two-emus.sh INFERNO [EMU] [PORT]}
here=$(cd "$(dirname "$0")/../.." && pwd)
emu=${2:-$here/target/release/emu}
port=${3:-18765}
root=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$root"' EXIT
cp -r "$inferno/dis" "$root/dis"
mkdir -p "$root/tmp" "$root/n/remote"

# Compile mkkeys.b with our compiler (in the project tree) and make the keys.
"$emu" -r "$here" limbo -o /tmp/keyring-mkkeys.dis /tests/keyring/mkkeys.b >/dev/null 2>&1
mv "$here/tmp/keyring-mkkeys.dis" "$root/dis/mkkeys.dis" || exit 1
"$emu" -r "$root" mkkeys alice bob
mv "$root/tmp/bob.key" "$root/tmp/bob.keep"
"$emu" -r "$root" mkkeys eve
mv "$root/tmp/bob.keep" "$root/tmp/bob.key"
echo "a file on alice's side" > "$root/tmp/marker"

timeout 60 "$emu" -r "$root" styxlisten -a none -k /tmp/alice.key "tcp!*!$port" export / >/dev/null 2>&1 &
server=$!
sleep 2
status=0
for user in bob eve; do
    echo "== $user mounts alice's name space"
    out=$(timeout 30 "$emu" -r "$root" sh -c "mount -C none -k /tmp/$user.key tcp!127.0.0.1!$port /n/remote; cat /n/remote/tmp/marker" 2>&1)
    echo "$out"
    if grep -q "a file on alice's side" <<<"$out"; then got=read; else got=refused; fi
    if [ $user = bob ]; then want=read; else want=refused; fi
    if [ $got != $want ]; then
        echo "$user: $got, expected $want"
        status=1
    fi
done
[ $status = 0 ] && echo "two-emu authentication: ok"
exit $status
