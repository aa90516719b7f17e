#!/usr/bin/env bash
# The original's key-making commands on our emu ($Crypt, $IPints and the stock
# lib/oldauth.dis), their output checked by our $Keyring (checkkeys.b here,
# compiled by our compiler): auth/createsignerkey writes an Authinfo file that
# readauthinfo must read and whose certificate must verify; auth/rsagen and
# auth/dsagen print keys whose algebra must hold. Prints each check's line, the
# time each command took, and the count of checks passed.
#
#   tests/keyring/stock-keygen.sh INFERNO [EMU]
#
# INFERNO is an Inferno tree (its dis/ is copied into a scratch root); EMU the emu
# binary (default: target/release/emu).
set -u
inferno=${1:?usage: stock-keygen.sh INFERNO [EMU]}
here=$(cd "$(dirname "$0")/../.." && pwd)
emu=${2:-$here/target/release/emu}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
cp -r "$inferno/dis" "$root/dis"
mkdir -p "$root/tmp"
mkdir -p "$root/src"
cp "$here/tests/keyring/checkkeys.b" "$root/src/"
"$emu" -r "$root" limbo -o /dis/checkkeys.dis /src/checkkeys.b || exit 1

seconds() {
    local start end
    start=$(date +%s.%N)
    timeout 300 "$@"
    end=$(date +%s.%N)
    echo "$end - $start" | bc >"$root/secs"
}

passed=0 total=0
check() {
    total=$((total + 1))
    if timeout 60 "$emu" -r "$root" checkkeys "$@"; then passed=$((passed + 1)); fi
}

seconds "$emu" -r "$root" auth/createsignerkey -f /tmp/signer stock-signer
echo "auth/createsignerkey: $(cat "$root/secs")s"
check signer /tmp/signer
for bits in 512 1024 2048; do
    seconds "$emu" -r "$root" auth/rsagen -b $bits >"$root/tmp/rsa$bits"
    echo "auth/rsagen -b $bits: $(cat "$root/secs")s"
    check rsa /tmp/rsa$bits
done
seconds "$emu" -r "$root" auth/dsagen >"$root/tmp/dsa"
echo "auth/dsagen: $(cat "$root/secs")s"
check dsa /tmp/dsa
echo "checks passed: $passed of $total"
[ "$passed" = "$total" ]
