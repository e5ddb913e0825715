#!/usr/bin/env bash
# include_direction.sh - the sources depend one way, folder by folder.
#
# The folders by job (docs/PIPELINE.md), lowest first; a file may include
# its own folder's headers and those of a lower layer, never a higher one
# (nor a sibling of the same layer):
#   0 runtime/base      utilities, diagnostics, files, the platform
#   1 runtime/diskpart  the model of a server, DiskPart's commands, the simulator
#   2 runtime/server    what runs DiskPart for `mrb run`, and its journal
#   3 grammar/lang      the .mrb language: lexer, parser, tree
#   3 grammar/capture   the readers of captures: listing, words, inventory
#   4 compiler/check    the checker
#   5 compiler/plan     resolving and proving a plan
#   6 compiler/out      rendering a proved plan into files
#   7 compiler/run      `mrb run`'s executor
#   8 compiler/cli      the command line
# Every include of a project header names its folder ("diskpart/model.h"),
# so that this check is a matter of reading the include lines; a bare name
# is allowed only for the generated headers (parser.tab.h, diag_explain.h).
set -u
. "$(dirname "$0")/common.bash"
cd "$root" || exit 1
declare -A rank=([base]=0 [diskpart]=1 [server]=2 [lang]=3 [capture]=3 [check]=4 [plan]=5 [out]=6
                 [run]=7 [cli]=8)
declare -A top=([base]=runtime [diskpart]=runtime [server]=runtime [lang]=grammar [capture]=grammar
                [check]=compiler [plan]=compiler [out]=compiler [run]=compiler [cli]=compiler)
fails=0 files=0 includes=0
bad() { echo "include_direction: $*"; fails=$((fails + 1)); }
for dir in grammar/* compiler/* runtime/*; do
    [ -d "$dir" ] || { case $dir in *.md) ;; *) bad "$dir: a file outside the folders by job";; esac; continue; }
    sub=${dir#*/}
    [ -n "${rank[$sub]:-}" ] && [ "${top[$sub]}" = "${dir%%/*}" ] || { bad "$dir: a folder this test does not know"; continue; }
    for f in "$dir"/*; do
        case $f in *.c|*.h|*.re|*.y) ;; *) continue;; esac
        files=$((files + 1))
        while IFS=: read -r line inc; do
            includes=$((includes + 1))
            case $inc in
            parser.tab.h|diag_explain.h) continue;;
            */*) ;;
            *) bad "$f:$line: \"$inc\" does not name its folder"; continue;;
            esac
            to=${inc%%/*}
            [ -n "${rank[$to]:-}" ] || { bad "$f:$line: \"$inc\": no such folder"; continue; }
            [ -f "${top[$to]}/$inc" ] || { bad "$f:$line: \"$inc\": no such file in ${top[$to]}/$to"; continue; }
            [ "$to" = "$sub" ] || [ "${rank[$to]}" -lt "${rank[$sub]}" ] ||
                bad "$f:$line: $dir (layer ${rank[$sub]}) includes \"$inc\" (${top[$to]}/$to, layer ${rank[$to]})"
        done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/')
    done
done
[ "$files" -gt 50 ] || bad "read only $files source files: is the layout stale?"
[ "$includes" -gt 200 ] || bad "read only $includes includes: is the pattern stale?"
[ $fails = 0 ] || exit 1
echo "include_direction: $files files, $includes includes, each downward or within its folder"
