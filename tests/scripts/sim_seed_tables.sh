#!/usr/bin/env bash
# sim_seed_tables.sh - the guide's two sessions, replayed on the simulator,
# print the guide's own tables, table for table (the seed is the oracle).
#
# The sessions start from the guide's starting listing plus what the probe
# captures and the guide shows elsewhere (examples/listings/seed-*-probed.txt).
# Where the guide contradicts itself the comparison follows DiskPart:
#  - mbr-2-break's `list disk` header reads `---s`: a typo, compared as `---`;
#  - gpt-3-init prints "DiskPart successfully formatted the volume." twice:
#    a copy/paste artefact (messages are not compared here; the golden case
#    sim/gpt-session pins DiskPart's single line);
#  - gpt-7-rebuild (a new DiskPart session) numbers the two ESPs the other
#    way round: DiskPart numbers volumes anew in each session; the model
#    keeps the numbers, so that listing is compared in sim/gpt-remove only.
set -eu
. "$(dirname "$0")/common.bash"

# The table lines of a transcript: headers, dashes, rows; trailing blanks cut.
tables() {
    sed -e 's/[[:space:]]*$//' -e 's/^\(  --------  -------------  -------  -------  ---  ---\)s$/\1/' "$@" |
        grep -E '^(\*| ) (Disk|Volume|Partition) |^  -{8,}' || true
}

check() {
    local name=$1 snap=$2 script=$3
    shift 3
    "$MRBC" sim "$snap" "$script" >"$work/$name.out" 2>"$work/$name.err" || {
        echo "$name: mrb sim failed"; cat "$work/$name.err"; exit 1; }
    tables "$@" >"$work/$name.want"
    tables "$work/$name.out" >"$work/$name.got"
    if ! diff -u "$work/$name.want" "$work/$name.got"; then
        echo "$name: the simulator's tables differ from the guide's"; exit 1
    fi
    [ -s "$work/$name.want" ] || { echo "$name: no tables compared"; exit 1; }
}

f=$here/fixtures
check mbr "$here/../examples/listings/seed-mbr-probed.txt" "$f/sim/mbr-session.txt" \
    "$f/seed/mbr-2-break.txt" "$f/seed/mbr-4-add.txt" "$f/seed/mbr-5-rebuild.txt"
check gpt "$here/../examples/listings/seed-gpt-probed.txt" "$f/sim/gpt-session.txt" \
    "$f/seed/gpt-2-break.txt" "$f/seed/gpt-3-init.txt" "$f/seed/gpt-4-add.txt" "$f/seed/gpt-5-boot.txt"
echo ok
