#!/usr/bin/env bash
# The original's DNS resolver ndb/dns on our emu: it serves /net/dns and
# asks, over #I's UDP in headers mode, the resolver named by dns= in
# lib/ndb/local, here a stand-in on 127.0.0.1:53 (python3; binding port 53
# needs root) that answers every A query with 10.1.2.3; the stock ndb/cs,
# started after it, translates a host name through it. The root servers'
# database (lib/ndb/dns) is left out so that the stand-in is asked first.
#
#   tests/net/stock-dns.sh INFERNO [EMU]
set -u
inferno=${1:?usage: stock-dns.sh INFERNO [EMU]}
here=$(cd "$(dirname "$0")/../.." && pwd)
emu=${2:-$here/target/release/emu}
root=$(mktemp -d)
resolver=
trap '[ -n "$resolver" ] && kill "$resolver" 2>/dev/null; rm -rf "$root"' EXIT
cp -r "$inferno/dis" "$root/dis"
mkdir -p "$root/tmp" "$root/lib"
cp -r "$inferno/lib/ndb" "$root/lib/ndb"
sed -i -e 's/^\t#dns=1.2.3.4.*/\tdns=127.0.0.1/' -e '/file=\/lib\/ndb\/dns$/d' "$root/lib/ndb/local"

timeout 60 python3 -c '
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
while True:
    q, addr = s.recvfrom(512)
    i = 12
    while q[i] != 0:
        i += 1 + q[i]
    header = q[:2] + struct.pack(">HHHHH", 0x8180, 1, 1, 0, 0)
    answer = struct.pack(">HHHIH", 0xC00C, 1, 1, 60, 4) + bytes([10, 1, 2, 3])
    s.sendto(header + q[12:i + 5] + answer, addr)
' &
resolver=$!
sleep 1

out=$(timeout 60 "$emu" -r "$root" sh -c '
	ndb/dns
	ndb/cs
	ls -l /net/dns
	{echo -n www.example.com ip >[1=0]; cat; echo} <> /net/dns
	{echo -n tcp!www.example.com!80 >[1=0]; cat; echo} <> /net/cs
' 2>&1)
echo "$out"
status=0
for want in 'www.example.com ip	10.1.2.3' '/net/tcp/clone 10.1.2.3!80'; do
	if ! grep -qF "$want" <<<"$out"; then
		echo "missing: $want"
		status=1
	fi
done
[ $status = 0 ] && echo "stock ndb/dns: ok"
exit $status
