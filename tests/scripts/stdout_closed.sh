#!/usr/bin/env bash
# stdout_closed.sh - a standard output whose reader has gone (`mrb ... | head -1`).
#
# SIGPIPE is ignored: the write fails, mrb says so once (E009) and exits
# 2 instead of dying from the signal (141) without a word.  A run goes on
# to its end, so that its journal records a run that ended and --resume
# has nothing to do.  The pipe is made deterministic: its reader has exited
# (and been waited for) before mrb writes a byte.
set -u
. "$(dirname "$0")/common.bash"
cd "$work" || exit 2
fail=0
bad() { echo "stdout_closed: $*"; fail=1; }
exec 3> >(:)
wait $! 2>/dev/null || true     # the reader is gone: every write to fd 3 is EPIPE

# `mrb NAME ARGS...` with standard output on the readerless pipe: exit 2
# and one E009 line naming the broken pipe
closed() {
    local rc n
    "$MRBC" "$@" >&3 2>err.txt; rc=$?
    [ $rc = 2 ] || bad "mrb $*: exit $rc, expected 2"
    n=$(grep -c 'error: cannot write to standard output: .* \[E009\]$' err.txt)
    [ "$n" = 1 ] || { bad "mrb $*: $n E009 lines, expected 1"; cat err.txt; }
}

closed explain --list
closed run "$root/examples/mbr-rebuild.mrb" --simulate "$root/examples/listings/seed-mbr-probed.txt" --journal j --state s
"$MRBC" run "$root/examples/mbr-rebuild.mrb" --simulate "$root/examples/listings/seed-mbr-probed.txt" --journal j \
    --state s --resume 2>/dev/null | grep -q 'records a run that ended: nothing to do' ||
    bad "the run did not go on to its end: its journal does not say it ended"
closed compile "$root/examples/mbr-rebuild.mrb" --listing "$root/examples/listings/seed-mbr-probed.txt" -o .
exit $fail
