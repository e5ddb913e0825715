#!/usr/bin/env bash
# compile_provenance.sh - every file of a compile names the procedure and
# the listing with the SHA-256 that sha256sum gives for each, and the same
# inputs compile to the same bytes from any folder: `mrb verify`, run from
# elsewhere with other paths to the same files, finds the folder whole;
# after one byte more in the procedure, it finds every file different.
set -u
. "$(dirname "$0")/common.bash"
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$work/a/out" "$work/b"
cp "$here/../examples/gpt-rebuild.mrb" "$here/../examples/listings/seed-gpt-probed.txt" "$work/a/"
(cd "$work/a" && "$MRBC" compile gpt-rebuild.mrb --listing seed-gpt-probed.txt -o out >/dev/null 2>&1) ||
    fail "does not compile"
p=$(sha256sum <"$work/a/gpt-rebuild.mrb" | cut -d' ' -f1)
l=$(sha256sum <"$work/a/seed-gpt-probed.txt" | cut -d' ' -f1)
n=0
for f in "$work/a/out"/*; do
    n=$((n + 1))
    if [ "${f##*.}" = html ]; then
        grep -q "<code>gpt-rebuild.mrb</code></td><td><code>$p</code>" "$f" || fail "${f##*/}: no procedure hash $p"
        grep -q "<code>seed-gpt-probed.txt</code></td><td><code>$l</code>" "$f" || fail "${f##*/}: no listing hash $l"
        continue
    fi
    if [ "${f##*/}" = gpt-rebuild.listing.txt ]; then   # the listing itself, byte for byte
        cmp -s "$f" "$work/a/seed-gpt-probed.txt" || fail "${f##*/}: not the listing's bytes"
        continue
    fi
    tr -d '\r' <"$f" | grep -q "rem mrb procedure gpt-rebuild.mrb sha256 $p\$" || fail "${f##*/}: no procedure hash $p"
    tr -d '\r' <"$f" | grep -q "rem mrb listing seed-gpt-probed.txt sha256 $l\$" || fail "${f##*/}: no listing hash $l"
done
[ $n = 10 ] || fail "$n files, expected 10"
(cd "$work/b" && "$MRBC" verify ../a/out "$work/a/gpt-rebuild.mrb" --listing "$work/a/seed-gpt-probed.txt" \
    >verify.out 2>/dev/null) || fail "verify from another folder: $(cat "$work/b/verify.out")"
[ "$(grep -c '^same ' "$work/b/verify.out")" = 10 ] || fail "verify: not 10 files the same: $(cat "$work/b/verify.out")"
echo "# one byte more" >>"$work/a/gpt-rebuild.mrb"
(cd "$work/b" && "$MRBC" verify ../a/out "$work/a/gpt-rebuild.mrb" --listing "$work/a/seed-gpt-probed.txt" \
    >verify.out 2>/dev/null); rc=$?
[ $rc = 1 ] || fail "verify of a changed procedure exited $rc, expected 1"
[ "$(grep -c "^differs " "$work/b/verify.out")" = 9 ] || fail "verify of a changed procedure: not 9 files differ"
[ "$(grep -c "^differs .*: first at line [0-9]*: '.*rem mrb procedure gpt-rebuild.mrb sha256 $p'" "$work/b/verify.out")" = 8 ] ||
    fail "verify of a changed procedure: $(cat "$work/b/verify.out")"
echo "9 files carry both hashes and the listing is kept; verify agrees from another folder and finds a changed procedure"
