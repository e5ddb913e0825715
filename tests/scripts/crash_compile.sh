#!/usr/bin/env bash
# crash_compile.sh - `mrb compile` killed, or failed, at every file system call, and a power loss after each kill.
#
# The output folder holds the set of an earlier compile of the same
# procedure name (OLD); the compile writes another set (NEW) over it.  With
# strace's fault injection, for every call of openat, write, fsync, close,
# rename and unlink the compile makes on the output folder, in turn:
#   - the process is killed (SIGKILL) as it enters the call; then the folder
#     is checked as it is, and as a power loss could leave it: the renames and
#     removals made since the folder was last flushed undone, in every
#     combination (CRASH_FULL=1) or each alone, all, and none (default);
#   - the call fails (EIO; ENOSPC for write): the compile must exit 0 (the
#     failure was absorbed) or 2 with a coded error, and when it says
#     "nothing was written" the folder must hold exactly OLD.
# The check, whatever the state: when NAME.cmd is there, it is OLD's or
# NEW's driver byte for byte; if its compile-id check (the findstr lines,
# emulated here) passes, every script it runs is its own set's, byte for
# byte; otherwise it refuses and runs nothing.  After every kill, a compile
# run again must leave exactly NEW: no staging file, no script of OLD that
# NEW does not have.  The trace of an uninterrupted compile must also show
# every staged file flushed before its rename, and the folder flushed
# between the last script's rename and the driver's.
# make test runs the calls on the output folder of openat, fsync, rename and
# unlink, OLD longer than NEW (GPT then MBR), in a few seconds; make check-long
# sets CRASH_FULL=1: every call of the six kinds, both ways, and every
# combination of undone operations.
# long: CRASH_FULL=1, which TEST_LONG=1 (make check-long) sets.
set -u
: "${CRASH_FULL:=${TEST_LONG:-0}}"
# LeakSanitizer cannot run under ptrace (strace): leaks are checked by the
# rest of the suite
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
. "$(dirname "$0")/common.bash"
ex=$here/../examples
command -v strace >/dev/null || { echo "crash_compile: strace is missing (apt-get install strace)"; exit 1; }
cd "$work" || exit 1
fails=0 checks=0 kills=0 refused=0 untouched=0 absorbed=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# ---- the folder check ----------------------------------------------------

# check_folder DIR WHAT: DIR never holds a mix the driver would run.
check_folder() {
    local d=$1 what=$2 drv=$1/p.cmd ref f id ok
    checks=$((checks + 1))
    [ -e "$drv" ] || return 0
    if cmp -s "$drv" old/p.cmd; then ref=old
    elif cmp -s "$drv" new/p.cmd; then ref=new
    else fail "$what: p.cmd is neither the old nor the new driver"; return; fi
    ok=1
    while read -r id f; do
        grep -qx "rem mrb compile id $id"$'\r' "$d/$f" 2>/dev/null || { ok=0; break; }
    done < <(sed -n 's/^findstr \/r \/c:"^rem mrb compile id \([0-9a-f]*\)\$" "\([^"]*\)".*/\1 \2/p' "$drv")
    [ $ok = 1 ] || return 0     # the driver refuses: nothing runs
    while read -r f; do
        cmp -s "$d/$f" "$ref/$f" || fail "$what: the $ref driver would run $f of another set"
    done < <(sed -n 's/^diskpart \/s \([^ ]*\.diskpart\.txt\).*/\1/p' "$drv")
}

# exactly DIR holds the files of REF, nothing else
check_exact() {
    local d=$1 ref=$2 what=$3
    checks=$((checks + 1))
    diff -r "$d" "$ref" >/dev/null || fail "$what: the folder is not exactly the $(basename "$ref") set: $(diff -rq "$d" "$ref" | head -3)"
}

