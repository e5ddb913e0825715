#!/usr/bin/env bash
# man_pages.sh - the manuals format without a warning under groff -man -ww
# (every warning class), and each says what it is.
set -u
. "$(dirname "$0")/common.bash"
cd "$root"
command -v groff >/dev/null || { echo "man_pages: groff is missing (make test installs groff-base)"; exit 1; }
fail=0
for m in docs/mrb.1 docs/mrb.5; do
    [ -f "$m" ] || { echo "man_pages: $m is missing"; fail=1; continue; }
    w=$(groff -man -ww -z "$m" 2>&1)
    [ -z "$w" ] || { echo "man_pages: $m: $w"; fail=1; }
    sec=${m##*.}
    head -n 5 "$m" | grep -q "^\.TH [A-Z0-9]* $sec " || { echo "man_pages: $m: no .TH of section $sec"; fail=1; }
    # rendered, the page has its NAME and no unexpanded escape
    txt=$(groff -man -Tutf8 -P-cbou "$m" 2>&1)
    grep -q '^NAME' <<<"$txt" || { echo "man_pages: $m: no NAME section once formatted"; fail=1; }
done
exit $fail
