#!/usr/bin/env bash
# completion.sh - the bash and zsh completion of mrb.
#
# bash: completion/mrb.bash is sourced and _mrb called as bash calls it
# (COMP_WORDS, COMP_CWORD) on command lines of every kind: commands,
# options, --format values in each spelling, .mrb files, codes.
# zsh: completion/_mrb must parse (zsh -n), and with _arguments, compadd
# and _describe replaced by functions that print what they are given, the
# option specs it builds must be the command's options from its --help.
set -u
. "$(dirname "$0")/common.bash"
cd "$root"
fail=0
bad() { echo "completion: $*"; fail=1; }

# expect "WORDS..." "EXPECTED REPLIES (sorted, space-separated)"
expect() {
    local got
    got=$(MRBC="$MRBC" bash -c '
        source completion/mrb.bash
        read -ra COMP_WORDS <<<"$1"
        COMP_WORDS=("$MRBC" "${COMP_WORDS[@]}")
        [[ $1 == *" " || -z $1 ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _mrb
        printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$1")
    [ "${got% }" = "$2" ] || bad "bash: mrb $1<TAB>: got '${got% }', expected '$2'"
}
expect "" "--help --version check compile explain help listing probe run sim ticket verify"
expect "c" "check compile"
expect "check --" "--disable --enable --format --help --severity --werror"
expect "check --format=" "--format=json --format=sarif --format=text"
expect "check --format = s" "sarif"
expect "check --format j" "json"
expect "listing --format=" "--format=json --format=text"
expect "check examples/" "examples/gpt-rebuild.mrb examples/listings examples/mbr-rebuild.mrb examples/rebuild.mrb"
expect "explain W4" "W401 W402 W403 W404"
expect "run x.mrb --re" "--resume --resync-poll"
expect "run x.mrb --in" "--inventory"
expect "run x.mrb --inventory examples/listings/seed-g" "examples/listings/seed-gpt-probed.txt examples/listings/seed-gpt.txt"
expect "compile x.mrb -o examples/l" "examples/listings"
expect "help pro" "probe"
expect "probe --disks " ""
expect "ticket x.mrb --re" "--replace"
expect "ticket x.mrb --listing=examples/listings/seed-g" "--listing=examples/listings/seed-gpt-probed.txt --listing=examples/listings/seed-gpt.txt"
expect "ticket examples/g" "examples/gpt-rebuild.mrb"
expect "compile x.mrb --t" "--ticket"

if command -v zsh >/dev/null; then
    zsh -n completion/_mrb || bad "zsh: completion/_mrb does not parse"
    out=$(MRBC="$MRBC" zsh -f -c '
        _describe() { print -r -- "describe: ${(P)4}"; }
        compadd() { print -r -- "compadd: $*"; }
        _arguments() { print -rl -- "$@"; print -r -- "words: $words CURRENT=$CURRENT"; }
        fpath=(completion $fpath); autoload -Uz _mrb
        words=($MRBC ""); CURRENT=2; _mrb
        words=($MRBC check --f); CURRENT=3; _mrb
        words=($MRBC run x.mrb --s); CURRENT=4; _mrb
        words=($MRBC compile x.mrb -o ""); CURRENT=5; _mrb
        words=($MRBC ticket x.mrb -o ""); CURRENT=5; _mrb' 2>&1)
    for want in "describe: check explain listing compile ticket run probe sim verify" \
            "compadd: -- help --help --version" \
            "--format=[text|json|sarif]:format:(text json sarif)" "--werror" \
            '*:procedure:_files -g "*.mrb(-.)"' "words: check --f CURRENT=2" \
            "--simulate=[snapshot]:snapshot:_files" "--journal=[file]:file:_files" \
            "--diskpart=[program]:program:_command_names -e" "-o+[folder]:folder:_files -/" \
            "--keep=[name]:name: " "--ticket=[file]:file:_files" "-o=[file]:file:_files"; do
        grep -qxF -- "$want" <<<"$out" || bad "zsh: no line '$want' in what _mrb gave _arguments"
    done
else
    bad "zsh is missing (make test installs it)"
fi
exit $fail
