#!/bin/bash
# Census of the compiler on a real body of Limbo code: compiles every `.b` under
# TREE/appl of an Inferno source tree with this project's host `limbo`, the way the
# tree's mkfiles do (include folders TREE/module and the source's own directory; under
# a directory whose mkfile passes `-Ilib`, that directory and its `lib` too), and
# prints how many compiled, were rejected, timed out or crashed, and the most frequent
# first error messages. With -a it then compares each compiled module's linkage with
# the shipped TREE/dis/**.dis built from the same source (found through the `source`
# line of the shipped module): exports (name, signature, order), imports (module
# order, names, signatures) and type descriptors (size, pointer map, order; all but
# the module data's, whose layout is the code generator's choice).
# It counts the modules equal in all three, and those equal in exports and imports
# (what linking checks; a frame descriptor follows the code generator's layout), and
# totals the Dis instructions of the compiled modules against the objects compared
# with (the size of the code the generator makes).
# With -r REF (the DIR kept by original.sh) the objects compared are the original
# compiler's own output for the same sources, not the shipped ones, and the census
# also lists the sources whose verdict (compiled or rejected) differs from the
# original's.
#
#   lib/limbo/census/compile.sh [-a] [-n] [-r REF] [-j JOBS] [-t SECONDS] [-k DIR] TREE
#
# -k DIR keeps the outputs (objects, error files, lists) in DIR; otherwise a scratch
# directory is removed at the end. -n does not compile but reuses what an earlier run
# kept in DIR. Not part of `cargo test`: the tree is not in the
# project. Some shipped objects are older than their sources, so an ABI difference is
# a lead to check against the source, not a verdict.
set -u

abi=false
again=false
jobs=2
limit=10
keep=
ref=
while getopts "anr:j:t:k:" opt; do
	case $opt in
	a) abi=true ;;
	n) again=true ;;
	j) jobs=$OPTARG ;;
	t) limit=$OPTARG ;;
	k) keep=$OPTARG ;;
	r) ref=$(cd "$OPTARG" && pwd) || exit 2 ;;
	*) echo "usage: compile.sh [-a] [-n] [-r REF] [-j JOBS] [-t SECONDS] [-k DIR] TREE" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -ne 1 ] || [ ! -d "$1/appl" ]; then
	echo "usage: compile.sh [-a] [-n] [-r REF] [-j JOBS] [-t SECONDS] [-k DIR] TREE (TREE/appl must exist)" >&2
	exit 2
