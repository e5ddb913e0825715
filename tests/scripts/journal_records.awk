# journal_records.awk - list the complete records of an mrb run journal, for the run_* test scripts.
#
# Input: the journal's bytes as `od -An -v -tu1 FILE` prints them.  Output:
# one line per complete record, "SEQ TYPE STEP CMD RESULT" (TYPE as
# runtime/server/journal.h names it; STEP and CMD from 1 as the progress numbers
# them; "-" where a record has no such field), then "torn BYTES" when bytes
# that do not make a whole record follow.  Record layout per journal.h: a
# 16-byte head (magic, version, type, reserved, sequence, payload length),
# the payload, a 4-byte CRC.  Checksums are not verified here (the reader
# of the journal does that): a script only uses this to see where a run
# stopped.
function u32(o) { return b[o] + 256 * (b[o + 1] + 256 * (b[o + 2] + 256 * b[o + 3])) }
function s32(o,   v) { v = u32(o); return v >= 2147483648 ? v - 4294967296 : v }
{ for (i = 1; i <= NF; i++) b[n++] = $i + 0 }
END {
    name[1] = "header"; name[2] = "intent"; name[3] = "done"; name[4] = "step-done"
    name[5] = "resume"; name[6] = "end"
    o = 0
    while (o + 16 <= n) {
        len = u32(o + 12)
        if (b[o] != 109 || b[o + 1] != 114 || b[o + 2] != 98 || b[o + 3] != 74 || o + 20 + len > n)
            break
        t = b[o + 5]; p = o + 16
        step = "-"; cmd = "-"; res = "-"
        if (t == 2 || t == 3) { step = u32(p) + 1; cmd = u32(p + 4) + 1 }
        if (t == 3) res = s32(p + 8)
        if (t == 4) step = u32(p) + 1
        if (t == 6) res = u32(p)
        print u32(o + 8), (t in name ? name[t] : "type" t), step, cmd, res
        o += 20 + len
    }
    if (o < n) print "torn", n - o
}
