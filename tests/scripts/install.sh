#!/usr/bin/env bash
# install.sh - make install puts mrb, its manuals, completion and editor
# files where man, bash, zsh and vim look for them, for the prefix used,
# and make uninstall takes every one of them away again, and every folder
# it made; make dist refuses outside a git checkout.
#
# Each install is staged under a DESTDIR; the real vim and zsh are then
# asked where they look (vim's runtimepath, zsh's $fpath) and run on the
# staged files, in place of the folder they look in: vim gives an installed
# .mrb its filetype and syntax groups, an interactive zsh (zpty) completes
# every command and its options, with no error.
set -u
. "$(dirname "$0")/common.bash"
cd "$root"
fail=0
bad() { echo "install: $*"; fail=1; }
# the mrb under test is installed as it is (O is the folder that holds it)
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -C "$root" \
    O="$(dirname "$MRBC")" "$@"; }
# the one installed file whose path ends in $2, under the staging root $1
one() { find "$1" -path "*/$2" -type f; }

# PREFIX=/opt/mrb: everything under the prefix; man finds both pages there
dest=$work/opt
out=$(mk install DESTDIR="$dest" PREFIX=/opt/mrb 2>&1) || bad "make install failed: $out"
[ -z "$out" ] || bad "make -s install printed: $out"
p=$dest/opt/mrb
for f in bin/mrb share/man/man1/mrb.1 share/man/man5/mrb.5 share/bash-completion/completions/mrb \
         share/zsh/site-functions/_mrb share/vim/vimfiles/syntax/mrb.vim \
         share/vim/vimfiles/ftdetect/mrb.vim share/mrb/mrb.tmLanguage.json \
         share/mrb/schema/mrb-plan.schema.json share/mrb/schema/mrb-diagnostic.schema.json; do
    [ -f "$p/$f" ] || bad "PREFIX=/opt/mrb: make install did not install $f"
done
[ -x "$p/bin/mrb" ] && [ "$("$p/bin/mrb" --version)" = "$("$MRBC" --version)" ] || bad "bin/mrb does not run"
[ "$(stat -c %a "$p/share/man/man1/mrb.1")" = 644 ] || bad "mrb.1 is not mode 644"
for page in "1 mrb" "5 mrb"; do
    txt=$(MANPAGER=cat MANWIDTH=80 man -M "$p/share/man" $page 2>&1) || bad "man $page: $txt"
    grep -q '^NAME' <<<"$txt" || bad "man -M PREFIX/share/man $page shows no NAME section"
done
bash -c "source '$p/share/bash-completion/completions/mrb' && complete -p mrb" >/dev/null 2>&1 ||
    bad "the installed bash completion does not define a completion for mrb"
out=$(mk uninstall DESTDIR="$dest" PREFIX=/opt/mrb 2>&1) || bad "make uninstall failed: $out"
left=$(find "$dest" -mindepth 1)
[ -z "$left" ] || bad "PREFIX=/opt/mrb: make uninstall left: $left"

# vim: what it reads, with -u DEFAULTS (and syntax on, as defaults.vim does
# on a colour terminal); $1 the staging root
vim_rtp=$(vim -u DEFAULTS -i NONE -n -es -c "call writefile(split(&rtp, ','), '/dev/stdout')" \
    -c 'qall!' </dev/null 2>/dev/null)
vim_check() {
    local syn dir got
    syn=$(one "$1" syntax/mrb.vim)
    dir=${syn%/syntax/mrb.vim}
    [ -n "$syn" ] && [ -f "$dir/ftdetect/mrb.vim" ] || { bad "$2: no syntax/mrb.vim beside ftdetect/mrb.vim"; return; }
    grep -qxF -- "${dir#"$1"}" <<<"$vim_rtp" ||
        bad "$2: the vim files went to ${dir#"$1"}, which is not on vim's runtimepath"
    got=$(vim -u DEFAULTS -i NONE -n -es \
        --cmd "let &rtp = join(map(split(&rtp, ','), {_, d -> d ==# '${dir#"$1"}' ? '$dir' : d}), ',')" \
        -c 'syntax on' -c "edit $root/examples/gpt-rebuild.mrb" \
        -c 'call writefile([&filetype, get(b:, "current_syntax", ""), synIDattr(synID(6, 1, 1), "name"), synIDattr(synID(1, 1, 1), "name")], "/dev/stdout")' \
        -c 'qall!' </dev/null 2>&1 | tr '\n' ' ')
    [ "$got" = "mrb mrb mrbStructure mrbComment " ] ||
        bad "$2: vim on an installed .mrb: filetype, syntax, groups '$got', expected 'mrb mrb mrbStructure mrbComment'"
}

