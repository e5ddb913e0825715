#!/usr/bin/env bash
# compile_after_listing.sh - NAME.after.txt, the listing compile predicts
# once the last step has run, is what the simulator shows after running the
# compiled scripts one DiskPart session after another on the same listing
# (the examples, against the guide's servers and the shapes of issue 11's
# goldens); and `mrb listing` reads it back.
set -u
. "$(dirname "$0")/common.bash"
fail() { echo "FAIL: $*"; exit 1; }
n=0
check() {
    local proc=$1 listing=$2 tag=$3 name
    name=$(basename "$proc" .mrb)
    mkdir -p "$work/$tag"
    "$MRBC" compile "$proc" --listing "$listing" -o "$work/$tag" >/dev/null 2>"$work/$tag.err" ||
        fail "$tag: does not compile: $(cat "$work/$tag.err")"
    [ -f "$work/$tag/$name.after.txt" ] || fail "$tag: no $name.after.txt"
    "$MRBC" listing "$work/$tag/$name.after.txt" >/dev/null 2>&1 || fail "$tag: $name.after.txt does not read back"
    for s in "$work/$tag/$name".[0-9][0-9].diskpart.txt; do
        case "$s" in *.00.diskpart.txt) continue ;; esac
        "$MRBC" sim "$listing" "$s" --state "$work/$tag.state" >/dev/null 2>&1 || fail "$tag: $s fails on the simulator"
    done
    printf 'list disk\r\nlist volume\r\n' >"$work/$tag.list"
    "$MRBC" sim "$listing" "$work/$tag.list" --state "$work/$tag.state" >"$work/$tag.sim" 2>&1 ||
        fail "$tag: the final listing fails on the simulator"
    # the tables, from their header to the end, without blank lines
    tables() { tr -d '\r' | sed -n '/Disk ###\|Volume ###/,$p' | grep -v '^DISKPART>' | grep -v '^$'; }
    diff <(tables <"$work/$tag/$name.after.txt") <(tables <"$work/$tag.sim") >"$work/$tag.diff" ||
        fail "$tag: $name.after.txt differs from what the simulator shows: $(cat "$work/$tag.diff")"
    n=$((n + 1))
}
ex=$here/../examples
check "$ex/gpt-rebuild.mrb" "$ex/listings/seed-gpt-probed.txt" gpt
check "$ex/mbr-rebuild.mrb" "$ex/listings/seed-mbr-probed.txt" mbr
check "$ex/rebuild.mrb" "$ex/listings/seed-gpt-probed.txt" one-gpt
check "$ex/rebuild.mrb" "$ex/listings/seed-mbr-probed.txt" one-mbr
for c in mbr-system-reserved-mirror mbr-two-mirrors gpt-three-mirrors gpt-third-dynamic-disk mbr-second-mirror; do
    check "$ex/rebuild.mrb" "$here/golden/compile/$c/listing.txt" "$c"
done
echo "$n after-listings equal to what the simulator shows after the scripts"
