#!/bin/bash
# Compile time of the host `limbo` on a real body of Limbo code: compiles every `.b`
# under TREE/appl the way compile.sh does (from the source's directory, with the same
# include folders), with ours and, if REFCOMPILER is given, with that compiler too (the
# original's host limbo built from its C sources), and prints the total user+system
# CPU seconds of each, their ratio, how many files took ours over 0.5 s and the slowest
# files of ours. Rejected sources count too: their time is spent all the same.
#
#   lib/limbo/census/time.sh [-j JOBS] [-n ROUNDS] [-t SECONDS] [-s SLOWEST] [-k DIR] TREE [REFCOMPILER]
#
# -n ROUNDS compiles each file that many times with each compiler and keeps its
# fastest time (less noise from other work on the machine; default 1). -j JOBS runs
# that many files at once (default 1: CPU time is per process, but caches and memory
# bandwidth are shared). -t SECONDS stops a compilation after that long (default 10):
# its time is then marked `!` in the table and counted as timed out. -k DIR keeps the table of times (DIR/times: seconds of ours,
# seconds of the reference or -, source) and the objects. Not part of `cargo test`:
# the tree is not in the project.
set -u

jobs=1
rounds=1
limit=10
slowest=10
keep=
while getopts "j:n:t:s:k:" opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	n) rounds=$OPTARG ;;
	t) limit=$OPTARG ;;
	s) slowest=$OPTARG ;;
	k) keep=$OPTARG ;;
	*) echo "usage: time.sh [-j JOBS] [-n ROUNDS] [-t SECONDS] [-s SLOWEST] [-k DIR] TREE [REFCOMPILER]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -d "$1/appl" ]; then
	echo "usage: time.sh [-j JOBS] [-n ROUNDS] [-t SECONDS] [-s SLOWEST] [-k DIR] TREE [REFCOMPILER] (TREE/appl must exist)" >&2
	exit 2
fi
tree=$(cd "$1" && pwd)
refcc=
if [ $# -eq 2 ]; then
	refcc=$(command -v "$2") || { echo "time.sh: no compiler $2" >&2; exit 2; }
	refcc=$(cd "$(dirname "$refcc")" && pwd)/$(basename "$refcc")
fi
repo=$(cd "$(dirname "$0")/../../.." && pwd)

(cd "$repo" && cargo build --release -q -p limbo --bin limbo) || exit 1
limbo=$repo/target/release/limbo

if [ -n "$keep" ]; then
	mkdir -p "$keep" && out=$(cd "$keep" && pwd)
else
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi

# shellcheck source=lib/limbo/census/includes.sh
source "$repo/lib/limbo/census/includes.sh"

# The fastest user+system seconds of `rounds` compilations of one source (path
# relative to TREE) by one compiler, its object written below DIR.
time_one() {
	local compiler=$1 dir=$2 rel=$3 src=$tree/$3 best= t
	local obj=$dir/${rel%.b}.dis
	mkdir -p "$(dirname "$obj")"
	local flags
	flags=$(includes "$(dirname "$src")")
	cd "$(dirname "$src")" || return
	for ((i = 0; i < rounds; i++)); do
		# shellcheck disable=SC2086
		t=$({
			TIMEFORMAT='%3U %3S'
			time timeout "$limit" "$compiler" $flags -o "$obj" "$(basename "$src")" >/dev/null 2>&1
			[ $? -eq 124 ] && echo '!'
		} 2>&1 | awk '/^!$/ { mark = "!"; next } { t = $1 + $2 } END { printf "%.3f%s", t, mark }')
		if [ -z "$best" ] || awk -v a="${t%!}" -v b="${best%!}" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	echo "$best"
}

# One line of the table: "OURS REF path" (REF "-" without a reference compiler).
time_both() {
	local ours ref=-
	ours=$(time_one "$limbo" "$out/ours" "$1")
	[ -n "$refcc" ] && ref=$(time_one "$refcc" "$out/ref" "$1")
	echo "$ours $ref $1"
}
export -f time_one time_both includes
export tree out limbo refcc rounds limit

(cd "$tree" && find appl -name '*.b' | sort) |
	xargs -P "$jobs" -I{} bash -c 'time_both "$@"' _ {} | sort -k3 >"$out/times"

echo "sources: $(wc -l <"$out/times"); rounds: $rounds; jobs: $jobs; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v ref="$refcc" '
	{
		ours += $1; if ($1 > 0.5) over++; if ($1 ~ /!$/) ourslate++
		if ($2 != "-") theirs += $2; if ($2 ~ /!$/) theirslate++
	}
	END {
		printf "ours: %.2f s user+system\n", ours
		if (ref != "") {
			printf "reference (%s): %.2f s user+system\n", ref, theirs
			printf "ratio ours/reference: %.2f\n", theirs ? ours / theirs : 0
		}
		printf "files over 0.5 s (ours): %d\n", over
		printf "timed out: ours %d, reference %d\n", ourslate, theirslate
	}' "$out/times"
echo "slowest files of ours (seconds ours, reference):"
sort -k1,1 -rn "$out/times" | head -"$slowest" | awk '{ printf "  %6.3f %6s  %s\n", $1, $2, $3 }'
exit 0
