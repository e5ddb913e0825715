# diag_explain.awk - the text `mrb explain CODE` prints, taken from SPEC.md
# at build time, so that the explanation and its example are written once.
#
#   awk -f diag_explain.awk runtime/base/diag_codes.def SPEC.md > diag_explain.h
#
# SPEC.md explains each code in a list item that starts with the code and
# its name in bold (`- **E206 listing-no-volumes**: ...`, several codes to
# one item at times), its further lines indented.  The output is one C
# string per code of diag_codes.def, in its order, with the item's text
# (the bold marks taken off) wrapped at 76 columns under a two-space indent,
# and a comment naming the section it comes from.  A code that SPEC.md does
# not explain stops the build.
function flush(   i, n, p, np, line, out, words, paras) {
    if (item == "")
        return
    rest = item
    while (match(rest, /\*\*[EW][0-9][0-9][0-9] [a-z0-9-]+\*\*/)) {
        codes_item[++ncodes_item] = substr(rest, RSTART + 2, 4)
        rest = substr(rest, RSTART + RLENGTH)
    }
    if (ncodes_item == 1)       # the code and name: the header says them
        sub(/^\*\*[EW][0-9][0-9][0-9] [a-z0-9-]+\*\*: */, "", item)
    gsub(/\*\*/, "", item)
    gsub(/ +\([^()]*tests\/[^()]*\)/, "", item)   # the repository's tests are not installed
    np = split(item, paras, "\001")
    out = ""
    for (p = 1; p <= np; p++) {
        sub(/^ +/, "", paras[p])
        n = split(paras[p], words, / +/)
        line = ""
        out = out (p > 1 ? "\n" : "")
        for (i = 1; i <= n; i++) {
            if (line != "" && length(line) + 1 + length(words[i]) > 74) {
                out = out "  " line "\n"; line = ""
            }
            line = line (line == "" ? "" : " ") words[i]
        }
        if (line != "")
            out = out "  " line "\n"
    }
    for (i = 1; i <= ncodes_item; i++)
        if (!(codes_item[i] in text)) {
            text[codes_item[i]] = out
            where[codes_item[i]] = section
        }
    item = ""; ncodes_item = 0
}
# t as the body of C string literals, one a line: \ and " escaped (by hand:
# awks differ on backslashes in gsub's replacement), each line ending in \n.
function cstring(t,   i, ch, out) {
    out = ""
    for (i = 1; i <= length(t); i++) {
        ch = substr(t, i, 1)
        if (ch == "\\" || ch == "\"")
            out = out "\\" ch
        else if (ch == "\n")
            out = out (i < length(t) ? "\\n\"\n    \"" : "\\n")
        else
            out = out ch
    }
    return out "\""
}
FNR == 1 { file++ }
file == 1 && /^DIAG\(/ {
    c = $0; sub(/^DIAG\(/, "", c); sub(/,.*/, "", c)
    order[++ncodes] = c
    next
}
file == 1 { next }
/^## / { flush(); section = substr($0, 4); next }
/^- \*\*[EW][0-9][0-9][0-9] [a-z0-9-]+\*\*/ {
    flush()
    item = substr($0, 3)
    next
}
item != "" && /^  +What to do:/ { item = item "\001" $0; next }   # a paragraph of its own
item != "" && /^  +[^ ]/ { item = item " " $0; next }
{ flush() }
END {
    flush()
    print "/* Generated from SPEC.md by runtime/base/diag_explain.awk: do not edit. */"
    for (i = 1; i <= ncodes; i++) {
        c = order[i]
        if (!(c in text)) {
            print "diag_explain.awk: SPEC.md explains no " c " (a list item '- **" c " name**: ...')" > "/dev/stderr"
            bad = 1
            continue
        }
        t = text[c]
        t = cstring(t)
        printf "/* %s, from SPEC.md section %s */\n    \"%s,\n", c, where[c], t
    }
    exit bad
}
