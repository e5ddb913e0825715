#!/usr/bin/env bash
# compile_plan_json.sh - `mrb compile --format=json` names the files it
# wrote, with their hashes, and every JSON output of the golden cases parses.
#
# What the document says (steps, commands, disks, effects, the blast
# radius) is held byte for byte by golden cases: compile/json-CASE is
# compile/CASE with --format=json, its document in out, its text twin's
# summary in CASE/err.  This script checks only what those files cannot:
# each json- case compiled again writes the document of its out, and
#   - every file of the procedure's name in the folder is in the document
#     once, with the SHA-256 sha256sum gives, and the driver is last;
#   - each guard and DiskPart script starts with the document's compile id;
#   - the procedure's and the listing's SHA-256 are sha256sum's;
#   - the files its text twin holds under expect/ are the same bytes (one
#     set whatever the format).
# A compile case that succeeds in text mode and has no json- twin is
# compiled with --format=json here and held to the same checks (add the
# twin: copy the case, add --format=json to cmd, MRBC_UPDATE=1).
set -eu
. "$(dirname "$0")/common.bash"
g=$root/tests/golden/compile
fail() { echo "compile_plan_json: $*"; exit 1; }

# the fields of documents DOC..., one a line, tab-separated, each after the
# document's path (reading, not deriving)
fields() {
    python3 -c '
import json, sys
for p in sys.argv[1:]:
    d = json.load(open(p, encoding="utf-8"))
    print(p + "\tid\t" + d["compile_id"])
    print(p + "\tname\t" + d["procedure"]["name"])
    print(p + "\tfolder\t" + d["folder"])
    for k in ("procedure", "listing"):
        print(p + "\t" + k + "\t" + d[k]["path"] + "\t" + d[k]["sha256"])
    for f in d["files"]:
        print(p + "\tfile\t" + f["name"] + "\t" + f["role"] + "\t" + f["sha256"])
' "$@"
}

# check DOC WORKDIR TWIN: the document (its fields in $work/fields)
# against the files in WORKDIR
check() {
    local doc=$1 w=$2 twin=$3 d kind a b c id name folder last= f files
    local -A sum=()
    id=$(awk -F'\t' -v d="$doc" '$1 == d && $2 == "id" { print $3 }' "$work/fields")
    name=$(awk -F'\t' -v d="$doc" '$1 == d && $2 == "name" { print $3 }' "$work/fields")
    folder=$w/$(awk -F'\t' -v d="$doc" '$1 == d && $2 == "folder" { print $3 }' "$work/fields")
    [ -n "$id" ] && [ -n "$name" ] || fail "$doc: not a plan document"
    (cd "$folder" && ls -A | awk -v p="$name." 'index($0, p) == 1 && !/\.mrb$/' | sort) >"$work/written"
    # every file's SHA-256, and the inputs', from one sha256sum
    mapfile -t files <"$work/written"
    while read -r a f; do sum[$f]=$a; done < <(cd "$folder" && sha256sum -- "${files[@]}")
    : >"$work/listed"
    while IFS=$'\t' read -r d kind a b c; do
        [ "$d" = "$doc" ] || continue
        case $kind in
        procedure | listing)
            [ "$(sha256sum <"$w/$a" | cut -d' ' -f1)" = "$b" ] || fail "$doc: the $kind's sha256 is not sha256sum's" ;;
        file)
            echo "$a" >>"$work/listed"
            [ -n "${sum[$a]:-}" ] || fail "$doc: $a is listed but was not written"
            [ "${sum[$a]}" = "$c" ] || fail "$doc: the sha256 of $a is not sha256sum's"
            case $b in guard | diskpart-script)
                [ "$(head -n 1 "$folder/$a")" = "rem mrb compile id $id"$'\r' ] || fail "$doc: $a lacks the compile id $id" ;;
            esac
            last="$b $a" ;;
        esac
    done <"$work/fields"
    case $last in "driver $name.cmd") ;; *) fail "$doc: the driver is not last ($last)" ;; esac
    sort "$work/listed" | uniq -d | grep -q . && fail "$doc: a file is listed twice"
    sort "$work/listed" | cmp -s - "$work/written" ||
        fail "$doc: the files listed are not those written: $(sort "$work/listed" | diff - "$work/written" | grep '^[<>]')"
    [ -n "$twin" ] && [ -f "$twin/files" ] || return 0
    while IFS= read -r a; do
        [ -z "$a" ] || cmp -s "$twin/expect/$a" "$folder/$a" || fail "$doc: $a differs from the text mode's ($twin/expect)"
    done <"$twin/files"
}

