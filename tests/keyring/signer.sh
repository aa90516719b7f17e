#!/usr/bin/env bash
# The original's whole key-distribution flow on our emu, then two emus that
# authenticate each other with the keys it made. A signer emu (a root holding
# the stock /dis) makes its key with auth/createsignerkey, serves /mnt/keys
# with auth/keyfs, sets alice's and bob's passwords with auth/changelogin and
# runs auth/logind behind `listen`; the stock getauthinfo in two other emus
# obtains alice's and bob's certificates from it over loopback TCP (a wrong
# password must be refused). Then the stock styxlisten serves with alice's
# key and the stock mount reads through it with bob's, with no record layer
# and with #D digesting and encrypting; then the same keys between our own
# styxlisten and mount (a root without /dis, so the project's) and the
# original's, both ways, encrypted. Interactive prompts are answered by
# signer-driver.py as they appear.
#
#   tests/keyring/signer.sh INFERNO [EMU] [PORT]
#
# PORT is the login service's (the roots' lib/ndb/services map inflogin to it)
# and PORT+1 to PORT+3 the file services'.
set -u
inferno=${1:?usage: signer.sh INFERNO [EMU] [PORT]}
here=$(cd "$(dirname "$0")/../.." && pwd)
emu=${2:-$here/target/release/emu}
port=${3:-18775}
fsport=$((port + 1))
oursport=$((port + 2))
theirport=$((port + 3))
driver="$here/tests/keyring/signer-driver.py"
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
for r in signer alice bob; do
    mkdir -p "$work/$r/tmp" "$work/$r/lib/ndb" "$work/$r/n/remote"
    cp -r "$inferno/dis" "$work/$r/dis"
    printf 'inflogin\t%d/tcp\n' "$port" >"$work/$r/lib/ndb/services"
done
mkdir -p "$work/signer/keydb" "$work/signer/mnt/keys"
: >"$work/signer/keydb/keys"
printf 'the key file password' >"$work/signer/keydb/nvram"
echo "a file on alice's side" >"$work/alice/tmp/marker"
head -c 1000000 /dev/urandom >"$work/alice/tmp/bulk"
want=$(md5sum <"$work/alice/tmp/bulk" | cut -d' ' -f1)

status=0
expect() { # what, got, want
    if [ "$2" != "$3" ]; then
        echo "$1: $2, expected $3"
        status=1
    fi
}

echo "== auth/createsignerkey"
timeout 300 "$emu" -r "$work/signer" auth/createsignerkey signer.example
[ -s "$work/signer/keydb/signerkey" ] && got=made || got=missing
expect "/keydb/signerkey" $got made

echo "== the signer: auth/keyfs, auth/changelogin alice and bob, auth/logind"
mkfifo "$work/signer.ready"
python3 "$driver" --ready "$work/signer.ready" listening \
    "secret: " "alice's password" "confirm: " "alice's password" "expires" "" \
    "secret: " "bob's password" "confirm: " "bob's password" "expires" "permanent" \
    -- timeout 600 "$emu" -r "$work/signer" sh -c "
    auth/keyfs -n /keydb/nvram
    auth/changelogin alice
    auth/changelogin bob
    ls -l /mnt/keys
    listen -v -t -A -i {echo listening} 'tcp!127.0.0.1!$port' {auth/logind&}
    pause" >"$work/signer.out" 2>&1 &
pids+=($!)
if ! timeout 120 cat "$work/signer.ready" >/dev/null; then
    echo "the signer did not start:"
    cat "$work/signer.out"
    exit 1
fi
cat "$work/signer.out"
grep -q '/mnt/keys/alice' "$work/signer.out" && got=listed || got=absent
expect "alice in keyfs" $got listed

for user in alice bob; do
    echo "== auth/getauthinfo for $user"
    timeout 300 python3 "$driver" --fail "failed to authenticate" \
        "use signer" 127.0.0.1 "remote user name" "$user" "password: " "$user's password" "save in file" yes -- \
        "$emu" -r "$work/$user" getauthinfo /tmp/$user.key
    [ -s "$work/$user/tmp/$user.key" ] && got=saved || got=missing
    expect "$user's key" $got saved
done
echo "== auth/getauthinfo with a wrong password"
timeout 300 python3 "$driver" --fail "failed to authenticate" \
    "use signer" 127.0.0.1 "remote user name" alice "password: " "not alice's password" "save in file" yes -- \
    "$emu" -r "$work/bob" getauthinfo /tmp/wrong.key
[ -s "$work/bob/tmp/wrong.key" ] && got=saved || got=refused
expect "a wrong password" $got refused

echo "== alice's styxlisten, bob's mount"
timeout 300 "$emu" -r "$work/alice" styxlisten -k /tmp/alice.key "tcp!127.0.0.1!$fsport" export / >"$work/styxlisten.out" 2>&1 &
pids+=($!)
sleep 2
for alg in none sha1/rc4_256 md5/des_56_cbc; do
    out=$(timeout 120 "$emu" -r "$work/bob" sh -c "mount -C $alg -k /tmp/bob.key tcp!127.0.0.1!$fsport /n/remote; cat /n/remote/tmp/marker; cp /n/remote/tmp/bulk /tmp/bulk; md5sum /tmp/bulk" 2>&1)
    echo "-C $alg: $out"
    grep -q "a file on alice's side" <<<"$out" && got=read || got=failed
    expect "the marker with -C $alg" $got read
    grep -q "^$want" <<<"$out" && got=whole || got=damaged
    expect "1 MB file with -C $alg" $got whole
done
kill "${pids[-1]}" 2>/dev/null

# Our commands with the same keys: a root of our own (no dis/).
ours="$work/ours"
mkdir -p "$ours/tmp/remote"
cp "$work/alice/tmp/alice.key" "$work/bob/tmp/bob.key" "$work/alice/tmp/marker" "$ours/tmp/"
echo "== the original's styxlisten, our mount -C sha1/rc4_256"
timeout 300 "$emu" -r "$work/alice" styxlisten -k /tmp/alice.key "tcp!127.0.0.1!$oursport" export / >/dev/null 2>&1 &
pids+=($!)
sleep 2
out=$(timeout 120 "$emu" -r "$ours" sh -c "mount -C sha1/rc4_256 -k /tmp/bob.key tcp!127.0.0.1!$oursport /tmp/remote; cat /tmp/remote/tmp/marker; cp /tmp/remote/tmp/bulk /tmp/bulk; md5sum /tmp/bulk" 2>&1)
echo "$out"
grep -q "^$want" <<<"$out" && got=whole || got=damaged
expect "our mount of the original's styxlisten" $got whole
kill "${pids[-1]}" 2>/dev/null
echo "== our styxlisten, the original's mount -C md5/rc4_128"
cp "$work/alice/tmp/bulk" "$ours/tmp/bulk"
timeout 300 "$emu" -r "$ours" styxlisten -k /tmp/alice.key "tcp!127.0.0.1!$theirport" export / >/dev/null 2>&1 &
pids+=($!)
sleep 2
out=$(timeout 120 "$emu" -r "$work/bob" sh -c "mount -C md5/rc4_128 -k /tmp/bob.key tcp!127.0.0.1!$theirport /n/remote; cat /n/remote/tmp/marker; cp /n/remote/tmp/bulk /tmp/bulk; md5sum /tmp/bulk" 2>&1)
echo "$out"
grep -q "^$want" <<<"$out" && got=whole || got=damaged
expect "the original's mount of our styxlisten" $got whole

[ $status = 0 ] && echo "keys from the stock signer: ok"
exit $status
