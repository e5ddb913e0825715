#!/usr/bin/env bash
# dpmsg_verified.sh - the simulator's DiskPart texts checked against the
# corpus of real transcripts (tests/corpus), and the count printed.
#
# runtime/diskpart/dpmsg.h marks each text verified 1 (a transcript shows it, named in
# its "corpus:" comment), 2 (Microsoft's VDS message text, named as
# "vdserr.h VDS_E_..."; printed after "Virtual Disk Service error:") or 0.
# A text marked 1 must appear in every transcript it names: its lines, in
# order, as whole lines (blank lines and trailing blanks aside; %s and %u
# match any value). A text marked 2 must name its VDS error and carry the
# "Virtual Disk Service error:" line, which the corpus must show.
# The table headers and dashes print.c writes, the field labels of its
# `detail disk` and "There are no partitions on this disk to show." must each
# appear in some transcript, and the rows mrb prints back for a transcript it
# reads must be the transcript's own rows.
set -eu
. "$(dirname "$0")/common.bash"
corpus=$root/tests/corpus
fail=0 total=0 v1=0 v2=0 v0=0

# shows FILE TEXT: the lines of TEXT (separated by "\n") appear in FILE, in
# order, one after the other once blank lines are dropped.
shows() {
    awk -v text="$2" '
        function esc(s,   r, c, i) {
            r = ""
            for (i = 1; i <= length(s); i++) {
                c = substr(s, i, 1)
                if (index("\\^$.[]|()*+?{}/", c)) r = r "\\" c; else r = r c
            }
            gsub(/%s/, ".+", r); gsub(/%u/, "[0-9]+", r)
            return r
        }
        BEGIN { k = 0; n = split(text, parts, "\n")
                for (i = 1; i <= n; i++) if (parts[i] != "") want[++k] = "^" esc(parts[i]) "$" }
        { sub(/\r$/, ""); sub(/[ \t]+$/, ""); if ($0 != "") line[++m] = $0 }
        END {
            for (i = 1; i + k - 1 <= m; i++) {
                for (j = 1; j <= k && line[i + j - 1] ~ want[j]; j++) ;
                if (j > k) exit 0
            }
            exit 1
        }' "$1"
}

while IFS= read -r row; do
    name=$(sed -E 's/^ *X\((DM_[A-Z_]+),.*/\1/' <<<"$row")
    mark=$(sed -E 's/^ *X\(DM_[A-Z_]+, *[0-9]+, *([0-9]+),.*/\1/' <<<"$row")
    text=$(sed -E 's/^[^"]*"(.*)"\)( \/\*.*)? *\\?$/\1/' <<<"$row")
    note=$(sed -nE 's/.*\/\* *(.*) *\*\/.*/\1/p' <<<"$row")
    total=$((total + 1))
    case $mark in
    1)
        ids=$(sed -nE 's/.*corpus: *([0-9 ]+).*/\1/p' <<<"$note")
        if [ -z "$ids" ]; then echo "$name: marked verified but names no transcript"; fail=1; continue; fi
        for id in $ids; do
            set -- "$corpus/$id"-*.txt
            if [ "$#" != 1 ] || [ ! -f "$1" ]; then echo "$name: no transcript $id in tests/corpus"; fail=1; continue; fi
            if ! shows "$1" "$text"; then echo "$name: not shown by ${1#"$root"/}"; fail=1; fi
        done
        v1=$((v1 + 1)) ;;
    2)
        if ! grep -q 'vdserr\.h VDS_E_' <<<"$note"; then echo "$name: marked 2 but names no VDS error"; fail=1; fi
        case $text in 'Virtual Disk Service error:\n'*) ;; *) echo "$name: marked 2 but not a VDS error text"; fail=1 ;; esac
        v2=$((v2 + 1)) ;;
    0) v0=$((v0 + 1)) ;;
    *) echo "$name: unknown mark '$mark'"; fail=1 ;;
    esac
done < <(grep -E '^ *X\(DM_' "$root/runtime/diskpart/dpmsg.h")

if ! grep -qx 'Virtual Disk Service error:' "$corpus"/*.txt; then
    echo "no transcript shows the line 'Virtual Disk Service error:'"; fail=1
fi

# print.c: table headers and dashes, and the `detail disk` labels, of every
# language in its texts[] table (C string literals, "\xNN" escapes and
# adjacent literals joined, decoded here).
texts=$(awk '/^static const lang_text texts\[/ { on = 1 } on { print } on && /^};/ { exit }' "$root/runtime/diskpart/print.c" |
        sed -E 's/" "//g')
literals() { printf '%s\n' "$texts" | grep -oE '"[^"]*"' | sed -E 's/^"//; s/"$//' | while IFS= read -r l; do printf '%b\n' "$l"; done; }
found=0 layouts=0
while IFS= read -r s; do
    layouts=$((layouts + 1))
    if shows_any=$(for f in "$corpus"/*.txt; do shows "$f" "$s" && { echo "${f##*/}"; break; }; done) && [ -n "$shows_any" ]; then
        found=$((found + 1))
    else
        echo "print.c: '$s' appears in no transcript"; fail=1
    fi
done < <(literals | grep -E '^  (-|.*###|N.. )')
while IFS= read -r label; do
    layouts=$((layouts + 1))
    if grep -hF -- "$label" "$corpus"/*.txt | awk -v l="$label" 'index($0, l) == 1 { f = 1 } END { exit !f }'; then
        found=$((found + 1))
    else
        echo "print.c: detail disk label '$label' appears in no transcript"; fail=1
    fi
done < <(literals | grep -E ': $')

# The one-line texts of print.c that a transcript must show (the others,
# "There are no volumes." of `detail disk`, no transcript shows).
for text in "There are no partitions on this disk to show."; do
    layouts=$((layouts + 1))
    if ! grep -qF "\"$text\"" "$root/runtime/diskpart/print.c"; then echo "print.c no longer prints '$text'"; fail=1
    elif grep -qxF "$text" "$corpus"/*.txt; then found=$((found + 1))
    else echo "print.c: '$text' appears in no transcript"; fail=1; fi
done

# Rows: a transcript mrb reads is printed back row for row (02: `list disk`
# and `list volume` of a real Server 2012 R2, piped to DiskPart).
if [ -n "${MRBC:-}" ]; then
    for t in 02-en-2012r2-piped-stdin; do
        layouts=$((layouts + 1))
        if ! "$MRBC" listing "$corpus/$t.txt" >"${TMPDIR:-/tmp}/dpmsg_rows.$$"; then
            echo "mrb no longer reads $t"; fail=1
        elif awk 'NR == FNR { sub(/[ \t]+$/, ""); seen[$0] = 1; next }
                  $0 != "" && !($0 in seen) { print "row not in the transcript: " $0; bad = 1 }
                  END { exit bad }' "$corpus/$t.txt" "${TMPDIR:-/tmp}/dpmsg_rows.$$"; then
            found=$((found + 1))
        else
            echo "print.c: the rows mrb prints for $t differ from DiskPart's"; fail=1
        fi
        rm -f "${TMPDIR:-/tmp}/dpmsg_rows.$$"
    done
fi

echo "dpmsg.h: $total texts: $v1 shown word for word by a corpus transcript, $v2 Microsoft's VDS message texts, $v0 unverified"
echo "print.c: $found of $layouts table headers, dashes, detail-disk labels, texts and row layouts shown by a corpus transcript"
exit "$fail"
