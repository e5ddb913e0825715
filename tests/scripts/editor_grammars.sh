#!/usr/bin/env bash
# editor_grammars.sh - the vim syntax and the TextMate grammar colour .mrb files right.
#
# Every .mrb of examples/ and tests/golden/, and a file of every keyword of
# the lexer and SPEC.md, is opened in vim (ex mode, the syntax file loaded
# through the ftdetect file) which writes the syntax groups at each token
# the reference scanner of editor_grammars.py finds; that script then runs
# the TextMate grammar on the same files and checks both: keywords,
# strings, comments, sizes and selectors must get their scopes.
set -u
. "$(dirname "$0")/common.bash"
cd "$root"
command -v vim >/dev/null || { echo "editor_grammars: vim is missing (make test installs it)"; exit 1; }
py=editor_grammars.py
mkdir -p "$work/keywords"
python3 tests/scripts/$py --keywords >"$work/keywords/all.mrb" || exit 1
mapfile -d '' golden < <(find tests/golden -name '*.mrb' -print0 | sort -z)
files=(examples/*.mrb "${golden[@]}" "$work/keywords/all.mrb")
python3 tests/scripts/$py --prepare "$work" "${files[@]}" || exit 1
cat >"$work/dump.vim" <<'VIM'
for job in readfile($JOBS)
  let [src, pos, out] = split(job, "\t")
  execute 'silent edit ' . fnameescape(src)
  if &filetype !=# 'mrb'
    call writefile(['filetype of ' . src . ' is "' . &filetype . '", not mrb'], out)
    continue
  endif
  let lines = []
  for p in readfile(pos)
    let [l, c] = split(p)
    call add(lines, l . ' ' . c . ' ' . join(map(synstack(str2nr(l), str2nr(c)), 'synIDattr(v:val, "name")')))
  endfor
  call writefile(lines, out)
  silent bwipeout!
endfor
qall!
VIM
JOBS="$work/jobs" vim -u NONE -i NONE -N -n -es \
    -c 'set rtp^=editor/vim encoding=utf-8 fileencodings=utf-8,latin1' \
    -c 'filetype on' -c 'syntax on' -c "source $work/dump.vim" </dev/null
if grep -h 'not mrb' "$work"/*.syn; then exit 1; fi
python3 tests/scripts/$py "$work/jobs"
