#!/usr/bin/env bash
# help_options.sh - the help cannot drift from the option parsing.
#
# The options each subcommand accepts are read from its parser
# (compiler/cli/cmd_*.c: every "--name" or "-x" in the function cmd_NAME, or
# NAME_parse, that its option table lists, CLI_FLAG or CLI_VALUE, or that
# cli_opt or strcmp matches).  Each must appear in `mrb NAME --help`, both in
# its options and in its usage lines, in the subcommand's section of the
# manual docs/mrb.1 and in the manual's SYNOPSIS; each option the help
# lists must be one the parser matches; `mrb --help` shows each
# subcommand's usage lines whole.  `mrb NAME --help` exits 0 with a
# usage, the options and an example; `mrb explain --list` lists every code
# of runtime/base/diag_codes.def, in order, with its summary.
set -u
. "$(dirname "$0")/common.bash"
cd "$root"
fail=0
bad() { echo "help_options: $*"; fail=1; }

pairs=$(awk '
    FNR == 1 { cmd = "" }
    match($0, /^int cmd_[a-z]+\(/) { cmd = substr($0, 9, RLENGTH - 9) }
    match($0, /^static int [a-z]+_parse\(/) { cmd = substr($0, 12, RLENGTH - 18) }
    {
        line = $0
        while (match(line, /(cli_opt\([^"]*|strcmp\(argv\[[a-z0-9]+\], |CLI_(FLAG|VALUE)\()"-[-a-z]*"/)) {
            s = substr(line, RSTART, RLENGTH)
            sub(/^[^"]*"/, "", s); sub(/"$/, "", s)
            if (cmd != "" && s != "-") print cmd, s
            line = substr(line, RSTART + RLENGTH)
        }
    }' compiler/cli/cmd_*.c | sort -u)
cmds=$(sed -n 's/^int cmd_\([a-z]*\)(.*/\1/p' compiler/cli/cmd_*.c | sort -u)
[ "$(wc -l <<<"$pairs")" -ge 15 ] || bad "found only $(wc -l <<<"$pairs") options in compiler/cli/cmd_*.c: is the pattern stale?"
[ "$(wc -w <<<"$cmds")" -ge 7 ] || bad "found only $(wc -w <<<"$cmds") subcommands in compiler/cli/cmd_*.c"

# the manual's text, one subcommand's section at a time (.SS "mrb NAME")
# ("" for the whole manual)
man_section() {
    sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' docs/mrb.1 |
        awk -v c="$1" 'c == "" { print; next }
            /^\.S[SH]/ { on = ($0 ~ "^\\.SS \"?mrb " c "[ \"]" || $0 ~ "^\\.SS \"?mrb " c "$") } on'
}

# the manual's SYNOPSIS lines of subcommand $1 (.SY "mrb NAME" to .YS)
man_synopsis() {
    sed -e 's/\\-/-/g' docs/mrb.1 | awk -v c="$1" '$0 == ".SY \"mrb " c "\"" { on = 1 } on; /^\.YS/ { on = 0 }'
}
main_help=$("$MRBC" --help 2>&1)
word() { grep -qE -- "(^|[^-a-zA-Z0-9])$1([^-a-zA-Z0-9]|\$)"; }

for c in $cmds; do
    help=$("$MRBC" "$c" --help 2>&1); rc=$?
    # the usage lines: from "usage:" to the first blank line
    usage=$(awk '/^usage:/ { on = 1 } /^$/ { if (on) exit } on' <<<"$help")
    # mrb --help's lines of this subcommand: from "  NAME " to another's
    main=$(awk -v c="$c" '/^  [a-z]+ / { on = ($1 == c) } /^[^ ]/ { on = 0 } on' <<<"$main_help")
    while IFS= read -r u; do
        u=$(sed -E "s/^usage: //; s/^ *//; s/^mrb $c //" <<<"$u")
        grep -qF -- "$u" <<<"$main" || bad "mrb --help does not show mrb $c's usage line '$u'"
    done <<<"$usage"
    synopsis=$(man_synopsis "$c")
    [ -n "$synopsis" ] || bad "docs/mrb.1 has no SYNOPSIS entry .SY \"mrb $c\""
    [ "$rc" = 0 ] || bad "mrb $c --help: exit status $rc"
    for w in "^usage: mrb $c" '^options:' '^example:' '^  --help '; do
        grep -q -- "$w" <<<"$help" || bad "mrb $c --help: no line matching '$w'"
    done
    [ -z "$("$MRBC" "$c" --help 2>&1 >/dev/null)" ] || bad "mrb $c --help writes to stderr"
    man=$(man_section "$c")
    [ -n "$man" ] || bad "docs/mrb.1 has no section .SS \"mrb $c\""
    for o in $(awk -v c="$c" '$1 == c { print $2 }' <<<"$pairs"); do
        grep -qE -- "^  $o([= ]|\$)" <<<"$help" || bad "mrb $c accepts $o but its --help does not list it"
        [ "$o" = -- ] && { man_section "" | grep -q '^\.B --$' || bad "docs/mrb.1 does not document --"; continue; }
        word "$o" <<<"$usage" || bad "mrb $c accepts $o but its usage lines (mrb $c --help) do not show it"
        word "$o" <<<"$synopsis" || bad "mrb $c accepts $o but the SYNOPSIS of docs/mrb.1 does not show it"
        grep -qE -- "(^|[^-a-zA-Z0-9])$o([^-a-zA-Z0-9]|$)" <<<"$man" || bad "mrb $c accepts $o but docs/mrb.1 (.SS \"mrb $c\") does not document it"
    done
    for o in $(sed -n 's/^  \(-[-a-z]*\).*/\1/p' <<<"$help"); do
        [ "$o" = --help ] || [ "$o" = -- ] && continue   # every command's, printed by help.c
        grep -qx "$c $o" <<<"$pairs" || bad "mrb $c --help lists $o, which compiler/cli/cmd_$c.c does not parse"
    done
done

for o in --help --version; do
    man_section "" | grep -qF -- "$o" || bad "docs/mrb.1 does not document mrb $o"
done

# explain --list: every registered code, in order, with its summary
want=$(sed -n 's/^DIAG(\([EW][0-9]*\), "\([^"]*\)", "\(.*\)")$/\1 \2 \3/p' runtime/base/diag_codes.def | sed 's/\\\\/\\/g; s/\\"/"/g')
got=$("$MRBC" explain --list | sed 's/  */ /g')
[ "$(wc -l <<<"$want")" -ge 80 ] || bad "read only $(wc -l <<<"$want") codes from runtime/base/diag_codes.def"
[ "$want" = "$got" ] || { bad "mrb explain --list differs from runtime/base/diag_codes.def"; diff <(echo "$want") <(echo "$got") | head; }

exit $fail
