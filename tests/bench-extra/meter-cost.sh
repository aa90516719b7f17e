#!/bin/sh
# The cost of meters: host instructions (valgrind's cachegrind, exact on a busy
# machine) of each benchmark in tests/bench run by the interpreter without and
# with `emu -M`, and the ratio. Not part of `cargo test`.
#
# usage: tests/bench-extra/meter-cost.sh [EMU]   (default target/release/emu; build it
# with `cargo build --release -p emu`; run from the repository's root)
set -e
emu=${1:-target/release/emu}
command -v valgrind >/dev/null || { echo "meter-cost: valgrind is needed" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
insts() {
	valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$out/cg" \
		"$emu" "$@" 2>&1 >/dev/null | sed -n 's/.*I *refs: *//p' | tr -d ,
}
printf '%-8s %15s %15s %7s\n' bench off '-M' ratio
for b in fib sieve alloc chan strings spawn; do
	off=$(insts -c0 -r tests/bench /$b.dis)
	on=$(insts -M -c0 -r tests/bench /$b.dis)
	printf '%-8s %15s %15s %7s\n' $b $off $on \
		$(awk "BEGIN { printf \"%.3f\", $on / $off }")
done