# compile CASE [EXTRA]: the case's command in a scratch copy; the document on
# $w.out
compile() {
    w=$work/$(basename "$1")
    mkdir -p "$w" && cp -R "$1"/. "$w"/ && ln -s "$root" "$w/root"
    rm -rf "$w/out" "$w/err" "$w/rc" "$w/expect" "$w/files"
    if [ -f "$1/setup" ]; then (cd "$w" && bash ./setup); fi
    (cd "$w" && eval "\"\$MRBC\" $(cat cmd) ${2:-}" >"$w.out" 2>"$w.err") ||
        fail "$(basename "$1"): the compile failed: $(cat "$w.err")"
}

n=0 untwinned=() docs=() checks=()
for c in "$g"/*/; do
    c=${c%/}
    [ -f "$c/rc" ] && continue
    case $(cat "$c/cmd") in
    *--format*json*)
        compile "$c"
        cmp -s "$w.out" "$c/out" || fail "$(basename "$c"): the document differs from its golden out"
        twin=$g/$(basename "$c" | sed 's/^json-//')
        [ -f "$twin/rc" ] || [ ! -f "$twin/cmd" ] || [ "$twin" = "$c" ] && twin=
        checks+=("$w.out"$'\t'"$w"$'\t'"$twin") ;;
    *--format*) continue ;;
    *)
        [ -d "$g/json-$(basename "$c")" ] && continue
        untwinned+=("$(basename "$c")")
        compile "$c" --format=json
        checks+=("$w.out"$'\t'"$w"$'\t'"$c") ;;
    esac
    docs+=("$w.out")
    n=$((n + 1))
done
[ "$n" -ge 19 ] || fail "only $n compiles"
fields "${docs[@]}" >"$work/fields" || fail "a document is not a plan document"
for k in "${checks[@]}"; do
    IFS=$'\t' read -r doc w twin <<<"$k"
    check "$doc" "$w" "$twin"
done
for u in "${untwinned[@]+"${untwinned[@]}"}"; do echo "note: compile/$u has no json-$u golden case"; done

# every JSON output of the golden cases parses as strict JSON (or JSON lines)
: >"$work/json"
for c in "$root"/tests/golden/*/*/; do
    [ -f "$c/out" ] || continue
    case $(cat "$c/cmd") in
    *"| "*) ;;     # filtered by a pipe: not mrb's output as it is
    *--format=json* | *"--format json"* | *--json* | *sarif*) echo "${c}out" >>"$work/json" ;;
    esac
done
m=$(wc -l <"$work/json")
[ "$m" -ge 8 ] || fail "only $m JSON outputs"
python3 - "$work/json" <<'PY' || fail "a golden output is not JSON (above)"
import json, sys
def strict(c):
    raise ValueError(c)
bad = 0
for path in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if not path:
        continue
    text = open(path, encoding="utf-8").read()
    try:
        json.loads(text, parse_constant=strict)
    except ValueError:
        try:
            for line in text.splitlines():   # JSON lines
                json.loads(line, parse_constant=strict)
        except ValueError as e:
            print("not JSON: %s: %s" % (path, e))
            bad = 1
sys.exit(bad)
PY
echo "$n compiles, $m JSON outputs"
