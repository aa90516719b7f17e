#!/usr/bin/env bash
# The census of issue 12: every stock module under TREE/dis run as a command with
# no arguments and empty standard input on our emu (TREE's dis, lib and module as
# root), for at most SECONDS each, sorted by how it ended: normally; a library
# module (not a command); a usage message; needing $Draw or $Tk; broken (an
# exception, shown with its line); another failure with the command's own error
# (shown); stopped at the time limit. A line that shows a fault of our VM
# (`not implemented`, `link typecheck`, `illegal dis instruction`, a Rust panic)
# is counted apart and shown, whatever the status.
#
#   tests/census/stock-commands.sh TREE [EMU] [SECONDS]
#
# EMU defaults to target/release/emu, SECONDS to 5.
set -u
tree=${1:?usage: stock-commands.sh TREE [EMU] [SECONDS]}
here=$(cd "$(dirname "$0")/../.." && pwd)
emu=${2:-$here/target/release/emu}
limit=${3:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/root/tmp" "$out/run"
cp -r "$tree/dis" "$tree/lib" "$tree/module" "$out/root/"
(cd "$out/root" && find dis -name '*.dis' | sed 's|^dis/||; s|\.dis$||' | sort) >"$out/names"
export emu limit out
xargs -P 2 -I NAME sh -c '
	f=$(echo NAME | tr / +)
	timeout "$limit" "$emu" -r "$out/root" /dis/NAME.dis </dev/null >"$out/run/$f.txt" 2>&1
	echo "NAME $?" >>"$out/status"
' <"$out/names"

normal=0 library=0 usage=0 graphics=0 broken=0 other=0 stopped=0 vm=0
while read -r name rc; do
    f=$out/run/$(echo "$name" | tr / +).txt
    first=$(grep -v '^$' "$f" | head -3 | tr '\n' ' ' | cut -c1-120)
    if grep -qE 'not implemented|link typecheck|illegal dis instruction|panicked' "$f"; then
        vm=$((vm + 1)); echo "VM FAULT $name: $first"
    fi
    case $rc in
    0) normal=$((normal + 1)); continue ;;
    124 | 137) stopped=$((stopped + 1)); echo "stopped $name"; continue ;;
    esac
    case $first in
    *"not a command module"*) library=$((library + 1)) ;;
    *sage*) usage=$((usage + 1)) ;;
    *'$Draw'* | *'$Tk'* | *"module not built-in"*) graphics=$((graphics + 1)) ;;
    *Broken*) broken=$((broken + 1)); echo "broken $name: $first" ;;
    *) other=$((other + 1)); echo "failed $name: $first" ;;
    esac
done < <(sort "$out/status")
echo "modules $(wc -l <"$out/names"): ended normally $normal, library modules $library," \
    "usage messages $usage, need \$Draw or \$Tk $graphics, broken $broken," \
    "other failures $other, stopped at ${limit}s $stopped; lines showing a fault of our VM $vm"
