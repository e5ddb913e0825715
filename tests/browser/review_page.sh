#!/usr/bin/env bash
# review_page.sh - NAME.review.html in a real browser (headless Chromium,
# Debian's package): for each example, the page renders to a PNG, the
# browser logs no console message (a control page that does log one
# proves the check can fail), the page asks for nothing over the network,
# and the DOM the browser built holds one SVG group per disk of the
# listing (data-disk), each with a bar before and a bar after.
# Usage: MRBC=build/mrbc [CHROMIUM=chromium] review_page.sh
# (make test-browser installs chromium first; not part of make test.)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
ex=$here/../examples
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
browser=${CHROMIUM:-chromium}
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# headless, and without the sandbox when run as root (CI containers)
flags=(--headless --disable-gpu --no-first-run --no-default-browser-check --hide-scrollbars
       --user-data-dir="$work/profile" --enable-logging=stderr --v=0)
[ "$(id -u)" = 0 ] && flags+=(--no-sandbox)
chrome() { timeout 120 "$browser" "${flags[@]}" "$@"; }

# the control: a page that logs an error must show in the log
printf '<!DOCTYPE html><html><body><script>console.error("mrb-control")</script></body></html>\n' >"$work/control.html"
chrome --dump-dom "file://$work/control.html" >/dev/null 2>"$work/control.log"
grep -q 'CONSOLE.*mrb-control' "$work/control.log" ||
    fail "the browser logs no console message for the control page: the check below could not fail"

n=0
page() {
    local proc=$1 listing=$2 tag=$3 disks name html
    name=$(basename "$proc" .mrb)
    mkdir -p "$work/$tag"
    "$MRBC" compile "$proc" --listing "$listing" -o "$work/$tag" >/dev/null 2>&1 || { fail "$tag: does not compile"; return; }
    html=$work/$tag/$name.review.html
    [ -f "$html" ] || { fail "$tag: no $name.review.html"; return; }
    grep -qiE '<script|src=|href=|url\(|@import' "$html" && fail "$tag: the page loads something or runs a script"
    LC_ALL=C grep -q '[^ -~'$'\r'']' "$html" && fail "$tag: the page is not ASCII"
    disks=$("$MRBC" listing "$listing" 2>/dev/null | grep -cE '^  Disk [M0-9]')
    chrome --screenshot="$work/$tag.png" --window-size=1000,2000 "file://$html" >/dev/null 2>"$work/$tag.shot.log"
    [ "$(head -c 8 "$work/$tag.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
        fail "$tag: no PNG rendered: $(tail -n 3 "$work/$tag.shot.log")"
    chrome --dump-dom "file://$html" >"$work/$tag.dom" 2>"$work/$tag.log"
    grep -q 'CONSOLE' "$work/$tag.log" "$work/$tag.shot.log" &&
        fail "$tag: console messages: $(grep -h CONSOLE "$work/$tag.log" "$work/$tag.shot.log" | head -n 3)"
    [ "$(grep -o 'class="disk" data-disk="[^"]*"' "$work/$tag.dom" | sort -u | wc -l)" = "$disks" ] ||
        fail "$tag: the SVG does not hold one bar per disk ($disks disks): $(grep -o 'data-disk="[^"]*"' "$work/$tag.dom" | tr '\n' ' ')"
    [ "$(grep -o 'data-bar="before"' "$work/$tag.dom" | wc -l)" = "$disks" ] &&
        [ "$(grep -o 'data-bar="after"' "$work/$tag.dom" | wc -l)" = "$disks" ] ||
        fail "$tag: not a bar before and a bar after for each of the $disks disks"
    grep -q '<svg' "$work/$tag.dom" || fail "$tag: the browser built no SVG"
    n=$((n + 1))
}
page "$ex/gpt-rebuild.mrb" "$ex/listings/seed-gpt-probed.txt" gpt
page "$ex/mbr-rebuild.mrb" "$ex/listings/seed-mbr-probed.txt" mbr
page "$ex/rebuild.mrb" "$here/golden/compile/gpt-three-mirrors/listing.txt" three-mirrors
page "$ex/rebuild.mrb" "$here/golden/compile/gpt-third-dynamic-disk/listing.txt" third-disk
[ $fails = 0 ] && echo "$n review pages render in $browser with no console message, one bar pair per disk"
[ $fails = 0 ]