# zsh: an interactive zsh completes every command, its options, the codes
zsh_fpath=$(zsh -c 'print -l $fpath' 2>/dev/null)
zsh_check() {
    local comp dir out cmd cmds
    comp=$(one "$1" _mrb)
    dir=${comp%/_mrb}
    [ -n "$comp" ] || { bad "$2: no _mrb installed"; return; }
    [ "${dir#"$1"}" = "$3" ] || bad "$2: _mrb went to ${dir#"$1"}, expected $3"
    grep -qxF -- "${dir#"$1"}" <<<"$zsh_fpath" || bad "$2: _mrb went to ${dir#"$1"}, which is not on zsh's \$fpath"
    cmds=$("$MRBC" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
    local -a lines=("mrb " "mrb help " "mrb explain " "mrb explain W40")
    for cmd in $cmds; do lines+=("mrb $cmd --"); done
    out=$(zsh -f tests/scripts/zsh_complete.zsh "$dir" "$(dirname "$1$4/bin/mrb")" "${lines[@]}" 2>&1)
    grep -q 'doubled\|_arguments:\|command not found\|parse error' <<<"$out" &&
        bad "$2: zsh printed an error completing: $(grep 'doubled\|_arguments:\|not found\|parse error' <<<"$out" | head -3)"
    for cmd in $cmds; do
        sed -n '/^== mrb $/,/^== /p' <<<"$out" | grep -qw -- "$cmd" || bad "$2: zsh: mrb <Tab> does not offer $cmd"
        sed -n "/^== mrb help \$/,/^== /p" <<<"$out" | grep -qw -- "$cmd" || bad "$2: zsh: mrb help <Tab> does not offer $cmd"
        sed -n "/^== mrb $cmd --\$/,/^== /p" <<<"$out" | grep -q -- '--help' ||
            bad "$2: zsh: mrb $cmd --<Tab> does not offer its options"
    done
    sed -n '/^== mrb explain $/,/^== /p' <<<"$out" | grep -qw E001 || bad "$2: zsh: mrb explain <Tab> does not offer E001"
    sed -n '/^== mrb explain W40$/,$p' <<<"$out" | grep -q 'mrb explain W40' || bad "$2: zsh: mrb explain W40<Tab> does not complete"
}

# the default prefix and /usr, the prefixes the tools on this system know
for prefix in /usr/local /usr; do
    dest=$work/stage${prefix//\//-}
    out=$(mk install DESTDIR="$dest" PREFIX=$prefix 2>&1) || bad "PREFIX=$prefix: make install failed: $out"
    vim_check "$dest" "PREFIX=$prefix"
    if [ $prefix = /usr ]; then want=/usr/share/zsh/vendor-completions; else want=/usr/local/share/zsh/site-functions; fi
    zsh_check "$dest" "PREFIX=$prefix" $want $prefix
    [ -f "$dest$prefix/share/bash-completion/completions/mrb" ] || bad "PREFIX=$prefix: no bash completion"
    out=$(mk uninstall DESTDIR="$dest" PREFIX=$prefix 2>&1) || bad "PREFIX=$prefix: make uninstall failed: $out"
    left=$(find "$dest" -mindepth 1)
    [ -z "$left" ] || bad "PREFIX=$prefix: make uninstall left: $left"
done

# without DESTDIR (the live system): uninstall removes every file and the
# folders mrb alone used, and keeps the prefix's and the tools' own
live=$work/live
out=$(mk install PREFIX="$live" 2>&1 && mk uninstall PREFIX="$live" 2>&1) || bad "PREFIX=$live: $out"
left=$(cd "$live" && find . -mindepth 1 | sort | tr '\n' ' ')
[ "$left" = "./bin ./share ./share/doc ./share/man ./share/vim ./share/vim/vimfiles ./share/vim/vimfiles/syntax ./share/zsh ./share/zsh/site-functions " ] ||
    bad "uninstall without DESTDIR left: $left"

# make dist in a copy of the tree that is no git checkout: a message, no tarball
mkdir "$work/copy"
git ls-files -z | xargs -0 cp --parents -t "$work/copy" 2>/dev/null
cp Makefile "$work/copy/"
out=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -C "$work/copy" dist 2>&1) &&
    bad "make dist outside a git checkout succeeded"
grep -q 'not the top of a git checkout' <<<"$out" || bad "make dist outside a git checkout said: $out"
[ -z "$(find "$work/copy" -name '*.tar.gz*')" ] || bad "make dist outside a git checkout wrote a tarball"
exit $fail
