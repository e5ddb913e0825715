#!/usr/bin/env bash
# compile_localized.sh - a French or German capture of a degraded mirror
# (the guide's servers, with the words a --words file supplies) reads as the
# same server as the English capture and compiles to the same DiskPart
# scripts; only the driver's stale-plan guard differs, comparing the rows as
# the server prints them (and so does the compile id every file carries,
# a hash of the whole set).  Without the words file it is refused.
set -u
. "$(dirname "$0")/common.bash"
ex=$here/../examples
fx=$here/fixtures/listings
fail() { echo "FAIL: $*"; exit 1; }

for kind in gpt mbr; do
    en=$ex/listings/seed-$kind-probed.txt
    mkdir "$work/en-$kind"
    "$MRBC" compile "$ex/$kind-rebuild.mrb" --listing "$en" -o "$work/en-$kind" >/dev/null 2>"$work/en-$kind.err" ||
        fail "$kind: the English capture does not compile"
    "$MRBC" listing "$en" >"$work/en-$kind.txt" || fail "$kind: the English capture does not read"
    for lang in fr de; do
        loc=$fx/$lang-$kind-degraded.txt words=$fx/words-$lang.txt out=$work/$lang-$kind
        "$MRBC" listing "$loc" --words "$words" >"$out.txt" || fail "$lang-$kind: does not read"
        cmp -s "$work/en-$kind.txt" "$out.txt" || fail "$lang-$kind: reads as another server"
        mkdir "$out"
        "$MRBC" compile "$ex/$kind-rebuild.mrb" --listing "$loc" --words "$words" -o "$out" >/dev/null 2>"$out.err" ||
            fail "$lang-$kind: refused: $(cat "$out.err")"
        cmp -s "$work/en-$kind.err" "$out.err" || fail "$lang-$kind: other notes or warnings than in English"
        for s in "$work/en-$kind"/*.diskpart.txt; do
            cmp -s <(grep -v -e '^rem mrb compile id ' -e '^rem mrb listing ' "$s") \
                <(grep -v -e '^rem mrb compile id ' -e '^rem mrb listing ' "$out/${s##*/}") ||
                fail "$lang-$kind: ${s##*/} differs from the English one"
        done
        [ "$(ls "$out")" = "$(ls "$work/en-$kind")" ] || fail "$lang-$kind: other files than in English"
        # the guard checks the localised rows, and only the guard and the
        # name and hash of the listing differ
        grep -q "findstr /r /c:\"^  $([ $lang = fr ] && echo Disque || echo Datentr.ger) 0 " "$out/$kind-rebuild.cmd" ||
            fail "$lang-$kind: the guard does not check the server's own rows"
        # (up to the end of the run: the English driver compares the server
        # with the predicted listing, English text; this one says to do it
        # by hand)
        grep -q '^:after_compare' "$out/$kind-rebuild.cmd" && fail "$lang-$kind: the driver compares English text"
        grep -q 'another language than the one' "$out/$kind-rebuild.cmd" ||
            fail "$lang-$kind: the driver does not say to compare the end by hand"
        upto() { sed '/^:resync_done\|^:after\|^:guard_failed/,$d' "$1"; }
        diff <(upto "$work/en-$kind/$kind-rebuild.cmd") <(upto "$out/$kind-rebuild.cmd") | grep '^[<>]' |
            grep -v -e '^. rem Compiled from ' -e '^. rem mrb listing ' -e '^. findstr /r /c:' -e 'compile id' -e 'of this compile (id ' -e '^. if errorlevel 1 (echo mrb: the server no longer shows:' &&
            fail "$lang-$kind: the driver differs beyond its guard"
        # without the words, refused with the way to give them
        "$MRBC" compile "$ex/$kind-rebuild.mrb" --listing "$loc" -o "$work" >/dev/null 2>"$out.refused"
        [ $? = 1 ] || fail "$lang-$kind: compiled without its words"
        grep -q -- '--words' "$out.refused" || fail "$lang-$kind: the refusal does not name --words"
    done
done
# a third dynamic disk, with `detail disk` of every disk (field names and
# Yes/No given by the words file): the same model as the English capture
"$MRBC" listing "$fx/third-dynamic.txt" --format=json >"$work/third-en.json" || fail "third: does not read"
"$MRBC" listing "$fx/fr-third-dynamic.txt" --words "$fx/words-fr.txt" --format=json >"$work/third-fr.json" ||
    fail "third, French: does not read"
cmp -s "$work/third-en.json" "$work/third-fr.json" || fail "third, French: reads as another server"
grep -q '"volumes":\[2\]' "$work/third-fr.json" || fail "third, French: disk 2's volume table is lost"
"$MRBC" listing "$fx/de-third-dynamic.txt" --words "$fx/words-de.txt" --format=json >"$work/third-de.json" ||
    fail "third, German: does not read"
cmp -s "$work/third-en.json" "$work/third-de.json" || fail "third, German: reads as another server"
echo "French and German captures compile to the English scripts"
