#!/usr/bin/env bash
# compile_seed_oracle.sh - the guide is the first oracle: compiling its two
# procedures against its starting listings gives the guide's own commands,
# numbers included, in the guide's order; and so does the one procedure
# for both (examples/rebuild.mrb), against each server.
#
# The starting listings are the guide's (examples/listings/seed-*.txt) plus
# the per-disk `list partition` a probe captures (examples/listings/
# seed-*-probed.txt): disk 0's is the one the guide prints later, which its
# steps never change.  Case and spacing are compared loosely, since DiskPart
# ignores them and the guide writes `select disk m0` and `select disk M0`.
set -eu
. "$(dirname "$0")/common.bash"
norm() { tr -d '\r' | tr 'A-Z' 'a-z' | sed -e 's/  */ /g' -e 's/^ //' -e 's/ $//'; }

# what the guide typed: its DiskPart commands (not the listings it asked
# for, nor exit) and its cmd commands, in order
guide() {
    for b in "$@"; do
        f="$here/fixtures/seed/$b.txt"
        if grep -q '^DISKPART>' "$f"; then
            sed -n 's/^DISKPART> //p' "$f"
        else
            cat "$f"
        fi
    done | norm | grep -v -e '^list ' -e '^exit$'
}

# what the compiled driver runs, in order
compiled() {
    local name=$1 dir=$2
    tr -d '\r' <"$dir/$name.cmd" | while IFS= read -r line; do
        case "$line" in
        "call :diskpart 00"*) ;;
        "call :diskpart "*)
            s=$name.${line#call :diskpart }.diskpart.txt
            tr -d '\r' <"$dir/$s" | grep -v -e '^rem ' -e '^exit$' ;;
        robocopy\ *|bcdedit\ *) echo "$line" ;;
        esac
    done | norm
}

for kind in mbr gpt; do
    if [ $kind = mbr ]; then
        guide mbr-2-break mbr-3-init mbr-4-add >"$work/$kind.want"
    else
        guide gpt-2-break gpt-3-init gpt-4-add gpt-5-boot gpt-5b-esp-copy gpt-6-remove >"$work/$kind.want"
    fi
    [ -s "$work/$kind.want" ]
    for proc in $kind-rebuild rebuild; do
        mkdir -p "$work/$kind-$proc"
        "$MRBC" compile "$here/../examples/$proc.mrb" \
            --listing "$here/../examples/listings/seed-$kind-probed.txt" -o "$work/$kind-$proc" >/dev/null 2>&1
        compiled $proc "$work/$kind-$proc" >"$work/$kind-$proc.got"
        echo "== $kind: the guide's commands against those $proc.mrb compiles to"
        diff -u "$work/$kind.want" "$work/$kind-$proc.got"
    done
done
echo "the three procedures compile to the guide's commands"
