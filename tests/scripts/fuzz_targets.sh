#!/usr/bin/env bash
# fuzz_targets.sh - every fuzz target has what make fuzz-smoke gives it.
#
# make fuzz-smoke runs tests/fuzz/fuzz_NAME.c with -dict=tests/fuzz/NAME.dict
# on a copy of tests/fuzz/corpus/NAME/, and libFuzzer stops at a missing
# dictionary; make test replays the corpus.  A target added without either
# would pass make test and fail only in CI's fuzz stage: caught here.
set -u
. "$(dirname "$0")/common.bash"
fails=0 n=0
for t in "$here"/fuzz/fuzz_*.c; do
    name=${t##*/fuzz_}; name=${name%.c}; n=$((n + 1))
    dict=$here/fuzz/$name.dict corpus=$here/fuzz/corpus/$name
    grep -q '^"' "$dict" 2>/dev/null || { echo "fuzz_targets: $name has no dictionary ($dict)"; fails=$((fails + 1)); }
    [ -n "$(ls -A "$corpus" 2>/dev/null)" ] || { echo "fuzz_targets: $name has no corpus ($corpus)"; fails=$((fails + 1)); }
done
[ $n -gt 0 ] || { echo "fuzz_targets: no fuzz target found"; exit 1; }
[ $fails = 0 ] || exit 1
echo "fuzz_targets: $n targets, each with a dictionary and a corpus"
