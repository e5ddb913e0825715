# zsh_complete.zsh - what an interactive zsh shows for LINE<Tab>, for each
# LINE given: zsh -f zsh_complete.zsh FPATH_DIR BIN_DIR LINE...
# A zsh under a pseudo-terminal (zpty) with FPATH_DIR first in $fpath and
# BIN_DIR first in $PATH runs compinit; each LINE is typed, then Tab, and
# what the terminal shows (the listing, or an error) is printed after
# "== LINE", carriage returns and escape sequences removed.  (The marks
# READY and DONE are printed as RE''ADY and DO''NE, so that the terminal's
# echo of the command does not match them.)
setopt extendedglob
zmodload zsh/zpty || exit 1
fdir=$1 bdir=$2
shift 2
zpty z env -i HOME=/nonexistent TERM=dumb PATH=$bdir:/usr/bin:/bin zsh -f -i
zpty -w z "PS1='%% '; PROMPT_EOL_MARK=''; unset zle_bracketed_paste; fpath=($fdir \$fpath); autoload -Uz compinit; compinit -u -D; LISTMAX=0; print RE''ADY"
zpty -r -m z out '*READY*' || exit 1
for line; do
    zpty -w -n z "$line"$'\t'
    sleep 0.1
    zpty -w -n z $'\C-u'
    zpty -w z "print DO''NE"
    zpty -r -m z out '*DONE*' || exit 1
    out=${out//$'\r'/}
    out=${out//$'\e'\[[0-9?;]#[a-zA-Z]/}
    out=${out//$'\a'/}
    print -r -- "== $line"
    print -r -- "${out%DONE*}"
done
zpty -d z
