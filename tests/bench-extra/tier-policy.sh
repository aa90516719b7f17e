#!/bin/sh
# What the JIT tier's policy costs everyday commands: the processor time (user
# and system, the best of three runs) of a script of short commands (`ls`,
# `wc`, `grep`, `cat`: `bufio` and `regex` users) and of the benchmarks fib and
# sieve, interpreted (-c0), compiled at load (-c1) and under the default
# policy, which compiles a module once it runs hot (dis/src/vm/hot.rs). Not
# part of `cargo test`.
#
# usage: tests/bench-extra/tier-policy.sh [EMU]   (default target/release/emu;
# build it with `cargo build --release -p emu`; run from the repository's root)
set -e
emu=${1:-target/release/emu}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir "$out/root"
cat >"$out/script" <<'END'
ls /dis
ls -l /dis/lib
wc /dis/*.dis
grep -l bufio /module/*.m
cat /module/sys.m /module/draw.m
END
# The best of three runs of emu with the arguments given, in seconds.
best() {
	for i in 1 2 3; do
		/usr/bin/time -f '%U %S' -o "$out/t" "$emu" "$@" >/dev/null 2>&1 <"$out/in"
		awk '{ print $1 + $2 }' "$out/t"
	done | sort -n | head -1
}
printf '%-9s %8s %8s %8s\n' run -c0 -c1 default
cp "$out/script" "$out/in"
printf '%-9s' commands
for c in -c0 -c1 ''; do printf ' %8s' "$(best $c -r "$out/root")"; done
echo
: >"$out/in"
for b in fib sieve; do
	printf '%-9s' $b
	for c in -c0 -c1 ''; do printf ' %8s' "$(best $c -r tests/bench /$b.dis)"; done
	echo
done
