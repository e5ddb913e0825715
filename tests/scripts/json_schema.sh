#!/usr/bin/env bash
# json_schema.sh - every JSON plan, model and diagnostic of the golden cases
# holds against the schemas mrb ships (docs/schema/, installed under
# share/mrb/schema): the golden compile --format=json documents, each golden
# compile that succeeds compiled again with --format=json, the golden
# listing --format=json documents, and each line of the golden check
# --format=json outputs; and the schemas reject broken documents
# (json_schema.py self).  With Debian's python3-jsonschema (make test
# installs it).
set -u
. "$(dirname "$0")/common.bash"
py=python3
$py -c 'import jsonschema' 2>/dev/null || py=/usr/bin/python3
$py -c 'import jsonschema' 2>/dev/null || { echo "json_schema: python3-jsonschema is missing (make test installs it)"; exit 1; }
fail=0
plans=() models=() diags=()
for c in "$root"/tests/golden/*/*/; do
    [ -f "$c/cmd" ] && [ -s "$c/out" ] || continue
    cmd=$(cat "$c/cmd")
    case $cmd in
    compile*--format=json*) plans+=("$c/out") ;;
    listing*--format=json*) models+=("$c/out") ;;
    check*--format=json*) diags+=("$c/out") ;;
    esac
done
# each golden compile that succeeds, as a JSON plan
for c in "$root"/tests/golden/compile/*/; do
    cmd=$(cat "$c/cmd")
    case $cmd in compile*) ;; *) continue ;; esac
    case $cmd in *--format*) continue ;; esac
    [ -f "$c/rc" ] && [ "$(cat "$c/rc")" != 0 ] && continue
    name=$(basename "$c")
    w="$work/$name"
    mkdir -p "$w" && cp -R "$c". "$w"/ && ln -s "$root" "$w/root"
    rm -rf "$w/out" "$w/err" "$w/rc" "$w/expect"
    if [ -f "$c/setup" ]; then (cd "$w" && bash ./setup) || { echo "json_schema: $name: setup failed"; fail=1; continue; }; fi
    (cd "$w" && eval "\"\$MRBC\" $cmd --format=json" >"$work/$name.json" 2>/dev/null) ||
        { echo "json_schema: $name: compile --format=json failed"; fail=1; continue; }
    plans+=("$work/$name.json")
done
[ ${#plans[@]} -ge 20 ] || { echo "json_schema: only ${#plans[@]} plans"; fail=1; }
[ ${#models[@]} -ge 5 ] || { echo "json_schema: only ${#models[@]} models"; fail=1; }
[ ${#diags[@]} -ge 3 ] || { echo "json_schema: only ${#diags[@]} check outputs"; fail=1; }
$py "$here/scripts/json_schema.py" self >"$work/log" 2>&1 || { echo "json_schema: self:"; cat "$work/log"; fail=1; }
for kind in plan model diagnostic; do
    case $kind in plan) set -- "${plans[@]}" ;; model) set -- "${models[@]}" ;; *) set -- "${diags[@]}" ;; esac
    $py "$here/scripts/json_schema.py" $kind "$@" >"$work/log" 2>&1 ||
        { echo "json_schema: $kind:"; sed "s|$work/||; s|$root/||" "$work/log"; fail=1; }
done
[ -n "${JSON_SCHEMA_VERBOSE:-}" ] && echo "plans ${#plans[@]}, models ${#models[@]}, check outputs ${#diags[@]}"
exit $fail
