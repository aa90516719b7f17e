#!/bin/bash
# Mixed linking: modules compiled by ours working with the original's shipped objects,
# both ways, on this project's emu. Each line of mixed.cases (an Inferno sh command
# line with one or more words @NAME, the commands under test) runs three times, by the
# shipped sh from / with a copy of TREE's dis, man, lib, module and appl as the root:
#   stock     every object the shipped one;
#   ours-cmd  each @NAME our compilation of its source, all else shipped;
#   ours-lib  every library (the shipped objects below TREE/dis/*/) our compilation
#             where ours compiled its source, the commands shipped.
# A case passes when ours-cmd and ours-lib print what stock prints (stdout and stderr
# together). Our objects come from a compile.sh -a -k DIR run (DIR/obj, and
# DIR/shipped.map to find each shipped object's source). Some shipped objects are
# older than their sources, so a difference is a lead to check, not a verdict.
#
#   lib/limbo/census/mixed.sh [-e EMU] [-f CASES] -c DIR -k OUT TREE
#
# -e EMU runs that emu binary instead of building this project's. Not part of
# `cargo test`: the tree is not in the project.
set -u

emu=
census=
keep=
cases=$(dirname "$0")/mixed.cases
while getopts "e:c:k:f:" opt; do
	case $opt in
	e) emu=$OPTARG ;;
	c) census=$OPTARG ;;
	k) keep=$OPTARG ;;
	f) cases=$OPTARG ;;
	*) echo "usage: mixed.sh [-e EMU] [-f CASES] -c DIR -k OUT TREE" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -ne 1 ] || [ ! -d "$1/dis" ] || [ -z "$census" ] || [ ! -s "$census/shipped.map" ] || [ -z "$keep" ]; then
	echo "usage: mixed.sh [-e EMU] [-f CASES] -c DIR -k OUT TREE (DIR from compile.sh -a -k DIR)" >&2
	exit 2
fi
tree=$(cd "$1" && pwd)
census=$(cd "$census" && pwd)
repo=$(cd "$(dirname "$0")/../../.." && pwd)
if [ -z "$emu" ]; then
	(cd "$repo" && cargo build --release -q -p emu) || exit 1
	emu=$repo/target/release/emu
fi
mkdir -p "$keep" && out=$(cd "$keep" && pwd)

# Our object for a shipped one (its path under the tree), if ours compiled its source.
ours_for() {
	local src
	src=$(awk -v d="$tree/$1" '$2 == d { print $1; exit }' "$census/shipped.map")
	[ -n "$src" ] && [ -s "$census/obj/${src%.b}.dis" ] && echo "$census/obj/${src%.b}.dis"
}

for root in stock ours-lib; do
	if [ ! -d "$out/$root/dis" ]; then
		mkdir -p "$out/$root/tmp"
		(cd "$tree" && cp -rp dis man lib module appl "$out/$root/")
	fi
done
: >"$out/ours-lib.list"
(cd "$tree" && find dis -mindepth 2 -name '*.dis') | while read -r rel; do
	obj=$(ours_for "$rel") || continue
	cp "$obj" "$out/ours-lib/$rel"
	echo "$rel" >>"$out/ours-lib.list"
done
echo "libraries replaced by ours: $(wc -l <"$out/ours-lib.list")"

# Runs one command line in a root; the @ words already replaced.
run() {
	rm -rf "$out/$1/tmp" && mkdir -p "$out/$1/tmp"
	timeout 60 "$emu" -r "$out/$1" /dis/sh.dis -c "$2" </dev/null 2>&1
	echo "exit $?"
}

# a first run of a freshly built emu logs its boot-time build: not a case's output
run stock "echo" >/dev/null
mkdir -p "$out/cases"
pass=0 fail=0 n=0
while read -r line; do
	case $line in '#'* | '') continue ;; esac
	n=$((n + 1))
	plain=$(echo "$line" | sed -E 's/@([a-z0-9]+)/\1/g')
	mine=$line
	for name in $(echo "$line" | grep -oE '@[a-z0-9]+' | sort -u | tr -d @); do
		obj=$(ours_for "dis/$name.dis")
		if [ -z "$obj" ]; then
			echo "case $n: no object of ours for $name" >&2
			continue
		fi
		mkdir -p "$out/stock/dis/ours"
		cp "$obj" "$out/stock/dis/ours/$name.dis"
		mine=$(echo "$mine" | sed -E "s#@$name([^a-z0-9]|\$)#/dis/ours/$name.dis\\1#g")
	done
	run stock "$plain" >"$out/cases/$n.stock"
	run stock "$mine" >"$out/cases/$n.ours-cmd"
	run ours-lib "$plain" >"$out/cases/$n.ours-lib"
	verdict=pass
	for way in ours-cmd ours-lib; do
		if ! cmp -s "$out/cases/$n.stock" "$out/cases/$n.$way"; then
			verdict=fail
			echo "case $n $way differs: $line"
		fi
	done
	if [ $verdict = pass ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done <"$cases"
echo "cases: $n, equal both ways: $pass, differing: $fail (outputs in $out/cases)"
