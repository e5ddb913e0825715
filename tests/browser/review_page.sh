#!/usr/bin/env bash
# review_page.sh - NAME.review.html in a real browser (headless Chromium,
# Debian's package): for each example, the page renders to a PNG, the
# browser logs no console message (a control page that does log one
# proves the check can fail), the page asks for nothing over the network,
# and the DOM the browser built holds one SVG group per disk of the
# listing (data-disk), each with a bar before and a bar after.
# Then at 760 and 1280 px wide, as a reviewer reads it: a screenshot that
# wide, and, measured by a script added to a copy of the page, nothing
# wider than the window (no sideways scroll), no <pre> whose lines are cut
# off (the plan's key line), the picture scaled to the page (a viewBox,
# wider at 1280 than at 760), every part of a bar at least MIN_PART px
# wide and each part widened to be seen labelled inside it, and the
# compile id on the page, the one the scripts' first line holds.
# Usage: MRBC=build/mrb [CHROMIUM=chromium] review_page.sh
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

MIN_PART=12
# the measuring script (added before </body> of a copy of the page): its
# figures land in body's data-measure attribute, which --dump-dom prints
cat >"$work/measure.js" <<'EOF'
<script>
(function () {
  var r = [], de = document.documentElement, cut = 0, svg = document.querySelector('svg');
  var ws = document.querySelectorAll('rect[data-widened]'), minw = 1e9, minr = 1e9, unl = 0;
  var id = document.getElementById('compile-id');
  r.push('viewport=' + innerWidth, 'docwidth=' + de.scrollWidth);
  document.querySelectorAll('pre').forEach(function (p) { if (p.scrollWidth > p.clientWidth + 1) cut++; });
  r.push('precut=' + cut);
  if (svg) {
    var sb = svg.getBoundingClientRect();
    r.push('svgwidth=' + Math.round(sb.width), 'viewbox=' + (svg.getAttribute('viewBox') ? 'yes' : 'no'));
  }
  document.querySelectorAll('g.bar rect').forEach(function (x) { minr = Math.min(minr, x.getBoundingClientRect().width); });
  ws.forEach(function (x) {
    var b = x.getBoundingClientRect(), t = x.nextElementSibling;
    minw = Math.min(minw, b.width);
    if (!t || t.tagName !== 'text') unl++;
    else { var tb = t.getBoundingClientRect(); if (tb.left < b.left - 0.5 || tb.right > b.right + 0.5) unl++; }
  });
  r.push('minpart=' + Math.floor(minr), 'widened=' + ws.length, 'unlabelled=' + unl);
  r.push('compileid=' + (id ? id.textContent : 'none'));
  document.body.setAttribute('data-measure', r.join(' '));
})();
</script>
EOF
# the figure named $2 in the measure line $1
fig() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

# $1 tag, $2 the page, $3 its folder, $4 the window's width, $5 widened parts expected (0 or 1)
widths() {
    local tag=$1 html=$2 dir=$3 w=$4 m id
    chrome --screenshot="$work/$tag-$w.png" --window-size=$w,2400 "file://$html" >/dev/null 2>&1
    [ "$(od -An -tu1 -j16 -N4 "$work/$tag-$w.png" 2>/dev/null | awk '{print $1*16777216+$2*65536+$3*256+$4}')" = "$w" ] ||
        fail "$tag: no $w px wide screenshot"
    sed 's|</body>|'"$(tr -d '\n' <"$work/measure.js" | sed 's/[&|\\]/\\&/g')"'</body>|' "$html" >"$dir/measured.html"
    m=$(chrome --window-size=$w,2400 --dump-dom "file://$dir/measured.html" 2>/dev/null |
        sed -n 's/.*data-measure="\([^"]*\)".*/\1/p')
    [ -n "$m" ] || { fail "$tag at $w px: the measuring script gave nothing"; return; }
    [ "$(fig "$m" viewport)" = "$w" ] || fail "$tag at $w px: the window is $(fig "$m" viewport) px wide"
    [ "$(fig "$m" docwidth)" -le "$w" ] || fail "$tag at $w px: the page is $(fig "$m" docwidth) px wide (it scrolls sideways)"
    [ "$(fig "$m" precut)" = 0 ] || fail "$tag at $w px: $(fig "$m" precut) text boxes cut their lines off"
    [ "$(fig "$m" viewbox)" = yes ] || fail "$tag: the picture has no viewBox"
    [ "$(fig "$m" minpart)" -ge $MIN_PART ] || fail "$tag at $w px: a part of a bar is $(fig "$m" minpart) px wide"
    [ "$(fig "$m" unlabelled)" = 0 ] || fail "$tag at $w px: $(fig "$m" unlabelled) widened parts have no name inside"
    [ "$5" = 0 ] || [ "$(fig "$m" widened)" -gt 0 ] || fail "$tag: no small part drawn wider"
    id=$(sed -n '1s/^rem mrb compile id \([0-9a-f]*\).*/\1/p' "$dir"/*.00.diskpart.txt)
    [ -n "$id" ] && [ "$(fig "$m" compileid)" = "$id" ] ||
        fail "$tag: the page shows compile id '$(fig "$m" compileid)', the scripts '$id'"
    echo "$(fig "$m" svgwidth)" >"$dir/svg-$w"
}

n=0
page() {
    local proc=$1 listing=$2 tag=$3 disks name html   # $4: widened parts expected (0 or 1)
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
    widths "$tag" "$html" "$work/$tag" 760 "$4"
    widths "$tag" "$html" "$work/$tag" 1280 "$4"
    [ "$(cat "$work/$tag/svg-1280" 2>/dev/null || echo 0)" -gt "$(cat "$work/$tag/svg-760" 2>/dev/null || echo 0)" ] ||
        fail "$tag: the picture is no wider at 1280 px than at 760 px"
    n=$((n + 1))
}
# (the GPT guide's 350 MB EFI partition on a 1863 GB disk: a tenth of a px to scale)
page "$ex/gpt-rebuild.mrb" "$ex/listings/seed-gpt-probed.txt" gpt 1
page "$ex/mbr-rebuild.mrb" "$ex/listings/seed-mbr-probed.txt" mbr 0
page "$ex/rebuild.mrb" "$here/golden/compile/gpt-three-mirrors/listing.txt" three-mirrors 0
page "$ex/rebuild.mrb" "$here/golden/compile/gpt-third-dynamic-disk/listing.txt" third-disk 0
[ $fails = 0 ] && echo "$n review pages render in $browser with no console message, one bar pair per disk," \
    "at 760 and 1280 px wide with nothing cut off, small parts drawn wider and named, the compile id shown"
[ $fails = 0 ]
