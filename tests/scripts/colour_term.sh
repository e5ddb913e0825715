#!/usr/bin/env bash
# colour_term.sh - diagnostics are coloured on a terminal, except when
# NO_COLOR is set or TERM is dumb (a terminal that prints escape sequences
# as text).  script(1) gives mrb a terminal.
set -u
command -v script >/dev/null || { echo "colour_term: script(1) is missing (util-linux)"; exit 1; }
. "$(dirname "$0")/common.bash"
printf 'procedure "x"\nclean @\n' >"$work/bad.mrb"
fail=0
# $1: the environment, $2: yes or no (colour expected)
try() {
    env -u NO_COLOR $1 script -qec "\"$MRBC\" check \"$work/bad.mrb\"" /dev/null >"$work/out" 2>&1
    if grep -q $'\033\\[' "$work/out"; then got=yes; else got=no; fi
    [ "$got" = "$2" ] || { echo "FAIL: $1: colour $got, expected $2"; fail=1; }
    grep -q 'unexpected character' "$work/out" || { echo "FAIL: $1: no diagnostic"; cat "$work/out"; fail=1; }
}
try TERM=xterm yes
try TERM=dumb no
try "TERM=xterm NO_COLOR=1" no
exit $fail
