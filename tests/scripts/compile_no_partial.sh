#!/usr/bin/env bash
# compile_no_partial.sh - mrb compile writes all of its files or none.
set -u
. "$(dirname "$0")/common.bash"
ex=$here/../examples
fail() { echo "FAIL: $*"; exit 1; }

# a refused procedure: nothing at all in the output folder
mkdir "$work/refused"
printf 'procedure "x"\ndisk s = disk where status = Online and dynamic\nstep "wipe" {\n    select disk s\n    clean\n}\n' >"$work/x.mrb"
"$MRBC" compile "$work/x.mrb" --listing "$ex/listings/seed-mbr-probed.txt" -o "$work/refused" >/dev/null 2>&1
[ $? = 1 ] || fail "a refused compile must exit 1"
[ -z "$(ls -A "$work/refused")" ] || fail "a refused compile wrote: $(ls -A "$work/refused")"

# the driver cannot be put in place: the scripts are taken back too
mkdir -p "$work/blocked/mbr-rebuild.cmd"
"$MRBC" compile "$ex/mbr-rebuild.mrb" --listing "$ex/listings/seed-mbr-probed.txt" -o "$work/blocked" >/dev/null 2>"$work/err"
[ $? = 2 ] || fail "a compile that cannot write must exit 2"
grep -q 'nothing was written' "$work/err" || fail "no 'nothing was written' message: $(cat "$work/err")"
[ "$(ls -A "$work/blocked")" = "mbr-rebuild.cmd" ] || fail "left behind: $(ls -A "$work/blocked")"

# a good compile, twice: the same bytes, and no staging file left
for n in 1 2; do
    mkdir "$work/ok$n"
    "$MRBC" compile "$ex/gpt-rebuild.mrb" --listing "$ex/listings/seed-gpt-probed.txt" -o "$work/ok$n" >/dev/null 2>&1 ||
        fail "the GPT example does not compile"
done
diff -r "$work/ok1" "$work/ok2" || fail "two compiles differ"
ls "$work/ok1" | grep -q "\.mrb-" && fail "staging files left"
# every emitted file is ASCII with CRLF line ends and no blank line in scripts,
# but for the listing's own bytes
cmp -s "$work/ok1/gpt-rebuild.listing.txt" "$ex/listings/seed-gpt-probed.txt" || fail "NAME.listing.txt is not the listing"
for f in "$work"/ok1/*; do
    [ "${f##*/}" = gpt-rebuild.listing.txt ] && continue
    LC_ALL=C grep -q '[^[:print:][:space:]]' "$f" && fail "$f is not ASCII"
    [ "$(tr -cd '\n' <"$f" | wc -c)" = "$(grep -c $'\r$' "$f")" ] || fail "$f has a line without CR"
done
for f in "$work"/ok1/*.diskpart.txt; do
    grep -q $'^\r$' "$f" && fail "$f has a blank line"
    grep -qi 'noerr' "$f" && fail "$f uses noerr"
done
# the lock file (compiler/out/outdir.h): one a killed compile left holds no lock
# and is taken over, then removed; a symbolic link under its name is never
# followed
mkdir "$work/stale"
printf '999999\n' >"$work/stale/gpt-rebuild.mrb-lock"
"$MRBC" compile "$ex/gpt-rebuild.mrb" --listing "$ex/listings/seed-gpt-probed.txt" -o "$work/stale" >/dev/null 2>&1 ||
    fail "a lock file left by a killed compile blocks the next one"
[ -e "$work/stale/gpt-rebuild.mrb-lock" ] && fail "the lock file was not removed"
diff -r "$work/ok1" "$work/stale" >/dev/null || fail "the folder is not the set: $(ls -A "$work/stale")"
mkdir "$work/link"
ln -s "$work/planted" "$work/link/gpt-rebuild.mrb-lock"
"$MRBC" compile "$ex/gpt-rebuild.mrb" --listing "$ex/listings/seed-gpt-probed.txt" -o "$work/link" >/dev/null 2>&1
[ $? = 2 ] || fail "a symbolic link for the lock file must make the compile fail (exit 2)"
[ -e "$work/planted" ] && fail "the lock file's symbolic link was followed"
[ "$(ls -A "$work/link")" = "gpt-rebuild.mrb-lock" ] || fail "left behind: $(ls -A "$work/link")"
# nor is a file with another name (a hard link) emptied to hold the pid
mkdir "$work/hard"
echo precious >"$work/victim"
ln "$work/victim" "$work/hard/gpt-rebuild.mrb-lock"
"$MRBC" compile "$ex/gpt-rebuild.mrb" --listing "$ex/listings/seed-gpt-probed.txt" -o "$work/hard" >/dev/null 2>&1
[ $? = 2 ] || fail "a hard link for the lock file must make the compile fail (exit 2)"
[ "$(cat "$work/victim")" = precious ] || fail "the lock file's other name was written to"
echo "compile writes all or nothing"
