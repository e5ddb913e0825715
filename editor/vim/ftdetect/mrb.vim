" .mrb files are mrb procedures (SPEC.md).
autocmd BufNewFile,BufRead *.mrb setfiletype mrb
