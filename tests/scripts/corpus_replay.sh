#!/usr/bin/env bash
# corpus_replay.sh - differential replay: a corpus transcript that changes
# the server, replayed on the simulator from its own first listing, must
# print what DiskPart printed, line for line, up to where the model stops.
#
# For each case: the snapshot is the transcript up to its first command that
# changes the server (it must hold `list disk` and `list volume`: of the
# corpus, only the guide's sessions 29 and 30 do); the script is every
# command the transcript typed at a `DISKPART>` prompt, from the first.
# What DiskPart printed is the transcript without its prompts and blank
# lines; what the simulator printed is its output without the banner and
# blank lines.  The simulator's lines must be the transcript's first lines,
# as many as the case says, and the run must end where the case says: at
# the end of the script, or stopped ("the model cannot tell") at a given
# command, for the reason the case names.  Each difference found is fixed or
# written in runtime/diskpart/MODEL.md ("What the corpus verified", "Replays") as a
# known limit.
#
# Damage the publisher added is undone first, each named in its case
# (tests/corpus/README.md, D5): it is not DiskPart's.
set -eu
. "$(dirname "$0")/common.bash"
fail=0

# replay ID UNDO STOP_LINE STOP_REASON LINES
#   UNDO        a sed script undoing the publisher's damage
#   STOP_LINE   the script line where the model stops (0: it runs to the end)
#   STOP_REASON a text the stop's message must hold
#   LINES       how many lines of DiskPart's output the simulator reproduces
replay() {
    local id=$1 undo=$2 stop=$3 reason=$4 lines=$5 f k rc n
    f=$(echo "$here"/corpus/"$id"-*.txt)
    k=$(grep -n -E '^DISKPART> *(clean|create|delete|del|convert|add|break|remove|assign|format|online|offline|active|set|gpt)( |$)' "$f" |
        head -n 1 | cut -d: -f1)
    head -n $((k - 1)) "$f" >"$work/$id.snap"
    sed -n 's/^DISKPART> *//p' "$f" >"$work/$id.script"
    rc=0
    "$MRBC" sim "$work/$id.snap" "$work/$id.script" >"$work/$id.out" 2>"$work/$id.err" || rc=$?
    sed -e "$undo" "$f" | grep -v '^DISKPART>' | sed 's/[[:space:]]*$//' | grep -v '^$' >"$work/$id.want" || true
    grep -v -E '^(Microsoft DiskPart version|Copyright \(C\)|On computer:)' "$work/$id.out" |
        sed 's/[[:space:]]*$//' | grep -v '^$' >"$work/$id.got" || true
    n=$(wc -l <"$work/$id.got")
    if [ "$n" != "$lines" ]; then
        echo "$id: the simulator printed $n lines, expected $lines"; fail=1
    fi
    if ! head -n "$n" "$work/$id.want" | diff -u - "$work/$id.got"; then
        echo "$id: the simulator's output differs from DiskPart's"; fail=1
    fi
    if [ "$stop" = 0 ]; then
        [ "$rc" = 0 ] || { echo "$id: the replay failed (exit $rc)"; cat "$work/$id.err"; fail=1; }
        [ "$n" = "$(wc -l <"$work/$id.want")" ] || { echo "$id: DiskPart printed more"; fail=1; }
    elif [ "$rc" != 1 ] || ! grep -q ":$stop: error: the model cannot tell what DiskPart would do: .*$reason" "$work/$id.err"; then
        echo "$id: expected the model to stop at script line $stop ($reason); exit $rc:"; cat "$work/$id.err"; fail=1
    fi
}

# 29, the guide's MBR session: its first listing shows no `list partition`
# of disk 1, so whether `convert mbr` finds it empty is unknown: the model
# stops there (DiskPart converted it).  Undone: `---s` (a typo of the guide).
replay 29 's/^\(  --------  -------------  -------  -------  ---  ---\)s$/\1/' \
    10 'whether disk 1 is empty is unknown' 20
# 30, the guide's GPT session: its first listing shows no `detail disk` of
# disk 1, so whether the boot volume lives there (and `clean` is refused) is
# unknown: the model stops at `clean`.  Undone: `Missing           0  B`
# (a space moved in the guide's row).
replay 30 's/^\(  Disk M0   Missing  \)         0  B/\1          0 B/' \
    11 'whether volume 1 (a boot or system volume) lives on disk 1 is unknown' 26
[ "$fail" = 0 ] && echo ok
exit "$fail"
