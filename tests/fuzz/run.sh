#!/bin/sh
# Runs every fuzz target of the project for a bounded time each (not part of
# `cargo test`): whole-program execution of mutated modules (dis: exec), the
# object reader (dis: read), shell input (shell: input) and the compiler on
# mutated real sources (lib/limbo: compile).
#
#   tests/fuzz/run.sh [SECONDS] [TESTDATA]
#
# SECONDS (default 60) is each target's time; TESTDATA (default the project's
# tests/conformance) holds the .dis files that seed the module targets; the
# compiler is seeded with appl/**/*.b and the shell with the system tests'
# scripts (tests/system/*/*.sh). Needs the nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz`). Corpora and crashes stay in each crate's
# fuzz/corpus and fuzz/artifacts (ignored by git).
# Exits non-zero if any target found a failure.
set -u
secs=${1:-60}
repo=$(cd "$(dirname "$0")/../.." && pwd)
testdata=${2:-$repo/tests/conformance}
status=0

# seed DIR FILES...: copies the seed files into corpus folder DIR.
seed() {
	dir=$1
	shift
	mkdir -p "$dir"
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr / _)"
	done
	return 0
}

# run CRATE TARGET: fuzzes one target for $secs seconds.
run() {
	echo "== $1: $2 for $secs s"
	(cd "$repo/$1" && cargo +nightly fuzz run "$2" -- -max_total_time="$secs" \
		-rss_limit_mb=2048 -timeout=20) || status=1
}

seed "$repo/dis/fuzz/corpus/exec" "$testdata"/*.dis
seed "$repo/dis/fuzz/corpus/read" "$testdata"/*.dis
seed "$repo/shell/fuzz/corpus/input" "$repo"/tests/system/*/*.sh
seed "$repo/lib/limbo/fuzz/corpus/compile" $(find "$repo/appl" -name '*.b')

run dis exec
run dis read
run shell input
run lib/limbo compile
exit $status
