#!/usr/bin/env bash
# golden_cmd_plain.sh - a golden case's cmd is the arguments to mrb, as
# data: an input made by shell is made in the case's setup.  A case whose
# cmd must still wrap mrb in shell (a command list, a pipe, a second run
# of mrb) says why, on a line starting "cmd wraps mrb:" (after "# " in
# setup) in its setup or NOTE.  Redirections of mrb's own streams are
# arguments too.
set -u
. "$(dirname "$0")/common.bash"
bad=0 n=0 wrapped=0
for c in "$here"/golden/*/*/cmd; do
    d=${c%/cmd} n=$((n + 1))
    # a ';', '|', '&&', a subshell or "$MRBC": shell around mrb
    grep -qE ';|\||&&|^\(|\$MRBC|\bbash\b' "$c" || continue
    wrapped=$((wrapped + 1))
    if ! grep -qsE '^(# )?cmd wraps mrb:' "$d/setup" "$d/NOTE"; then
        echo "FAIL: ${d#"$here"/}: cmd wraps mrb in shell and says not why (setup or NOTE: 'cmd wraps mrb: ...')"
        bad=1
    fi
done
[ "$n" -gt 0 ] || { echo "FAIL: no golden case found"; exit 1; }
echo "golden_cmd_plain: $n cases, $wrapped of them wrapping mrb in shell"
exit $bad
