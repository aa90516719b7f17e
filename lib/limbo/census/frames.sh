#!/bin/bash
# Compares frames function by function: for every module a census compiled (the DIR
# that compile.sh -k kept) and the original compiler's object for the same source (the
# REF folder original.sh kept), it lists each function's frame (size and pointer map),
# ours against the original's, and counts the functions whose frames differ.
# A function is known by its start: an export's or the module's entry, or the target
# of a `call`/`spawn` whose frame was made with `frame $D`. The k-th function of ours
# is compared with the k-th of the original's (both compilers emit functions in
# source order); a module whose two lists differ in length is counted apart.
#
#   lib/limbo/census/frames.sh DIR REF
#
# It prints the totals and keeps in DIR/frames.diff one line per differing function:
#   PATH FUNCTION ours SIZE "MAP" theirs SIZE "MAP"
# Not part of `cargo test`: the tree is not in the project.
set -u

if [ $# -ne 2 ] || [ ! -f "$1/status" ] || [ ! -f "$2/status" ]; then
	echo "usage: frames.sh DIR REF (the folders compile.sh -k and original.sh -k kept)" >&2
	exit 2
fi
out=$(cd "$1" && pwd)
ref=$(cd "$2" && pwd)
repo=$(cd "$(dirname "$0")/../../.." && pwd)
(cd "$repo" && cargo build --release -q -p dis --bin disdump) || exit 1
disdump=$repo/target/release/disdump

# One line per function of a disassembly, by start: "PC NAME SIZE MAP".
functions() {
	"$disdump" "$1" 2>/dev/null | awk '
		/^#[0-9]+$/ { code = 1; next }
		/^\t(entry|desc|var|module|link)(\t|$)/ { code = 0 }
		code && /^\t/ {
			split($0, f, "\t")
			op = f[2]; args = f[3]
			if (op == "frame") {
				split(args, a, ", ")
				pending[a[2]] = substr(a[1], 2)
			} else if (op == "call" || op == "spawn") {
				split(args, a, ", ")
				if ((a[1] in pending) && a[2] ~ /^\$/) desc[substr(a[2], 2)] = pending[a[1]]
			}
			pc++
			next
		}
		/^\tentry\t/ {
			sub(/^\tentry\t/, ""); split($0, a, ", ")
			desc[a[1]] = a[2]; name[a[1]] = "(entry)"
		}
		/^\tdesc\t/ {
			sub(/^\tdesc\t\$/, ""); split($0, a, ", ")
			size[a[1]] = a[2]; map[a[1]] = a[3]
		}
		/^\tlink\t/ {
			sub(/^\tlink\t/, ""); split($0, a, ", ")
			if (a[2] >= 0) { desc[a[2]] = a[1]; name[a[2]] = a[4] }
		}
		END {
			for (p in desc) {
				d = desc[p]
				printf "%d %s %s %s\n", p, (p in name) ? name[p] : "pc" p, size[d], map[d]
			}
		}' | sort -n
}

: >"$out/frames.diff"
modules=0 uneven=0 total=0 differing=0 equal_modules=0
while read -r _ rel; do
	theirs=$ref/obj/${rel%.b}.dis
	[ -s "$theirs" ] || continue
	modules=$((modules + 1))
	functions "$out/obj/${rel%.b}.dis" >"$out/frames.ours"
	functions "$theirs" >"$out/frames.theirs"
	if [ "$(wc -l <"$out/frames.ours")" -ne "$(wc -l <"$out/frames.theirs")" ]; then
		uneven=$((uneven + 1))
		continue
	fi
	n=$(wc -l <"$out/frames.ours")
	d=$(paste -d' ' "$out/frames.ours" "$out/frames.theirs" |
		awk -v rel="$rel" '$3 != $7 || $4 != $8 {
			printf "%s %s ours %s %s theirs %s %s\n", rel, $2, $3, $4, $7, $8; n++
		} END { exit n > 255 ? 255 : n }' >>"$out/frames.diff"; echo $?)
	total=$((total + n))
	differing=$((differing + d))
	[ "$d" -eq 0 ] && equal_modules=$((equal_modules + 1))
done < <(grep '^compiled ' "$out/status")
rm -f "$out/frames.ours" "$out/frames.theirs"

echo "modules compared: $modules ($uneven with a different number of functions found)"
echo "modules with every frame equal: $equal_modules"
echo "functions compared: $total, frames differing: $((differing))"
echo "differences: $out/frames.diff"
