#!/usr/bin/env bash
# installed_docs.sh - after make install, every file the help names is
# there: `mrb --help`, `mrb COMMAND --help`, `mrb explain` of every code
# and the installed manuals name SPEC.md, README.md, examples/... and the
# folder that holds them; each must exist under the installed prefix (a
# file of the source tree named by its path must be installed with it).
set -u
. "$(dirname "$0")/common.bash"
cd "$root"
dest=$work
fail=0
bad() { echo "installed_docs: $*"; fail=1; }
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory O="$(dirname "$MRBC")" \
    DESTDIR="$dest" PREFIX=/opt/mrb "$@"; }
out=$(mk install 2>&1) || { echo "installed_docs: make install failed: $out"; exit 1; }
p=$dest/opt/mrb
doc=$p/share/doc/mrb
mrb=$p/bin/mrb

# everything the installed mrb and manuals say, as text
{
    "$mrb" --help
    for c in $("$mrb" --help | sed -n 's/^  \([a-z]*\) .*/\1/p' | sort -u); do
        "$mrb" help "$c" >/dev/null 2>&1 && "$mrb" "$c" --help
    done
    "$mrb" explain $("$mrb" explain --list | cut -d' ' -f1)
    for m in "$p/share/man/man1/mrb.1" "$p/share/man/man5/mrb.5"; do
        groff -man -Tutf8 -P-cbou "$m" 2>/dev/null
    done
} >"$dest/said.txt"
grep -q 'SPEC.md' "$dest/said.txt" || bad "nothing names SPEC.md (the test reads nothing)"

# the folder --help names is the installed one, and holds the documents
grep -qF "are in $doc" "$dest/said.txt" || bad "--help does not name $doc: $(tail -n 3 <<<"$("$mrb" --help)")"
for f in SPEC.md README.md examples/gpt-rebuild.mrb; do [ -f "$doc/$f" ] || bad "$doc/$f is not installed"; done
# the manuals name DOCDIR as installed
grep -q "/opt/mrb/share/doc/mrb" "$dest/said.txt" || bad "the manuals do not name /opt/mrb/share/doc/mrb"
grep -q "/usr/local/share/doc/mrb" "$dest/said.txt" && bad "an installed manual still names /usr/local/share/doc/mrb"
for f in $(grep -o '/opt/mrb/share/doc/mrb[^ ,;)]*' "$dest/said.txt" | sed 's/[.,]$//' | sort -u); do
    [ -e "$dest$f" ] || bad "a manual names $f, which make install did not install"
done

# every file of the source tree named by its path (SPEC.md, runtime/diskpart/MODEL.md,
# examples/...) is installed under the same path
n=0
for t in $(grep -oE '[A-Za-z0-9_][A-Za-z0-9_./-]*\.(md|mrb|txt)|examples/' "$dest/said.txt" | sort -u); do
    [ -e "$root/$t" ] || continue          # a user's file: snapshot.txt, rebuild.mrb
    n=$((n + 1))
    [ -e "$doc/$t" ] || bad "the help names $t, which make install did not install in $doc"
done
[ "$n" -gt 0 ] || bad "no file of the source tree is named (the test reads nothing)"

out=$(mk uninstall 2>&1) || bad "make uninstall failed: $out"
left=$(find "$dest" -path "$dest/said.txt" -prune -o -type f -print)
[ -z "$left" ] || bad "make uninstall left: $left"
exit $fail
