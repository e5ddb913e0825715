#!/usr/bin/env bash
# compile_plan_json.sh - `mrbc compile --format=json` against every golden
# compile that succeeds: the same set as text mode, and a document that
# says what that set and the text summary say (compile_plan_json.py).
# Then every JSON output of the golden cases (compile and listing
# --format=json documents, check --format=json and run --json lines, SARIF
# logs) parses as strict JSON.
set -eu
: "${MRBC:?}"
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
n=0
for c in "$top"/tests/golden/compile/*/; do
    cmd=$(cat "$c/cmd")
    case $cmd in *--format*) continue ;; esac
    [ -f "$c/rc" ] && continue
    name=$(basename "$c")
    for mode in text json; do
        w="$scratch/$name.$mode"
        mkdir -p "$w" && cp -R "$c". "$w"/ && ln -s "$top" "$w/root"
        rm -f "$w/out" "$w/err" "$w/rc"
        rm -rf "$w/expect"
        if [ -f "$c/setup" ]; then (cd "$w" && bash ./setup); fi
        extra=; [ $mode = json ] && extra=--format=json
        (cd "$w" && eval "\"\$MRBC\" $cmd $extra" >"$scratch/$name.$mode.out" 2>"$scratch/$name.$mode.err") ||
            { echo "$name: $mode compile failed"; cat "$scratch/$name.$mode.err"; exit 1; }
    done
    # the same set either way
    while IFS= read -r f; do
        cmp "$scratch/$name.text/$f" "$scratch/$name.json/$f" || { echo "$name: $f differs"; exit 1; }
    done <"$scratch/$name.text.out"
    folder=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["folder"])' "$scratch/$name.json.out")
    (cd "$scratch/$name.json" && python3 "$here/compile_plan_json.py" "$scratch/$name.json.out" "$folder" \
        "$scratch/$name.text.err" .) || { echo "$name: the JSON plan does not hold"; exit 1; }
    n=$((n + 1))
done
[ "$n" -ge 10 ] || { echo "only $n cases"; exit 1; }

# every JSON output of the golden cases parses
m=0
for c in "$top"/tests/golden/*/*/; do
    [ -f "$c/out" ] || continue
    cmd=$(cat "$c/cmd")
    case $cmd in
    *"| "*) continue ;;     # filtered by a pipe: not mrbc's output as it is
    *--format=json*|*"--format json"*|*--json*|*sarif*) ;;
    *) continue ;;
    esac
    python3 - "$c/out" <<'PY' || { echo "not JSON: $c/out"; exit 1; }
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
def strict(c):
    raise ValueError(c)
try:
    json.loads(text, parse_constant=strict)
except ValueError:
    for line in text.splitlines():   # JSON lines
        json.loads(line, parse_constant=strict)
PY
    m=$((m + 1))
done
[ "$m" -ge 8 ] || { echo "only $m JSON outputs"; exit 1; }
echo "$n compiles, $m JSON outputs"
