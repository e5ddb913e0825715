#!/usr/bin/env bash
# run.sh - run every test: cmocka unit tests (TAP) and golden cases.
#
# A golden case is a folder tests/golden/SUITE/CASE holding
#   cmd   the arguments to mrbc, one shell line, run from the case folder
#   out   the exact expected standard output   (absent: must be empty)
#   err   the exact expected standard error    (absent: must be empty)
#   rc    the expected exit status             (absent: 0)
#   setup optional shell script run first, in the scratch folder (to make
#         inputs too large or too odd to keep in git)
#   files optional list of files the command must leave behind, each compared
#         with the file of the same name under expect/ (absent: none checked)
# The case runs in a scratch copy of its folder, so commands may write files;
# "root" there links to the top of the tree (root/examples/...).
# Every fuzz target's corpus (tests/fuzz/corpus/NAME) is replayed through it.
# WRAP, when set, prefixes every command (make valgrind sets it).
# SUITE=NAME runs (or updates) the golden cases of one suite only.
# MRBC_UPDATE=1 rewrites out/err/rc (and expect/) from what mrbc did (review the diff!).
set -u
: "${MRBC:?set MRBC to the mrbc binary}"
: "${UNIT_DIR:?set UNIT_DIR to the folder of the unit-test binaries}"
[ -x "$MRBC" ] || { echo "run.sh: no mrbc binary at $MRBC" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."   # unit tests open fixtures by paths from the top of the tree
pass=0 fail=0
failed=()

for t in "$UNIT_DIR"/test_*; do
    [ -x "$t" ] || continue
    out=$(CMOCKA_MESSAGE_OUTPUT=TAP ${WRAP:-} "$t" 2>&1) && rc=0 || rc=$?
    p=$(grep -c '^ok ' <<<"$out")
    f=$(grep -c '^not ok ' <<<"$out")
    # cmocka exits with the number of failed tests: any other end (a
    # sanitizer's report, a crash, an exit from the code under test) and a
    # plan of N tests without N results are failures too
    n=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' <<<"$out" | head -n 1)
    if [ -z "$n" ] || [ "$rc" != "$f" ] || [ $((p + f)) != "$n" ]; then
        f=$((f + 1)); failed+=("$(basename "$t") (crashed)")
        printf '%s\n' "$out" | tail -n 20
    fi
    pass=$((pass + p)); fail=$((fail + f))
    if [ "$f" -gt 0 ]; then
        grep -B2 -A6 '^not ok ' <<<"$out" | head -n 60
        failed+=("$(basename "$t")")
    fi
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for c in "$here"/golden/${SUITE:-*}/*/; do
    [ -f "$c/cmd" ] || continue
    name=${c#"$here"/golden/}; name=${name%/}
    w="$scratch/$name"
    mkdir -p "$w" && cp -R "$c". "$w"/ && ln -s "$(cd "$here/.." && pwd)" "$w/root"
    if [ -f "$c/setup" ] && ! (cd "$w" && bash ./setup); then
        fail=$((fail + 1)); failed+=("$name (setup)"); continue
    fi
    ( cd "$w" && eval "${WRAP:-} \"\$MRBC\" $(cat cmd)" >"$scratch/.out" 2>"$scratch/.err" ); rc=$?
    want_rc=0; [ -f "$c/rc" ] && want_rc=$(cat "$c/rc")
    if [ "${MRBC_UPDATE:-}" = 1 ]; then
        cp "$scratch/.out" "$c/out"; [ -s "$c/out" ] || rm -f "$c/out"
        cp "$scratch/.err" "$c/err"; [ -s "$c/err" ] || rm -f "$c/err"
        if [ "$rc" != 0 ]; then echo "$rc" >"$c/rc"; else rm -f "$c/rc"; fi
        want_rc=$rc
    fi
    ok=1
    if ! cmp -s "$scratch/.out" "${c}out" 2>/dev/null && { [ -f "${c}out" ] || [ -s "$scratch/.out" ]; }; then
        ok=0; echo "--- $name: standard output differs"; diff -u "${c}out" "$scratch/.out" 2>/dev/null | head -n 40 || head -n 40 "$scratch/.out"
    fi
    if ! cmp -s "$scratch/.err" "${c}err" 2>/dev/null && { [ -f "${c}err" ] || [ -s "$scratch/.err" ]; }; then
        ok=0; echo "--- $name: standard error differs"; diff -u "${c}err" "$scratch/.err" 2>/dev/null | head -n 40 || head -n 40 "$scratch/.err"
    fi
    if [ "$rc" != "$want_rc" ]; then ok=0; echo "--- $name: exit status $rc, expected $want_rc"; fi
    if [ -f "$c/files" ] && [ "${MRBC_UPDATE:-}" = 1 ]; then
        rm -rf "$c/expect" && mkdir -p "$c/expect"
        while read -r f; do [ -z "$f" ] || cp "$w/$f" "$c/expect/$f" 2>/dev/null; done <"$c/files"
    fi
    if [ -f "$c/files" ]; then
        while read -r f; do
            [ -n "$f" ] || continue
            if ! cmp -s "$w/$f" "$c/expect/$f"; then
                ok=0; echo "--- $name: file $f differs from expect/$f"
            fi
        done <"$c/files"
    fi
    if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); failed+=("$name"); fi
done

# every corpus input of every fuzz target, replayed (must not crash)
for r in "$UNIT_DIR"/replay_*; do
    [ -x "$r" ] || continue
    t=${r##*/replay_}
    if ${WRAP:-} "$r" "$here"/fuzz/corpus/"$t"/* >"$scratch/.log" 2>&1; then pass=$((pass + 1))
    else fail=$((fail + 1)); failed+=("fuzz corpus $t"); tail -n 30 "$scratch/.log"; fi
done

for s in "$here"/scripts/*.sh; do
    [ -f "$s" ] || continue
    if MRBC="$MRBC" bash "$s" >"$scratch/.log" 2>&1; then pass=$((pass + 1))
    else fail=$((fail + 1)); failed+=("scripts/$(basename "$s")"); tail -n 30 "$scratch/.log"; fi
done

for n in "${failed[@]+"${failed[@]}"}"; do echo "FAILED: $n"; done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
