" Vim syntax file for mrb procedures (.mrb).
" The tokens are those of the mrb lexer (grammar/lang/lexer.re, SPEC.md section 2);
" tests/scripts/editor_grammars.sh checks every keyword and token class.
if exists("b:current_syntax")
  finish
endif

syn case match
syn iskeyword @,48-57,_

" keywords (all reserved, lower case)
syn keyword mrbStructure procedure step guard require ensure
syn keyword mrbConditional else
syn keyword mrbRepeat for each
syn keyword mrbOperator and or not where from count holds on when
syn keyword mrbKeyword free
syn keyword mrbCommand select break delete clean convert create format assign remove add list
syn keyword mrbExternal robocopy bcdedit
" disk, volume, partition and letter are matches, not keywords, so that a
" selector (below), which starts with one of them, can win over them
syn match mrbType "\<\%(disk\|volume\|partition\|letter\)\>"

syn match mrbNumber "\<\d\+\>"
syn match mrbSize "\<\d\+\s*\%(B\|KB\|MB\|GB\|TB\)\>"
syn match mrbDrive "\<\h\w*:\%(\\[-A-Za-z0-9_.$~\\]*\)\="
syn match mrbSwitch "/\a\w*\%(:\w\+\)\="
syn match mrbBcdId "{\%(bootmgr\|default\|current\|fwbootmgr\|memdiag\|ntldr\|\x\{8}-\x\{4}-\x\{4}-\x\{4}-\x\{12}\)}"
syn match mrbPattern "[A-Za-z0-9_.-]*[*?][A-Za-z0-9_.*?-]*"

" selectors: OBJECT where ..., and volume L after = or (
syn match mrbSelector "\<\%(disk\|volume\|partition\)\s\+where\>" contains=mrbType,mrbOperator
syn match mrbSelector "\%([=(]\s*\)\@<=\<volume\s\+\a\>" contains=mrbType

syn match mrbEscape +\\[\\"nt]+ contained
syn region mrbString start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline contains=mrbEscape
syn match mrbComment "#.*$" contains=@Spell

hi def link mrbStructure Structure
hi def link mrbConditional Conditional
hi def link mrbRepeat Repeat
hi def link mrbOperator Operator
hi def link mrbKeyword Keyword
hi def link mrbCommand Statement
hi def link mrbExternal Function
hi def link mrbType Type
hi def link mrbNumber Number
hi def link mrbSize Number
hi def link mrbDrive Identifier
hi def link mrbSwitch Special
hi def link mrbBcdId Constant
hi def link mrbPattern Special
hi def link mrbSelector Type
hi def link mrbEscape SpecialChar
hi def link mrbString String
hi def link mrbComment Comment

let b:current_syntax = "mrb"
