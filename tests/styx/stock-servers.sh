#!/usr/bin/env bash
# The original's compiled Styx servers on our emu, against the expectations of
# our own userland tests.
#
#   tests/styx/stock-servers.sh INFERNO [EMU]
#
# INFERNO is an Inferno tree; EMU the emu binary (default: target/debug/emu,
# which `cargo test -p emu` builds). Two runs of the scripts
# emu/tests/userland/{memfs,mntgen,ramfile}.sh, each compared with its .out
# file (same, or the differences):
#  1. stock: in a root holding the original's dis/, so that every command
#     and library is the original's (memfs over styxlib, mntgen over
#     styxservers and nametree, and ls, sed, cmp...): our kernel under the
#     original's programs;
#  2. mixed: in a root holding our own build's dis/ with the original's
#     mntgen.dis put in place of ours: the original's program over our
#     Limbo libraries (styx, styxservers, nametree), which it links with by
#     signature.
# (styxmon, styxchat and iostats need the original's Sh and Dial modules,
# which only the stock root has; their scripts depend on our sed and cmp.)
set -u
inferno=${1:?usage: stock-servers.sh INFERNO [EMU]}
here=$(cd "$(dirname "$0")/../.." && pwd)
emu=${2:-$here/target/debug/emu}
scripts="memfs mntgen ramfile"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run ROOT NAME: the script's output, as emu/tests/userland.rs runs it
run() {
    local root=$1 name=$2
    mkdir -p "$root/tests" "$root/tmp/$name"
    cp "$here/emu/tests/userland/$name.sh" "$root/tests/"
    timeout 60 "$emu" -r "$root" sh -c "t=/tmp/$name; run /tests/$name.sh" </dev/null 2>&1
}

compare() {
    local root=$1 label=$2
    for name in $scripts; do
        run "$root" "$name" >"$work/$name.got" 2>&1
        if cmp -s "$work/$name.got" "$here/emu/tests/userland/$name.out"; then
            echo "$label $name: same"
        else
            echo "$label $name: DIFFERENT"
            diff "$here/emu/tests/userland/$name.out" "$work/$name.got" | sed 's/^/    /'
        fi
    done
}

mkdir -p "$work/stock/tmp"
cp -r "$inferno/dis" "$work/stock/dis"
compare "$work/stock" stock

"$emu" -r "$work/stock" sh -c 'echo' >/dev/null 2>&1 # boot: our build/dis is current
mkdir -p "$work/mixed/tmp"
cp -r "$here/build/dis" "$work/mixed/dis"
cp "$inferno/dis/mntgen.dis" "$work/mixed/dis/mntgen.dis"
scripts=mntgen
compare "$work/mixed" mixed
