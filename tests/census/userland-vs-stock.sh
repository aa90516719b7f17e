#!/usr/bin/env bash
# The userland census of issue 16: every command line of userland.cases (beside
# this script) runs twice on our emu, once over our own userland (a scratch root
# with no dis/, so emu serves /dis and /module from this checkout's build, as
# compiled at boot from appl/) and once over the original's (a scratch root
# holding TREE's dis, lib and module). Both roots get the same input files under
# /f, copied with their times so `ls -l` agrees. Standard output, standard error
# and the shell's $status after the line are compared byte for byte; each
# difference is shown, then the counts.
#
#   tests/census/userland-vs-stock.sh TREE [EMU] [CASES]
#
# EMU defaults to target/release/emu, CASES to userland.cases beside this script.
# A case is one line of the shell's syntax, run as `sh -c LINE` from /; its
# $status is written by the shell (our sh, the same in both roots) to /status
# afterwards. The shell is emu's own in both runs, so only the commands differ.
# What legitimately differs between two runs (the time now, process numbers,
# times of files made during the run) is left out of the cases, or masked inside
# the case line by a filter that both userlands run (`tr 0-9 N`); the cases file
# says so where it does.
set -u
tree=${1:?usage: userland-vs-stock.sh TREE [EMU] [CASES]}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
emu=${2:-$top/target/release/emu}
cases=${3:-$here/userland.cases}
limit=20
out=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] && echo "kept $out" || rm -rf "$out"' EXIT

# The input files, made once and copied (with their times) into both roots.
f=$out/files
mkdir -p "$f/dir/sub"
printf 'one two\tthree\nfour  five\n\tsix\nseven eight nine ten\n' >"$f/text"
printf 'pear\napple\nfig\napple\nbanana\nApple\ncherry\ncherry\ncherry\n' >"$f/fruit"
printf '10\n9\n100\n-3\n2.5\n9\n0\n1e2\n' >"$f/nums"
printf 'b 2 x\na 10 y\nc 1 z\na 3 w\n' >"$f/cols"
printf 'héllo wörld\nΑλφα βήτα γάμμα\n日本語 テキスト\n€ ≠ ∞\n' >"$f/utf"
awk 'BEGIN { for (i = 0; i < 600; i++) printf "word%d ", i; printf "\n" }' >"$f/long"
: >"$f/empty"
printf 'no newline at end' >"$f/nonl"
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%c", i; printf "some text here\0more printable text\n" }' LC_ALL=C >"$f/bin"
printf 'alpha\nbeta\ngamma\ndelta\n' >"$f/a"
printf 'alpha\nbeta\nGAMMA\ndelta\nepsilon\n' >"$f/b"
printf 'apple\nbanana\ncherry\n' >"$f/s1"
printf 'banana\ncherry\ndate\n' >"$f/s2"
awk 'BEGIN { for (i = 1; i <= 30; i++) print "line " i }' >"$f/lines"
printf '1+2*3\nx = 7\nx * x\n2 ** 16\n' >"$f/calc"
printf 'The quick brown fox jumps over the lazy dog. This paragraph is long enough\nto be refilled by fmt at several widths.\n\nA second paragraph\nhere.\n' >"$f/para"
printf 'echo script $*\nfor i in a b c { echo $i }\n' >"$f/script.sh"
printf 'a/b\nb/c\nc/d\na/c\n' >"$f/deps"
printf 'x\n' >"$f/dir/one"
printf 'yy\n' >"$f/dir/sub/two"
cat >"$f/hello.b" <<'LIMBO'
implement Hello;
include "sys.m";
include "draw.m";
Hello: module { init: fn(nil: ref Draw->Context, argv: list of string); };
init(nil: ref Draw->Context, argv: list of string)
{
	sys := load Sys Sys->PATH;
	sys->print("hello %d %s\n", len argv, hd tl argv);
}
LIMBO
touch -d '2020-01-02 03:04:05' $(find "$f" -print)

# A compiled module both userlands read the same: the original's echo.
cp "$tree/dis/echo.dis" "$f/echo.dis"
touch -d '2020-01-02 03:04:05' "$f/echo.dis"

make_root() {
    mkdir -p "$1/tmp"
    cp -a "$f" "$1/f"
}
make_root "$out/ours"
make_root "$out/stock"
# Each userland with its own data files: ours the one emu puts in a root of its
# own (lib/units, which `units` reads), the original's TREE/lib.
mkdir -p "$out/ours/lib"
cp "$top/lib/units" "$out/ours/lib/"
cp -r "$tree/dis" "$tree/lib" "$tree/module" "$out/stock/"

run() { # ROOT LINE TAG
    rm -f "$1/status"
    timeout "$limit" "$emu" -r "$1" sh -c "$2
load echo; echo -n \$status >/status" </dev/null >"$out/$3.out" 2>"$out/$3.err"
    local rc=$?
    if [ -f "$1/status" ]; then cat "$1/status" >"$out/$3.st"; else echo "emu exit $rc, no status" >"$out/$3.st"; fi
}

# One boot first, so that compiling what changed in appl/ (emu says so on
# standard error) happens before the first case.
"$emu" -r "$out/ours" sh -c '' </dev/null >/dev/null 2>&1

n=0 same=0 diff=0
while IFS= read -r line; do
    case $line in '' | '#'*) continue ;; esac
    n=$((n + 1))
    run "$out/ours" "$line" ours
    run "$out/stock" "$line" stock
    bad=
    for k in out err st; do
        cmp -s "$out/ours.$k" "$out/stock.$k" || bad="$bad $k"
    done
    if [ -z "$bad" ]; then
        same=$((same + 1))
        continue
    fi
    diff=$((diff + 1))
    echo "=== DIFFERENT ($bad ): $line"
    for k in $bad; do
        echo "--- $k, ours then stock:"
        diff <(head -c 2000 "$out/ours.$k" | cat -A | head -15) <(head -c 2000 "$out/stock.$k" | cat -A | head -15) | grep '^[<>]'
    done
done <"$cases"
echo "cases $n: equal $same, different $diff"