# power_variants DIR LOG WHAT: undo the renames and removals made after the
# folder was last flushed (they may not be on the disk), then check.
power_variants() {
    local d=$1 log=$2 what=$3 ops n mask i full=${CRASH_FULL:-0} masks=()
    mapfile -t ops < <(awk -v dir="$PWD/$d" '
        /^[0-9]+ +fsync\(/ { if (index($0, "<" dir ">")) n = 0; next }
        / rename\(/ && / = 0$/ { split($0, q, "\""); op[++n] = "R " q[2] " " q[4]; next }
        / unlink\(/ && / = 0$/ { split($0, q, "\""); op[++n] = "U " q[2]; next }
        END { for (i = 1; i <= n; i++) print op[i] }' "$log")
    n=${#ops[@]}
    [ "$n" -gt 0 ] || return 0
    if [ "$full" = 1 ] && [ "$n" -le 10 ]; then
        for ((mask = 1; mask < (1 << n); mask++)); do masks+=("$mask"); done
    else
        masks+=($(( (1 << n) - 1 )))
        for ((i = 0; i < n; i++)); do masks+=($((1 << i))); done
    fi
    for mask in "${masks[@]}"; do
        rm -rf pl && cp -a "$d" pl
        for ((i = n - 1; i >= 0; i--)); do
            (( mask >> i & 1 )) || continue
            set -- ${ops[$i]}
            if [ "$1" = R ]; then
                local src=pl/${2#"$d"/} dst=pl/${3#"$d"/}
                [ -e "$dst" ] && mv "$dst" "$src"
                [ -e "old/$(basename "$dst")" ] && cp "old/$(basename "$dst")" "$dst"
            else
                local p=pl/${2#"$d"/}
                [ -e "old/$(basename "$p")" ] && cp "old/$(basename "$p")" "$p"
            fi
        done
        check_folder pl "$what, power loss undoing ops $mask of $n"
    done
}

# OLD is another procedure and listing's plan: --force replaces it
compile() { "$MRBC" compile p.mrb --listing "$listing_new" -o "$1" --force; }

scenario() {
    local from=$1 to=$2 sc k points
    rm -rf old new kd p.mrb
    cp "$ex/$from.mrb" p.mrb && mkdir old && "$MRBC" compile p.mrb --listing "$ex/listings/seed-${from%-rebuild}-probed.txt" -o old >/dev/null 2>&1 || { fail "$from does not compile"; return; }
    cp "$ex/$to.mrb" p.mrb && mkdir new
    listing_new=$ex/listings/seed-${to%-rebuild}-probed.txt
    compile new >/dev/null 2>&1 || { fail "$to does not compile"; return; }
    cmp -s old/p.cmd new/p.cmd && { fail "the two sets should differ"; return; }

    # the protocol, from an uninterrupted trace over OLD
    rm -rf kd && cp -a old kd
    strace -f -y -o trace.log -e trace=openat,write,fsync,close,rename,unlink \
        "$MRBC" compile p.mrb --listing "$listing_new" -o kd --force >/dev/null 2>&1
    check_exact kd new "$from -> $to, uninterrupted"
    awk -v dir="$PWD/kd" '
        / fsync\(/ { if (index($0, "<" dir ">")) { dirsync = 1 } else { match($0, /<[^>]*>/); synced[substr($0, RSTART + 1, RLENGTH - 2)] = 1 } }
        / rename\(/ && / = 0$/ { split($0, q, "\""); src = q[2]; dst = q[4]
            if (!synced[ENVIRON["PWD"] "/" src]) { print "rename of " src " before it was flushed"; bad = 1 }
            if (dst ~ /\.cmd$/ && !dirsync) { print "the driver renamed before the folder was flushed after the scripts"; bad = 1 }
            dirsync = 0 }
        END { exit bad }' trace.log || fail "$from -> $to: the write protocol is broken (above)"

    for sc in $kinds; do
        # every call of the kind (CRASH_FULL=1), else those on the output folder
        if [ "${CRASH_FULL:-0}" = 1 ]; then
            points=$(grep " $sc(" trace.log | awk '{ print NR }')
        else
            points=$(grep " $sc(" trace.log | awk -v d="$PWD/kd" '{ n++ } index($0, d) || index($0, "\"kd/") { print n }')
        fi
        for k in $points; do
            # killed as it enters call k of this kind
            rm -rf kd && cp -a old kd
            # (in the background: bash says nothing of a job killed there)
            strace -f -y -o kill.log -e trace=openat,write,fsync,close,rename,unlink \
                -e inject=$sc:signal=SIGKILL:when=$k "$MRBC" compile p.mrb --listing "$listing_new" -o kd --force >/dev/null 2>&1 &
            { wait $!; } 2>/dev/null
            kills=$((kills + 1))
            check_folder kd "$from -> $to, killed at $sc #$k"
            power_variants kd kill.log "$from -> $to, killed at $sc #$k"
            compile kd >/dev/null 2>&1 || fail "$from -> $to: the compile after a kill at $sc #$k failed"
            check_exact kd new "$from -> $to, compiled again after a kill at $sc #$k"
            # call k of this kind fails
            rm -rf kd && cp -a old kd
            local err=EIO rc
            [ $sc = write ] && err=ENOSPC
            strace -f -o /dev/null -e inject=$sc:error=$err:when=$k \
                "$MRBC" compile p.mrb --listing "$listing_new" -o kd --force >/dev/null 2>err.txt
            rc=$?
            check_folder kd "$from -> $to, $sc #$k failed"
            if [ $rc = 0 ]; then
                absorbed=$((absorbed + 1))
                check_exact kd new "$from -> $to, $sc #$k failed but the compile succeeded"
            elif [ $rc = 2 ]; then
                refused=$((refused + 1))
                grep -q '^mrb: error: .*\[E0[0-9][0-9]\]$' err.txt || fail "$from -> $to, $sc #$k failed: no coded error: $(grep -v '^ \|note: assumed\|W402' err.txt | head -3)"
                # rename k failed: the k - 1 before it are in place, of the whole set
                if [ $sc = rename ] && [ "$k" -gt 1 ] &&
                    ! grep -q "now holds $((k - 1)) of the $(ls new | wc -l) new files" err.txt; then
                    fail "$from -> $to, rename #$k failed: the note does not count $((k - 1)) of $(ls new | wc -l) files: $(grep 'now holds' err.txt)"
                fi
                if grep -q 'nothing was written' err.txt; then
                    untouched=$((untouched + 1))
                    check_exact kd old "$from -> $to, $sc #$k failed, 'nothing was written'"
                fi
            elif [ $rc = 127 ] && grep -q 'error while loading shared libraries' err.txt; then
                :   # CRASH_FULL: a call of the dynamic loader, before mrb runs
            else
                fail "$from -> $to, $sc #$k failed: exit $rc: $(head -c 300 err.txt)"
            fi
        done
    done
}

if [ "${CRASH_FULL:-0}" = 1 ]; then
    kinds="openat write fsync close rename unlink"
    scenario mbr-rebuild gpt-rebuild
    scenario gpt-rebuild mbr-rebuild
else
    # make test: a few seconds
    kinds="openat fsync rename unlink"
    scenario gpt-rebuild mbr-rebuild
fi
echo "crash_compile: $kills kills, $((absorbed + refused)) failed calls ($refused refused with a coded error, $untouched of them" \
    "with the folder untouched; $absorbed absorbed), $checks folder checks, $fails failures"
[ $kills -gt 0 ] && [ $refused -gt 0 ] || fail "no kill or no refusal: the fault injection did not happen"
[ $fails = 0 ]
