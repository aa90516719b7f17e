#!/bin/sh
# Runs every stock module under TREE/dis as a command (no arguments, standard input empty) on
# emu under the heap checker (emu -H) with TREE as root, and prints one line per
# command with heap-checker findings, then counts: commands run, ended normally,
# failed or broke, stopped at the time limit, and commands with findings.
# Usage: tests/census/heapcheck-stock.sh TREE [EMU] [SECONDS]
# EMU defaults to target/release/emu of this repository, SECONDS (per command) to 5.
set -u
tree=${1:?usage: heapcheck-stock.sh TREE [EMU] [SECONDS]}
here=$(cd "$(dirname "$0")/.." && pwd)
emu=${2:-$here/target/release/emu}
limit=${3:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The root: copies of TREE's dis, lib and module folders (with TREE's appl/,
# emu would compile it into build/dis and show that as /dis instead).
mkdir "$out/root" "$out/root/tmp"
cp -r "$tree/dis" "$tree/lib" "$tree/module" "$out/root/"
tree=$out/root
(cd "$tree" && find dis -name '*.dis' | sed 's|^dis/||; s|\.dis$||' | sort) >"$out/names"
export emu tree limit out
xargs -P 2 -I NAME sh -c '
	f=$(echo NAME | tr / +)
	timeout "$limit" "$emu" -H -r "$tree" /dis/NAME.dis </dev/null >"$out/$f.txt" 2>&1
	echo "$f $?" >>"$out/status"
' <"$out/names"
total=0 normal=0 failed=0 stopped=0 dirty=0
while read -r name rc; do
	total=$((total + 1))
	case $rc in
	0) normal=$((normal + 1)) ;;
	124 | 137) stopped=$((stopped + 1)) ;;
	*) failed=$((failed + 1)) ;;
	esac
	if grep -q '^heapcheck: after' "$out/$name.txt"; then
		dirty=$((dirty + 1))
		echo "$(echo "$name" | tr + /): $(grep -m 3 '^heapcheck: after' "$out/$name.txt" | tr '\n' ' ')"
	fi
done <"$out/status"
echo "commands $total, ended normally $normal, failed or broke $failed, stopped at ${limit}s $stopped, with heap-checker findings $dirty"
