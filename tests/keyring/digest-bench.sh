#!/usr/bin/env bash
# Digest speed: the original's md5sum and sha1sum on our emu against the host's,
# on one file of random bytes; prints each one's wall time, the ratio and whether
# the digests agree.
#
#   tests/keyring/digest-bench.sh INFERNO [EMU] [MEGABYTES]
#
# INFERNO is an Inferno tree (its dis/ is copied into a scratch root); EMU the emu
# binary (default: target/release/emu); MEGABYTES the file's size (default 100).
set -u
inferno=${1:?usage: digest-bench.sh INFERNO [EMU] [MEGABYTES]}
here=$(cd "$(dirname "$0")/../.." && pwd)
emu=${2:-$here/target/release/emu}
mb=${3:-100}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/dis" "$root/tmp"
cp "$inferno"/dis/md5sum.dis "$inferno"/dis/sha1sum.dis "$root/dis/"
head -c "$((mb * 1024 * 1024))" /dev/urandom > "$root/tmp/data"

seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" > "$root/out" 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

for sum in md5sum sha1sum; do
    host=$(seconds "$sum" "$root/tmp/data")
    hostsum=$(awk '{print $1}' "$root/out")
    ours=$(seconds "$emu" -r "$root" "$sum" /tmp/data)
    oursum=$(awk '{print $1}' "$root/out")
    ratio=$(echo "scale=2; $ours / $host" | bc)
    if [ "$oursum" = "$hostsum" ]; then same=same; else same=DIFFERENT; fi
    echo "$sum ${mb} MB: host ${host}s emu ${ours}s ratio ${ratio} digests $same"
done
