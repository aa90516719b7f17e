#!/usr/bin/env bash
# The original's compiler, TREE/dis/limbo.dis, run on our emu over the stock
# single-file commands and libraries (TREE/appl/cmd/*.b and TREE/appl/lib/*.b
# that have a shipped TREE/dis/NAME.dis or TREE/dis/lib/NAME.dis), each compiled
# as the original's mkfiles do (`limbo -I/module -gw`, the source at its own
# path, so the recorded source path is the shipped one), the output compared
# byte for byte with the shipped .dis. Prints one line per source that differs
# or fails, then the counts and the total compile time (wall clock, one emu per
# source, sequential: a benchmark figure, not a test).
#
#   tests/census/stock-limbo.sh TREE [EMU] [MAX]
#
# EMU defaults to target/release/emu; MAX limits the number of sources (all).
# A shipped .dis that differs may be stale (built from an older source): compare
# with the same source compiled by the original's compiler elsewhere to tell.
set -u
tree=${1:?usage: stock-limbo.sh TREE [EMU] [MAX]}
here=$(cd "$(dirname "$0")/../.." && pwd)
emu=${2:-$here/target/release/emu}
max=${3:-100000}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
cp -r "$tree/dis" "$tree/module" "$root/"
mkdir -p "$root/appl/cmd" "$root/appl/lib" "$root/tmp/out"
# Everything that sources include from their own folders (tcl.m, plumbing.m,
# promptstring.b).
cp "$tree"/appl/cmd/*.b "$root/appl/cmd/"
cp "$tree"/appl/lib/*.[bm] "$root/appl/lib/"

list=()
for src in "$tree"/appl/cmd/*.b "$tree"/appl/lib/*.b; do
    name=$(basename "$src" .b)
    case $src in
    */appl/cmd/*) shipped=dis/$name.dis ;;
    *) shipped=dis/lib/$name.dis ;;
    esac
    [ -f "$tree/$shipped" ] || continue
    rel=${src#"$tree"/}
    list+=("$rel $shipped")
    [ "${#list[@]}" -ge "$max" ] && break
done

same=0 differ=0 failed=0
start=$(date +%s.%N)
for entry in "${list[@]}"; do
    read -r rel shipped <<<"$entry"
    out=/tmp/out/$(echo "$rel" | tr / +).dis
    msg=$(timeout 120 "$emu" -r "$root" /dis/limbo.dis -I/module -gw -o "$out" "/$rel" 2>&1)
    if [ ! -s "$root$out" ]; then
        failed=$((failed + 1))
        echo "FAILED $rel: $(head -1 <<<"$msg")"
    elif cmp -s "$root$out" "$tree/$shipped"; then
        same=$((same + 1))
    else
        differ=$((differ + 1))
        echo "differs $rel ($(cmp "$root$out" "$tree/$shipped" 2>&1 | head -1 | sed 's/.*differ: //'))"
    fi
done
end=$(date +%s.%N)
echo "sources ${#list[@]}: identical to the shipped .dis $same, different $differ, no output $failed; compile time $(echo "$end - $start" | bc)s"
