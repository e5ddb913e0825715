#!/usr/bin/env bash
# install.sh - make install puts mrbc, its manuals, completion and editor
# files under DESTDIR/PREFIX where man, bash, zsh and vim find them, and
# make uninstall takes every one of them away again.
set -u
: "${MRBC:?set MRBC to the mrbc binary}"
cd "$(dirname "$0")/../.."
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
fail=0
bad() { echo "install: $*"; fail=1; }
# the mrbc under test is installed as it is (O is the folder that holds it)
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory O="$(dirname "$MRBC")" \
    DESTDIR="$dest" PREFIX=/opt/mrb "$@"; }

out=$(mk install 2>&1) || bad "make install failed: $out"
[ -z "$out" ] || bad "make -s install printed: $out"
p=$dest/opt/mrb
for f in bin/mrbc share/man/man1/mrbc.1 share/man/man5/mrb.5 share/bash-completion/completions/mrbc \
         share/zsh/site-functions/_mrbc share/vim/vimfiles/syntax/mrb.vim \
         share/vim/vimfiles/ftdetect/mrb.vim share/mrb/mrb.tmLanguage.json; do
    [ -f "$p/$f" ] || bad "make install did not install $f"
done
[ -x "$p/bin/mrbc" ] && [ "$("$p/bin/mrbc" --version)" = "$("$MRBC" --version)" ] || bad "bin/mrbc does not run"
[ "$(stat -c %a "$p/share/man/man1/mrbc.1")" = 644 ] || bad "mrbc.1 is not mode 644"

# man finds both pages in the prefix's manual folder
for page in "1 mrbc" "5 mrb"; do
    txt=$(MANPAGER=cat MANWIDTH=80 man -M "$p/share/man" $page 2>&1) || bad "man $page: $txt"
    grep -q '^NAME' <<<"$txt" || bad "man -M PREFIX/share/man $page shows no NAME section"
done
# bash loads the completion; vim gives an installed .mrb its filetype and syntax
bash -c "source '$p/share/bash-completion/completions/mrbc' && complete -p mrbc" >/dev/null 2>&1 ||
    bad "the installed bash completion does not define a completion for mrbc"
got=$(vim -u NONE -i NONE -N -n -es -c "set rtp^=$p/share/vim/vimfiles" -c 'filetype on' -c 'syntax on' \
    -c 'edit examples/gpt-rebuild.mrb' -c 'call writefile([&filetype . " " . b:current_syntax], "/dev/stdout")' \
    -c 'qall!' </dev/null 2>&1)
[ "$got" = "mrb mrb" ] || bad "vim with the installed files: filetype and syntax '$got', expected 'mrb mrb'"

out=$(mk uninstall 2>&1) || bad "make uninstall failed: $out"
left=$(find "$dest" -type f)
[ -z "$left" ] || bad "make uninstall left: $left"
exit $fail
