# common.bash - the preamble the scripts of tests/windows share (make
# test-windows runs each with MRBC set to the mrb binary, and the stand-ins'
# paths).  The script sets its shell options, then
#     . "$(dirname "$0")/common.bash"
# and finds what tests/scripts/common.bash gives (here, root, work), and
#   ex     the examples folder
#   fail   MESSAGE: says FAIL: MESSAGE and counts it in fails
#   passed MESSAGE: the script's end: says MESSAGE when nothing failed, and
#          is true then only
#   identity_passed CASE RC: the driver run of folder $work/CASE (exit
#          status RC) passed the identity guard, which checked disks 1 and 0,
#          and ran every step; leaves its output with LF ends in out.lf
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.bash"
ex=$root/examples
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
passed() {
    [ $fails = 0 ] && echo "$1"
    [ $fails = 0 ]
}
identity_passed() {
    local c=$1 out=$work/$1/out.lf
    tr -d '\r' <"$work/$c/out.txt" >"$out"
    [ "$2" = 0 ] || fail "$c: the driver exited $2: $(tail -n 5 "$out")"
    grep -q 'mrb: checking that Disk 1 is the disk the listing captured' "$out" &&
        grep -q 'mrb: checking that Disk 0 is the disk the listing captured' "$out" ||
        fail "$c: the identity guard did not run: $(head -n 12 "$out")"
    grep -q 'mrb: every step is done' "$out" || fail "$c: the steps did not all run"
}
