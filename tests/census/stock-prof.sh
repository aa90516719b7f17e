#!/usr/bin/env bash
# The original's prof(1) and mprof(1) (TREE/dis/prof.dis, mprof.dis, with
# its Profile and Debug libraries) over our kernel's #P: in a root of
# TREE's dis, lib and module, the stock limbo compiles a small program
# with -g, and the stock prof and mprof profile it. Prints what they print;
# a line showing a fault of our VM (`not implemented`, `link typecheck`,
# a Rust panic) or an empty profile makes the status 1.
#
#   tests/census/stock-prof.sh TREE [EMU]
#
# EMU defaults to target/release/emu.
set -u
tree=${1:?usage: stock-prof.sh TREE [EMU]}
here=$(cd "$(dirname "$0")/../.." && pwd)
emu=${2:-$here/target/release/emu}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/root/tmp"
cp -r "$tree/dis" "$tree/lib" "$tree/module" "$out/root/"
cat >"$out/root/tmp/hot.b" <<'LIMBO'
implement Hot;
include "sys.m";
	sys: Sys;
include "draw.m";
Hot: module
{
	init:	fn(nil: ref Draw->Context, argv: list of string);
};
kept: list of array of byte;
init(nil: ref Draw->Context, nil: list of string)
{
	sys = load Sys Sys->PATH;
	t0 := sys->millisec();
	x := 0;
	while(sys->millisec() - t0 < 500)
		x = hot(x);
	for(i := 0; i < 10; i++)
		kept = array[1000] of byte :: kept;
}
hot(x: int): int
{
	for(i := 0; i < 2000; i++)
		x = (x * 7 + i) % 1000003;
	return x;
}
LIMBO
timeout 120 "$emu" -r "$out/root" sh -c 'cd /tmp; limbo -g hot.b;
	echo -- prof -e -f -l -s 5 /tmp/hot; prof -e -f -l -s 5 /tmp/hot;
	echo -- mprof -e /tmp/hot; mprof -e /tmp/hot' >"$out/got" 2>&1
cat "$out/got"
if grep -qE 'not implemented|link typecheck|illegal dis instruction|panicked' "$out/got" ||
    ! grep -q 'hot()' "$out/got" || ! grep -q '^Module totals' "$out/got"; then
    echo "stock prof/mprof: FAILED"
    exit 1
fi
echo "stock prof/mprof: ran"
