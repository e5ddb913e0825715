#!/usr/bin/env bash
# name_clash.sh - no file `make install PREFIX=/usr` writes is a file of a Debian package.
#
# The command was renamed from mrbc, which Debian's mruby package ships as
# /usr/bin/mrbc: with both installed, one hid the other.  This installs
# mrb into a scratch DESTDIR with PREFIX=/usr, as a Debian package would,
# and checks every file it writes, and the command's name in every folder
# of PATH, against Debian's Contents index (every file of every package of
# main, amd64) of bookworm and trixie.  make test checks the names the
# install writes against the ones the last check found free (below);
# the archive is only reached by the long form.
# long: TEST_LONG=1 (make check-long) downloads the two Contents indexes
# (about 25 MB) and checks every installed path against them; without the
# network it fails, saying so.
set -u
. "$(dirname "$0")/common.bash"
make -s -C "$root" install DESTDIR="$work/dest" PREFIX=/usr >"$work/install.log" 2>&1 ||
    { echo "name_clash: make install failed"; cat "$work/install.log"; exit 1; }
(cd "$work/dest" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) >"$work/paths"
[ -s "$work/paths" ] || { echo "name_clash: the install wrote nothing"; exit 1; }
grep -qx 'usr/bin/mrb' "$work/paths" || { echo "name_clash: no usr/bin/mrb installed"; cat "$work/paths"; exit 1; }
# the command under every folder a Debian PATH holds
for d in usr/local/sbin usr/local/bin usr/sbin usr/bin sbin bin usr/games; do echo "$d/mrb"; done >>"$work/paths"
LC_ALL=C sort -u -o "$work/paths" "$work/paths"
if grep -n 'mrbc' "$work/paths"; then echo "name_clash: an installed file still bears the old name"; exit 1; fi
if [ "${TEST_LONG:-0}" != 1 ]; then
    echo "name_clash: $(wc -l <"$work/paths") paths, none named mrbc (the archive is checked by make check-long)"
    exit 0
fi
fails=0
for suite in bookworm trixie; do
    url=http://deb.debian.org/debian/dists/$suite/main/Contents-amd64.gz
    curl -fsS --max-time 300 -o "$work/$suite.gz" "$url" ||
        { echo "name_clash: cannot download $url (the check needs Debian's archive)"; exit 1; }
    # a Contents line: the path, spaces, then section/package[,section/package...]
    zcat "$work/$suite.gz" | awk '{print $1}' | LC_ALL=C sort -u >"$work/$suite.files"
    [ "$(wc -l <"$work/$suite.files")" -gt 100000 ] || { echo "name_clash: $suite's index is too short"; exit 1; }
    # the test can fail: mruby's old clash is in the index
    grep -qx 'usr/bin/mrbc' "$work/$suite.files" || { echo "name_clash: $suite has no usr/bin/mrbc: not the index expected"; exit 1; }
    clash=$(LC_ALL=C comm -12 "$work/paths" "$work/$suite.files")
    if [ -n "$clash" ]; then echo "name_clash: $suite ships $clash"; fails=$((fails + 1)); fi
done
[ $fails = 0 ] || exit 1
echo "name_clash: $(wc -l <"$work/paths") paths, none in bookworm's or trixie's Contents index"