fi
tree=$(cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/../../.." && pwd)

(cd "$repo" && cargo build --release -q -p limbo --bin limbo -p dis --bin disdump) || exit 1
limbo=$repo/target/release/limbo
disdump=$repo/target/release/disdump

if [ -n "$keep" ]; then
	mkdir -p "$keep" && out=$(cd "$keep" && pwd)
else
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out/obj"

# shellcheck source=lib/limbo/census/includes.sh
source "$repo/lib/limbo/census/includes.sh"

# Compiles one source (path relative to TREE) and prints "STATUS path".
compile_one() {
	local rel=$1 src=$tree/$1
	local obj=$out/obj/${rel%.b}.dis
	mkdir -p "$(dirname "$obj")"
	# shellcheck disable=SC2046
	(cd "$(dirname "$src")" && timeout "$limit" "$limbo" $(includes "$(dirname "$src")") \
		-o "$obj" "$(basename "$src")") >/dev/null 2>"${obj%.dis}.err"
	local rc=$?
	local status=compiled
	if [ $rc -eq 124 ]; then
		status=timeout
	elif [ $rc -gt 128 ]; then
		status=crashed
	elif [ $rc -ne 0 ]; then
		status=rejected
	fi
	echo "$status $rel"
}
export -f compile_one includes
export tree out limbo limit

if ! $again; then
	(cd "$tree" && find appl -name '*.b' | sort) >"$out/sources"
	xargs -P "$jobs" -I{} bash -c 'compile_one "$@"' _ {} <"$out/sources" | sort -k2 >"$out/status"
fi

total=$(wc -l <"$out/sources")
echo "sources: $total"
for s in compiled rejected timeout crashed; do
	echo "$s: $(grep -c "^$s " "$out/status")"
done
echo
echo "most frequent first errors (count, message):"
grep '^rejected ' "$out/status" | while read -r _ rel; do
	head -1 "$out/obj/${rel%.b}.err" | sed 's/^[^:]*:[0-9]*: //'
done | sort | uniq -c | sort -rn | head -40

if [ -n "$ref" ]; then
	echo
	echo "verdicts differing from the original's (ours, then the original's):"
	join -1 2 -2 2 -o 0,1.1,2.1 "$out/status" "$ref/status" | awk '$2 != $3'
fi

$abi || exit 0

# The linkage lines of a disassembly, in three files: exports, imports, types.
linkage() {
	local text=$1 base=$2
	grep -P '^\tlink\t' "$text" | sed -E 's/^\tlink\t[^,]*, [^,]*, //' >"$base.exports"
	grep -P '^\t(ext|word)\t@ldt' "$text" | sed -E 's/@ldt\+[0-9]+, //' >"$base.imports"
	grep -P '^\tdesc\t' "$text" | grep -vP '^\tdesc\t\$0,' >"$base.types"
}

# The number of instructions in a disassembly: the lines of its code section.
instructions() {
	awk '/^#[0-9]+$/ { code = 1; next }
		/^\t(entry|desc|var|module)(\t|$)/ { code = 0 }
		code && /^\t/ { n++ }
		END { print n + 0 }' "$1"
}

# The object to compare with for a source: the original compiler's from REF, or the
# shipped one built from the same source.
reference() {
	if [ -n "$ref" ]; then
		[ -s "$ref/obj/${1%.b}.dis" ] && echo "$ref/obj/${1%.b}.dis"
	else
		grep -m1 "^$1 " "$out/shipped.map" | cut -d' ' -f2
	fi
}

echo
mkdir -p "$out/shipped"
if ! [ -s "$out/shipped.map" ]; then
	find "$tree/dis" -name '*.dis' | while read -r dis; do
		"$disdump" "$dis" 2>/dev/null >"$out/shipped/text" || continue
		# the path from appl/ on (some were built in a tree elsewhere: /n/.../appl/...)
		src=$(grep -P '^\tsource\t' "$out/shipped/text" | perl -ne 'print "$1\n" if m#^\tsource\t"(?:.*?/)?(appl/.*)"$#')
		[ -n "$src" ] && echo "$src $dis"
	done | sort >"$out/shipped.map"
fi

equal=0 linkequal=0 unshipped=0
ours_insts=0 theirs_insts=0 larger=0 smaller=0
: >"$out/abi.diff"
: >"$out/instructions"
declare -A differ=([exports]=0 [imports]=0 [types]=0)
while read -r _ rel; do
	shipped=$(reference "$rel")
	if [ -z "$shipped" ]; then
		unshipped=$((unshipped + 1))
		continue
	fi
	"$disdump" "$shipped" >"$out/theirs.s" 2>/dev/null
	"$disdump" "$out/obj/${rel%.b}.dis" >"$out/ours.s" 2>/dev/null
	ours_n=$(instructions "$out/ours.s")
	theirs_n=$(instructions "$out/theirs.s")
	ours_insts=$((ours_insts + ours_n))
	theirs_insts=$((theirs_insts + theirs_n))
	[ "$ours_n" -gt "$theirs_n" ] && larger=$((larger + 1))
	[ "$ours_n" -lt "$theirs_n" ] && smaller=$((smaller + 1))
	echo "$ours_n $theirs_n $rel" >>"$out/instructions"
	linkage "$out/theirs.s" "$out/theirs"
	linkage "$out/ours.s" "$out/ours"
	same=true
	linksame=true
	for part in exports imports types; do
		if ! cmp -s "$out/theirs.$part" "$out/ours.$part"; then
			same=false
			[ $part != types ] && linksame=false
			differ[$part]=$((differ[$part] + 1))
			{
				echo "== $rel $part"
				diff "$out/theirs.$part" "$out/ours.$part" | head -20
			} >>"$out/abi.diff"
		fi
	done
	$same && equal=$((equal + 1))
	$linksame && linkequal=$((linkequal + 1))
done < <(grep '^compiled ' "$out/status")
if [ -n "$ref" ]; then
	echo "ABI against the original compiler's objects:"
else
	echo "ABI against the shipped objects:"
fi
echo "equal: $equal"
echo "exports and imports equal: $linkequal"
echo "no object to compare with: $unshipped"
for part in exports imports types; do
	echo "$part differ: ${differ[$part]}"
done
echo "instructions: ours $ours_insts, theirs $theirs_insts" \
	"($(awk -v a="$ours_insts" -v b="$theirs_insts" 'BEGIN { printf "%.3f", b ? a / b : 0 }')x)"
echo "modules with more instructions than theirs: $larger, fewer: $smaller"
[ -n "$keep" ] && echo "differences: $out/abi.diff; instructions by module (ours, theirs): $out/instructions"
exit 0
