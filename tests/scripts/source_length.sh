#!/usr/bin/env bash
# source_length.sh - no source file over 900 lines, no function over 100,
# without a written reason.
#
# The house's sizes: a C, re2c or bison source of the tree (grammar/,
# compiler/, runtime/, tests/) over 900 lines says why in its first comment
# (a paragraph "Length.", or one that names its 900 lines); a function whose
# body (the lines between its braces, each at the start of a line) is over
# 100 lines says why in the comment just above it ("Over 100 lines ..."), as
# the scanners do.  Tables of rules are data, not functions: their braces
# do not start a line.
set -u
. "$(dirname "$0")/common.bash"
cd "$root" || exit 1
fails=0 files=0 functions=0
while IFS= read -r f; do
    files=$((files + 1))
    n=$(wc -l <"$f")
    if [ "$n" -gt 900 ] && ! sed -n '1,/\*\//p' "$f" | grep -Eq 'Length\.|900 lines'; then
        echo "source_length: $f has $n lines, and its first comment gives no reason (a paragraph 'Length.')"
        fails=$((fails + 1))
    fi
    out=$(awk -v f="$f" '
        /^$/ { comment = "" }
        /^\/\*/ { incomment = 1; comment = "" }
        incomment { l = $0; sub(/^[ \t]*\*[ \t]*/, "", l); comment = comment " " l }
        incomment && /\*\// { incomment = 0 }
        /^\{/ { start = NR; why = comment ~ /Over +100 +lines/; nfun++ }
        /^\}/ && start { body = NR - start - 1
                         if (body > 100 && !why)
                             printf "source_length: %s:%d: a function of %d lines, and no comment above it says why (\"Over 100 lines ...\")\n", f, start, body
                         start = 0 }
        END { printf "functions %d\n", nfun }' "$f")
    functions=$((functions + $(sed -n 's/^functions //p' <<<"$out")))
    grep -v '^functions ' <<<"$out" && fails=$((fails + $(grep -vc '^functions ' <<<"$out")))
done < <(find grammar compiler runtime tests \( -name '*.c' -o -name '*.h' -o -name '*.re' -o -name '*.y' \) -type f | LC_ALL=C sort)
[ "$files" -gt 100 ] && [ "$functions" -gt 1000 ] || { echo "source_length: only $files files, $functions functions read"; exit 1; }
[ "$fails" = 0 ] || exit 1
echo "source_length: $files files, $functions functions, none over the house's sizes without a reason"
