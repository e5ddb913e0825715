# bash completion for mrbc.
#
# The commands, each command's options and the values of --format are read
# from `mrbc --help` and `mrbc COMMAND --help` of the mrbc being completed,
# so this file never lists an option of its own and cannot fall behind.
# Installed as share/bash-completion/completions/mrbc (or source it).

# _mrbc_commands MRBC: the commands `MRBC --help` lists.
_mrbc_commands()
{
    "$1" --help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p'
}

# _mrbc_options MRBC COMMAND: the command's options, one a line, as its
# help shows them: "--format=text|json|sarif", "-o DIR", "--werror".
_mrbc_options()
{
    "$1" "$2" --help 2>/dev/null | sed -n 's/^  \(-[-a-z]*\([= ][^ ]\{1,\}\)\{0,1\}\).*/\1/p' | grep -v '^--$'
}

# _mrbc_values MRBC COMMAND OPTION CUR: complete OPTION's value.
_mrbc_values()
{
    local arg
    arg=$(_mrbc_options "$1" "$2" | sed -n "s/^$3[= ]//p")
    case $arg in
    *'|'*) COMPREPLY=($(compgen -W "${arg//|/ }" -- "$4")) ;;
    DIR) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$4")) ;;
    PROGRAM) COMPREPLY=($(compgen -c -- "$4")) ;;
    FILE|SNAPSHOT|SCRIPT) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$4")) ;;
    *) COMPREPLY=() ;;
    esac
}

_mrbc()
{
    local mrbc=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev cmd opt
    prev=${COMP_WORDS[COMP_CWORD-1]}
    COMPREPLY=()
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$(_mrbc_commands "$mrbc") help --help --version" -- "$cur"))
        return 0
    fi
    cmd=${COMP_WORDS[1]}
    if [ "$cmd" = help ]; then
        [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "$(_mrbc_commands "$mrbc")" -- "$cur"))
        return 0
    fi
    # an option's value: "--opt=val" in one word, "--opt" "=" "val" when
    # '=' breaks words, or "--opt" "val"
    if [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        _mrbc_values "$mrbc" "$cmd" "$opt" "${cur#*=}"
        COMPREPLY=("${COMPREPLY[@]/#/$opt=}")
        return 0
    fi
    if [ "$cur" = = ] && [[ $prev == -* ]]; then
        _mrbc_values "$mrbc" "$cmd" "$prev" ""
        return 0
    fi
    if [ "$prev" = = ] && [ "$COMP_CWORD" -ge 3 ]; then
        _mrbc_values "$mrbc" "$cmd" "${COMP_WORDS[COMP_CWORD-2]}" "$cur"
        return 0
    fi
    if [[ $prev == -* ]] && _mrbc_options "$mrbc" "$cmd" | grep -qE -- "^$prev[= ]"; then
        _mrbc_values "$mrbc" "$cmd" "$prev" "$cur"
        return 0
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_mrbc_options "$mrbc" "$cmd" | sed 's/[= ].*//')" -- "$cur"))
        return 0
    fi
    case $cmd in
    check|compile|run)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -X '!*.mrb' -- "$cur") $(compgen -d -- "$cur")) ;;
    explain)
        COMPREPLY=($(compgen -W "$("$mrbc" explain --list 2>/dev/null | cut -d' ' -f1)" -- "$cur")) ;;
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
complete -F _mrbc mrbc
