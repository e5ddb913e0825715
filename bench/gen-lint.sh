#!/bin/sh
# gen-lint.sh - write the lint corpus: COUNT variations of the examples' procedures into DIR.
#
# usage: sh bench/gen-lint.sh DIR [COUNT]     (COUNT defaults to 10000)
#
# Every file is one of examples/*.mrb, taken in turn, with its names
# renamed, its titles, step names, labels, partition sizes and free-letter
# preferences varied, comments added, conditions reordered, and every few
# files CRLF line ends or a byte-order mark.  The GPT procedure also gets
# the 'select disk' / 'convert dynamic' that its W402 warning asks for, so
# every file checks with no diagnostic at all (the driver verifies it).
set -eu

dir=$1
count=${2:-10000}
here=$(dirname "$0")
mkdir -p "$dir"
rm -f "$dir"/*.mrb

awk -v dir="$dir" -v count="$count" '
# Collect every example file, one template per file.
FNR == 1 { nt++ }
{ sub(/\r$/, ""); tl[nt, ++tn[nt]] = $0 }

# Rename identifiers that are declared names; strings and comments are
# renamed too, which keeps them valid.
function rename(s,    out, pre, id) {
    out = ""
    while (match(s, /[A-Za-z_][A-Za-z0-9_]*/)) {
        pre = substr(s, 1, RSTART - 1)
        id = substr(s, RSTART, RLENGTH)
        # a word glued to a letter or digit before it is not a token of its own
        if (RSTART > 1 && substr(s, RSTART - 1, 1) ~ /[0-9]/) { out = out pre id; s = substr(s, RSTART + RLENGTH); continue }
        if (id in nm) id = nm[id]
        out = out pre id
        s = substr(s, RSTART + RLENGTH)
    }
    return out s
}

function emit(line) {
    printf "%s%s\n", line, crlf ? "\r" : "" > f
    bytes += length(line) + 1 + crlf
}

END {
    split("gone lost failed dead absent old broken removed", wm, " ")
    split("survivor keeper healthy good alive remaining primary_disk source", ws, " ")
    split("replacement fresh spare newdisk blank_disk target incoming swap", wr, " ")
    split("system boot os windows root sysvol c_drive main", wy, " ")
    split("vol v mv each_vol m item x mirrored", wv, " ")
    split("S R Q P", lsrc, " ")
    split("T U V W", ldst, " ")
    split("    |\t|  |      ", ind, "|")
    for (i = 1; i <= count; i++) {
        t = (i - 1) % nt + 1
        k = int((i - 1) / nt)
        f = sprintf("%s/p%05d.mrb", dir, i)
        crlf = (i % 7 == 0)
        bom = (i % 11 == 0)
        delete nm
        nm["missing"] = wm[k % 8 + 1] "_" i
        nm["survivor"] = ws[int(k / 8) % 8 + 1]
        nm["replacement"] = wr[int(k / 64) % 8 + 1] "_" k % 100
        nm["system"] = wy[k % 8 + 1]
        nm["survivor_esp"] = nm["survivor"] "_esp"
        nm["v"] = wv[int(k / 3) % 8 + 1]
        nm["src"] = "src" k % 10
        nm["dst"] = "dst" k % 10
        indent = ind[k % 4 + 1]
        if (bom) printf "\357\273\277" > f
        emit("# Variation " i " of the guide'\''s procedure, for the lint benchmark.")
        for (j = 1; j <= k % 2; j++)
            emit("# server group " j ": rack " (i * 7 + j) % 97 ", bay " (i + j) % 24 ", change ticket CHG" (100000 + i * j))
        for (n = 1; n <= tn[t]; n++) {
            line = tl[t, n]
            if (line ~ /^procedure "/) {
                sub(/"$/, " - server " i "\"", line)
            } else if (line ~ /^step "/) {
                sub(/" \{$/, " (" i ")\" {", line)
            } else if (line ~ /free letter from S/) {
                sub(/from S/, "from " lsrc[k % 4 + 1], line)
            } else if (line ~ /free letter from T/) {
                sub(/from T/, "from " ldst[k % 4 + 1], line)
            } else if (line ~ /create partition efi size = 350 MB/) {
                sub(/350/, 100 + k % 900, line)
            } else if (line ~ /create partition msr size = 128 MB/) {
                sub(/128/, 16 + k % 113, line)
            } else if (line ~ /label = "EFI"/) {
                sub(/"EFI"/, "\"EFI" k % 1000 "\"", line)
            } else if (k % 2 && line ~ /= disk where status = Online and blank$/) {
                sub(/status = Online and blank$/, "blank and status = Online", line)
            } else if (k % 3 == 1 && line ~ /^guard count\(disk where status = Missing\) = 1$/) {
                line = "guard count(disk where status = Missing) <= 1 and count(disk where status = Missing) >= 1"
            }
            if (t_gpt[t] == "" && line ~ /^procedure .*GPT/) t_gpt[t] = 1
            # the W402 fix, ahead of the loop that adds the replacement
            if (t_gpt[t] && line ~ /^step "Mirror every volume/) {
                emit(rename(line))
                emit(rename(indent "select disk replacement"))
                emit(indent "convert dynamic")
                continue
            }
            if (line ~ /^        /) sub(/^        /, indent indent, line)
            else sub(/^    /, indent, line)
            emit(rename(line))
        }
        close(f)
    }
    printf "%d files, %d bytes\n", count, bytes
}' "$here"/../examples/*.mrb
