#!/usr/bin/env bash
# Two emus authenticate each other through $Keyring over a loopback TCP
# connection and one mounts the other's name space: the original's styxlisten
# exports / with the Authinfo of alice (offering every algorithm #D lists),
# the original's mount dials it with bob's (certified by the same signer, made
# by mkkeys.b here) and reads a file through the mount, with no record layer
# (-C none) and then with #D pushed on both ends, digesting and encrypting
# (-C sha1/rc4_256 and others): a 2 MB file must arrive whole. eve, certified
# by another signer, must be refused. Last, a proxy that changes one byte of
# alice's encrypted stream stands between them: bob's read must fail.
#
#   tests/keyring/two-emus.sh INFERNO [EMU] [PORT]
set -u
inferno=${1:?usage: two-emus.sh INFERNO [EMU] [PORT]}
here=$(cd "$(dirname "$0")/../.." && pwd)
emu=${2:-$here/target/release/emu}
port=${3:-18765}
proxyport=$((port + 1))
root=$(mktemp -d)
server=
proxy=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; [ -n "$proxy" ] && kill "$proxy" 2>/dev/null; rm -rf "$root"' EXIT
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
head -c 2000000 /dev/urandom > "$root/tmp/bulk"
want=$(md5sum < "$root/tmp/bulk" | cut -d' ' -f1)

timeout 120 "$emu" -r "$root" styxlisten -k /tmp/alice.key "tcp!*!$port" export / >/dev/null 2>&1 &
server=$!
sleep 2
status=0
expect() { # what, got, want
    if [ "$2" != "$3" ]; then
        echo "$1: $2, expected $3"
        status=1
    fi
}

for user in bob eve; do
    echo "== $user mounts alice's name space"
    out=$(timeout 30 "$emu" -r "$root" sh -c "mount -C none -k /tmp/$user.key tcp!127.0.0.1!$port /n/remote; cat /n/remote/tmp/marker" 2>&1)
    echo "$out"
    if grep -q "a file on alice's side" <<<"$out"; then got=read; else got=refused; fi
    if [ $user = bob ]; then expect $user $got read; else expect $user $got refused; fi
done

for alg in sha1/rc4_256 md5/rc4_128 sha1/des_56_cbc md5/ideacbc sha1 rc4_40; do
    echo "== bob mounts with -C $alg"
    out=$(timeout 60 "$emu" -r "$root" sh -c "mount -C $alg -k /tmp/bob.key tcp!127.0.0.1!$port /n/remote; cat /n/remote/tmp/marker; cp /n/remote/tmp/bulk /tmp/bulk.$$; md5sum /tmp/bulk.$$" 2>&1)
    rm -f "$root/tmp/bulk.$$"
    echo "$out"
    grep -q "a file on alice's side" <<<"$out" && got=read || got=failed
    expect "marker with $alg" $got read
    grep -q "^$want" <<<"$out" && got=whole || got=damaged
    expect "2 MB file with $alg" $got whole
done

# The proxy passes bob's bytes on and alice's too, except that it flips a bit
# in the millionth byte coming from alice (deep in the file's records).
python3 - "$proxyport" "$port" > "$root/proxy.out" <<'PY' &
import socket, sys, threading
listen, target = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", listen))
s.listen(1)
s.settimeout(60)
c, _ = s.accept()
c.settimeout(60)
u = socket.create_connection(("127.0.0.1", target), timeout=60)
clear = False
def pump(src, dst, flip_at):
    global clear
    seen, tail = 0, b""
    try:
        while True:
            b = bytearray(src.recv(65536))
            if not b:
                break
            if b"a file on alice's side" in tail + b:
                clear = True
            tail = bytes(b[-64:])
            if seen <= flip_at < seen + len(b):
                b[flip_at - seen] ^= 1
            seen += len(b)
            dst.sendall(b)
    except OSError:
        pass
    for x in (src, dst):
        try:
            x.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
t = threading.Thread(target=pump, args=(c, u, -1))
t.start()
pump(u, c, 1000000)
t.join()
print("proxy: the marker crossed in the clear" if clear else "proxy: no clear text seen")
PY
proxy=$!
sleep 1
# (the proxy's verdict on clear text comes on standard output when it ends)
echo "== bob mounts with -C sha1/rc4_256 through a proxy that changes a byte"
out=$(timeout 60 "$emu" -r "$root" sh -c "mount -C sha1/rc4_256 -k /tmp/bob.key tcp!127.0.0.1!$proxyport /n/remote; cat /n/remote/tmp/marker; cp /n/remote/tmp/bulk /tmp/bulk.$$; md5sum /tmp/bulk.$$" 2>&1)
rm -f "$root/tmp/bulk.$$"
echo "$out"
grep -q "a file on alice's side" <<<"$out" && got=read || got=failed
expect "marker through the proxy" $got read
grep -q "^$want" <<<"$out" && got=whole || got=refused
expect "2 MB file through the proxy" $got refused
wait "$proxy"
proxy=
cat "$root/proxy.out"
grep -q "no clear text seen" "$root/proxy.out" && got=hidden || got=seen
expect "the marker's text on the wire" $got hidden

[ $status = 0 ] && echo "two-emu authentication: ok"
exit $status
