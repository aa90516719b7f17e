#!/bin/sh
# Two emu binaries side by side: the host instructions (valgrind's cachegrind,
# exact on a busy machine) of each benchmark in tests/bench, interpreted (-c0)
# and compiled at load (-c1), and the ratio of the second binary's count to
# the first's. A binary without a compiled tier runs -c1 interpreted. Not part
# of `cargo test`.
#
# usage: tests/bench-extra/against.sh BASE_EMU EMU [BENCH...]
#   (run from the repository's root; the benchmarks default to all but hello;
#   `hello` measures start-up alone)
# To compare with an older commit, build it in a worktree of its own:
#   git worktree add ../base COMMIT && (cd ../base && cargo build --release -p emu)
#   tests/bench-extra/against.sh ../base/target/release/emu target/release/emu
set -e
[ $# -ge 2 ] || { echo "usage: against.sh BASE_EMU EMU [BENCH...]" >&2; exit 2; }
base=$1
new=$2
shift 2
[ $# -gt 0 ] || set -- fib sieve strings chan spawn alloc
command -v valgrind >/dev/null || { echo "against: valgrind is needed" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# insts EMU TIER BENCH: the host instructions of one run; its output is kept
# in $out/EMU-TIER-BENCH so that the two binaries' outputs can be compared.
insts() {
	valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$out/cg" \
		"$1" "-c$2" -r tests/bench "/$3.dis" 2>&1 >"$out/$4" |
		sed -n 's/.*I *refs: *//p' | tr -d ,
}
printf '%-8s %4s %15s %15s %7s\n' bench tier base new ratio
for b in "$@"; do
	for c in 0 1; do
		was=$(insts "$base" $c "$b" base)
		now=$(insts "$new" $c "$b" new)
		cmp -s "$out/base" "$out/new" || echo "against: $b -c$c: the outputs differ" >&2
		printf '%-8s %4s %15s %15s %7s\n' "$b" "-c$c" "$was" "$now" \
			"$(awk "BEGIN { printf \"%.3f\", $now / $was }")"
	done
done
