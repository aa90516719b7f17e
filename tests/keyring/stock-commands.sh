#!/usr/bin/env bash
# The original's compiled commands that use $Keyring, run on our emu.
#
#   tests/keyring/stock-commands.sh INFERNO [EMU]
#
# INFERNO is an Inferno tree (its dis/ is copied into a scratch root); EMU the emu
# binary (default: target/release/emu). Prints, for md5sum and sha1sum of a file of
# random bytes, our digest and the host's; then every module under dis/ that names
# $Keyring and neither $Draw nor $Tk (headless), run with no arguments and empty
# input for at most 10 seconds, with its first line of output and whether it
# loaded and ran (no link or load failure; library modules, which are not
# commands, are counted apart); and the counts.
set -u
inferno=${1:?usage: stock-commands.sh INFERNO [EMU]}
here=$(cd "$(dirname "$0")/../.." && pwd)
emu=${2:-$here/target/release/emu}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
cp -r "$inferno/dis" "$root/dis"
mkdir -p "$root/tmp"

head -c 3000000 /dev/urandom > "$root/tmp/data"
for sum in md5sum sha1sum; do
    ours=$("$emu" -r "$root" "$sum" /tmp/data </dev/null 2>&1 | awk '{print $1}')
    host=$($sum "$root/tmp/data" | awk '{print $1}')
    if [ "$ours" = "$host" ]; then verdict=same; else verdict=DIFFERENT; fi
    echo "$sum: ours $ours host $host $verdict"
done

loaded=0 failed=0 library=0
while IFS= read -r f; do
    rel=${f#"$root"}
    out=$(timeout 10 "$emu" -r "$root" "$rel" </dev/null 2>&1 | head -3)
    if grep -q 'not a command module' <<<"$out"; then
        library=$((library + 1)); status=library
    elif grep -qE 'link typecheck|not implemented|module not built-in|can.t load|link failed' <<<"$out"; then
        failed=$((failed + 1)); status=FAILED
    else
        loaded=$((loaded + 1)); status=loaded
    fi
    echo "$status $rel: $(head -1 <<<"$out")"
done < <(cd "$root" && grep -rlaF '$Keyring' dis --include='*.dis' | sort |
    while read -r f; do grep -qaE '\$Draw|\$Tk|\$Prefab' "$f" || echo "$root/$f"; done)
echo "headless modules naming \$Keyring: $((loaded + failed + library)), library modules: $library, commands that loaded and ran: $loaded, failed to load: $failed"
