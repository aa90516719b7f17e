#!/bin/bash
# Runs the original's own compiler, the shipped TREE/dis/limbo.dis, on this project's
# emu over every `.b` under TREE/appl, the way compile.sh runs ours (from the source's
# directory, include folders TREE/module and, under a directory whose mkfile passes
# `-Ilib`, that directory and its `lib`). It prints how many the original compiles and
# rejects, and keeps in DIR:
#   status        "compiled|rejected appl/PATH.b" for every source
#   obj/PATH.dis  the original's object for each compiled source
#   obj/PATH.err  its messages
# The objects are fresh references for compile.sh -r (the shipped TREE/dis are partly
# older than their sources). Not part of `cargo test`: the tree is not in the project.
#
#   lib/limbo/census/original.sh [-j JOBS] [-t SECONDS] [-e EMU] -k DIR TREE
#
# -e EMU runs that emu binary instead of building this project's.
set -u

jobs=2
limit=120
keep=
emu=
while getopts "j:t:k:e:" opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	t) limit=$OPTARG ;;
	k) keep=$OPTARG ;;
	e) emu=$OPTARG ;;
	*) echo "usage: original.sh [-j JOBS] [-t SECONDS] [-e EMU] -k DIR TREE" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -ne 1 ] || [ ! -f "$1/dis/limbo.dis" ] || [ -z "$keep" ]; then
	echo "usage: original.sh [-j JOBS] [-t SECONDS] [-e EMU] -k DIR TREE (TREE/dis/limbo.dis must exist)" >&2
	exit 2
fi
tree=$(cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/../../.." && pwd)
if [ -z "$emu" ]; then
	(cd "$repo" && cargo build --release -q -p emu) || exit 1
	emu=$repo/target/release/emu
fi
mkdir -p "$keep" && out=$(cd "$keep" && pwd)

# The emu's root: a copy of the tree's sources, interfaces and objects, with a folder
# the compiler writes its objects into.
root=$out/root
if [ ! -d "$root/appl" ]; then
	mkdir -p "$root/obj"
	cp -r "$tree/appl" "$tree/module" "$tree/dis" "$root/"
fi

# The include flags of one source directory (a path inside the root).
includes() {
	local d=$1 flags="-I/module"
	while [ "$d" != /appl ] && [ "$d" != / ]; do
		if [ -f "$root$d/mkfile" ] && grep -q -- '-Ilib' "$root$d/mkfile"; then
			flags="$flags -I$d -I$d/lib"
		fi
		d=$(dirname "$d")
	done
	echo "$flags"
}

# Compiles one source (path relative to the tree) with the original and prints
# "STATUS path".
original_one() {
	local rel=$1 dir obj
	dir=/$(dirname "$rel")
	obj=/obj/${rel%.b}.dis
	mkdir -p "$root$(dirname "$obj")" "$out/obj/$(dirname "$rel")"
	rm -f "$root$obj"
	timeout "$limit" "$emu" -r "$root" /dis/sh.dis -c \
		"cd $dir; /dis/limbo.dis $(includes "$dir") -o $obj $(basename "$rel")" \
		>"$out/obj/${rel%.b}.err" 2>&1 </dev/null
	if [ -s "$root$obj" ]; then
		cp "$root$obj" "$out/obj/${rel%.b}.dis"
		echo "compiled $rel"
	else
		echo "rejected $rel"
	fi
}
export -f original_one includes
export root out emu limit

(cd "$tree" && find appl -name '*.b' | sort) >"$out/sources"
xargs -P "$jobs" -I{} bash -c 'original_one "$@"' _ {} <"$out/sources" | sort -k2 >"$out/status"
echo "sources: $(wc -l <"$out/sources")"
for s in compiled rejected; do
	echo "$s: $(grep -c "^$s " "$out/status")"
done
