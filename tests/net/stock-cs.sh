#!/usr/bin/env bash
# The original's connection server ndb/cs on our emu: it publishes its srv
# directory (a wstat of #scs, which used to be refused with "can't
# publish"), binds it before /net, and translates a numeric address as our
# built-in /net/cs does. The stock modules come from an Inferno tree, copied
# into a scratch root for the run.
#
#   tests/net/stock-cs.sh INFERNO [EMU]
set -u
inferno=${1:?usage: stock-cs.sh INFERNO [EMU]}
here=$(cd "$(dirname "$0")/../.." && pwd)
emu=${2:-$here/target/release/emu}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
cp -r "$inferno/dis" "$root/dis"
mkdir -p "$root/tmp" "$root/lib"
cp -r "$inferno/lib/ndb" "$root/lib/ndb"

out=$(timeout 60 "$emu" -r "$root" sh -c '
	ndb/cs
	ls -l /net/cs
	{echo -n tcp!127.0.0.1!564 >[1=0]; cat; echo} <> /net/cs
	{echo -n tcp!*!styx >[1=0]; cat; echo} <> /net/cs
' 2>&1)
echo "$out"
want='/net/tcp/clone 127.0.0.1!564
/net/tcp/clone 6666'
status=0
if grep -q "can't publish" <<<"$out"; then
	echo "ndb/cs could not publish"
	status=1
fi
if ! grep -q '^--rw-rw---- s ' <<<"$out"; then
	echo "ndb/cs's file is not before /net/cs"
	status=1
fi
if [ "$(grep '^/net/tcp/clone' <<<"$out")" != "$want" ]; then
	echo "ndb/cs translated otherwise than expected"
	status=1
fi
[ $status = 0 ] && echo "stock ndb/cs: ok"
exit $status
