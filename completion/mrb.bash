# bash completion for mrb.
#
# The commands, each command's options and the values of --format are read
# from `mrb --help` and `mrb COMMAND --help` of the mrb being completed,
# so this file never lists an option of its own and cannot fall behind.
# Installed as share/bash-completion/completions/mrb (or source it).

# _mrb_commands MRBC: the commands `MRBC --help` lists.
_mrb_commands()
{
    "$1" --help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p'
}

# _mrb_options MRBC COMMAND: the command's options, one a line, as its
# help shows them: "--format=text|json|sarif", "-o DIR", "--werror".
_mrb_options()
{
    "$1" "$2" --help 2>/dev/null | sed -n 's/^  \(-[-a-z]*\([= ][^ ]\{1,\}\)\{0,1\}\).*/\1/p' | grep -v '^--$'
}

# _mrb_values MRBC COMMAND OPTION CUR: complete OPTION's value.
_mrb_values()
{
    local arg
    arg=$(_mrb_options "$1" "$2" | sed -n "s/^$3[= ]//p")
    case $arg in
    *'|'*) COMPREPLY=($(compgen -W "${arg//|/ }" -- "$4")) ;;
    DIR) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$4")) ;;
    PROGRAM) COMPREPLY=($(compgen -c -- "$4")) ;;
    FILE|SNAPSHOT|SCRIPT) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$4")) ;;
    *) COMPREPLY=() ;;
    esac
}

_mrb()
{
    local mrb=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev cmd opt
    prev=${COMP_WORDS[COMP_CWORD-1]}
    COMPREPLY=()
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$(_mrb_commands "$mrb") help --help --version" -- "$cur"))
        return 0
    fi
    cmd=${COMP_WORDS[1]}
    if [ "$cmd" = help ]; then
        [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "$(_mrb_commands "$mrb")" -- "$cur"))
        return 0
    fi
    # an option's value: "--opt=val" in one word, "--opt" "=" "val" when
    # '=' breaks words, or "--opt" "val"
    if [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        _mrb_values "$mrb" "$cmd" "$opt" "${cur#*=}"
        COMPREPLY=("${COMPREPLY[@]/#/$opt=}")
        return 0
    fi
    if [ "$cur" = = ] && [[ $prev == -* ]]; then
        _mrb_values "$mrb" "$cmd" "$prev" ""
        return 0
    fi
    if [ "$prev" = = ] && [ "$COMP_CWORD" -ge 3 ]; then
        _mrb_values "$mrb" "$cmd" "${COMP_WORDS[COMP_CWORD-2]}" "$cur"
        return 0
    fi
    if [[ $prev == -* ]] && _mrb_options "$mrb" "$cmd" | grep -qE -- "^$prev[= ]"; then
        _mrb_values "$mrb" "$cmd" "$prev" "$cur"
        return 0
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_mrb_options "$mrb" "$cmd" | sed 's/[= ].*//')" -- "$cur"))
        return 0
    fi
    case $cmd in
    check|compile|run|ticket)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -X '!*.mrb' -- "$cur") $(compgen -d -- "$cur")) ;;
    explain)
        COMPREPLY=($(compgen -W "$("$mrb" explain --list 2>/dev/null | cut -d' ' -f1)" -- "$cur")) ;;
    listing|sim)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur")) ;;
    verify)
        # DIR, then FILE.mrb
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -X '!*.mrb' -- "$cur") $(compgen -d -- "$cur")) ;;
    esac
    return 0
}
complete -F _mrb mrb
