#!/usr/bin/env bash
# run_refused_sends_nothing.sh - a procedure `mrb run` refuses changes nothing.
#
# A procedure that does not resolve on the server, a journal that exists
# without --resume, and a journal of another procedure: each is refused
# with exit 1 and leaves the state file byte for byte as it was (and writes
# no journal where there was none).
set -eu
. "$(dirname "$0")/common.bash"
snap=$root/examples/listings/seed-mbr-probed.txt
# a state file: the seed after two commands
{ MRBC_CRASH_AFTER=2 "$MRBC" run "$root/examples/mbr-rebuild.mrb" --simulate "$snap" --state "$work/s" \
    --journal "$work/j0" --quiet; } 2>/dev/null || true
cp "$work/s" "$work/s.before"
expect_refused() {
    set +e
    "$MRBC" "$@" --quiet >/dev/null 2>"$work/err"
    rc=$?
    set -e
    [ $rc = 1 ] || { echo "$*: exit $rc, expected 1"; cat "$work/err"; exit 1; }
    cmp -s "$work/s" "$work/s.before" || { echo "$*: the state file changed"; exit 1; }
}
expect_refused run "$root/examples/gpt-rebuild.mrb" --simulate "$snap" --state "$work/s" --journal "$work/j1"
[ ! -e "$work/j1" ] || { echo "a refused procedure wrote a journal"; exit 1; }
grep -q 'E501' "$work/err"
expect_refused run "$root/examples/mbr-rebuild.mrb" --simulate "$snap" --state "$work/s" --journal "$work/j0"
grep -q 'E711' "$work/err"
cp "$root/examples/mbr-rebuild.mrb" "$work/other.mrb"
echo "# another revision" >>"$work/other.mrb"
expect_refused run "$work/other.mrb" --simulate "$snap" --state "$work/s" --journal "$work/j0" --resume
grep -q 'E706' "$work/err"
echo ok
