#!/usr/bin/env bash
# help_options.sh - the help cannot drift from the option parsing.
#
# The options each subcommand accepts are read from its parser
# (compiler/cli/cmd_*.c: every "--name" or "-x" in the function cmd_NAME, or
# NAME_parse, that its option table lists, CLI_FLAG or CLI_VALUE, or that
# cli_opt or strcmp matches).  Each must appear in `mrb NAME --help` and in the
# subcommand's section of the manual docs/mrb.1; each option the help
# lists must be one the parser matches.  `mrb NAME --help` exits 0 with a
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

for c in $cmds; do
    help=$("$MRBC" "$c" --help 2>&1); rc=$?
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
