#!/usr/bin/env bash
# run.sh - the fleet's controller-side plays against a test fleet of four
# servers known by their snapshots (one that mrb refuses), with nothing
# run on any server (mrb_dry_run renders the Windows commands instead):
#   1. every playbook passes ansible-playbook --syntax-check, and
#      ansible-lint (default profile) finds nothing;
#   2. probe.yml renders the commands each server would run;
#   3. plan.yml compiles each snapshot: three plans, the summary (compared
#      with expected/summary.txt, compile ids aside), the refused host
#      failed alone with mrb's reason;
#   4. the gate: apply.yml refuses every host without approval, a wrong
#      compile id, a host without a plan and a reviewed file changed since;
#      with approval it renders the commands of apply (mrb and driver),
#      compared with expected/;
#   5. watch.yml renders its commands;
#   6. check mode (--check) on every playbook, with and without the dry
#      run: nothing written anywhere (every file of the fleet folder the
#      same, and none added), no host failed but the one mrb refuses (and
#      the gate's), and the report: plan.yml's summary, with "new plan"
#      where the set would change, and what each host would run.
# Besides, plan.yml runs with --check before the first plan (3.), and a
# second plan.yml with nothing changed reports changed=0 on every host.
# MRBC: the mrb to use (make test-fleet sets it).
set -u
: "${MRBC:?set MRBC to the mrb binary}"
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export MRB_TOP=$top ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_RETRY_FILES_ENABLED=0
scratch=$(mktemp -d)
[ -n "${FLEET_KEEP:-}" ] && echo "scratch: $scratch" || trap 'rm -rf "$scratch"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
play() {    # play NAME.yml ARGS...: run it from the scratch folder, output in $scratch/log
    (cd "$scratch" && ansible-playbook -i "$here/inventory.yml" "$top/ansible/$1" \
        -e mrb_command="$MRBC" -e mrb_procedure="$top/examples/rebuild.mrb" -e mrb_dry_run=true "${@:2}") \
        >"$scratch/log" 2>&1
}
# the play recap's failed= (changed=) count of host h
failed_count() { sed -n "s/^$1 *:.* failed=\([0-9]*\).*/\1/p" "$scratch/log"; }
changed_count() { sed -n "s/^$1 *:.* changed=\([0-9]*\).*/\1/p" "$scratch/log"; }
# every file and folder under the scratch folder but the log: name, size,
# time of change, SHA-256 (check mode must change none of it)
state() { (cd "$scratch" && find . -mindepth 1 -path ./log -prune -o -path ./state.\* -prune -o -printf '%p %s %C@\n' | sort &&
           find . -type f ! -name log ! -name 'state.*' -exec sha256sum {} + | sort) >"$scratch/state.$1"; }
# expect NAME FILE: FILE, its hashes, compile ids, the scratch folder and
# the tree's top masked, is expected/NAME (FLEET_UPDATE=1 rewrites that:
# review the diff)
expect() {
    [ "${FLEET_UPDATE:-}" = 1 ] && masked "$2" >"$here/expected/$1"
    diff -u "$here/expected/$1" <(masked "$2")
}
masked() { sed -E -e 's/[0-9a-f]{64}/SHA256/g' -e 's/[0-9a-f]{32}/ID/g' -e "s|$scratch|SCRATCH|g" -e "s|$top|TOP|g" "$1"; }

# 1. syntax and lint
for p in probe plan apply watch; do
    if (cd "$top/ansible" && ansible-playbook --syntax-check -i "$here/inventory.yml" "$p.yml" >"$scratch/log" 2>&1); then ok
    else bad "$p.yml: syntax"; cat "$scratch/log"; fi
done
(cd "$top/ansible" && ansible-lint --nocolor >"$scratch/lint" 2>&1); rc=$?
# ansible-lint 6 can read the options of Python modules only: for every
# PowerShell module (ansible.windows) it logs that it cannot, which is not
# a finding; anything else it says is
if [ $rc = 0 ] && grep -q '^Passed with production profile: 0 failure(s), 0 warning(s)' "$scratch/lint" &&
   ! grep -v -e '^WARNING  Unable to load module ansible\.windows\.win_[a-z]* at .* for options validation$' \
        -e '^Passed with production profile: 0 failure(s), 0 warning(s) on [0-9]* files\.$' -e '^$' "$scratch/lint" | grep -q .; then ok
else bad "ansible-lint"; cat "$scratch/lint"; fi

# the fleet's snapshots
for h in srv-gpt srv-mbr srv-fr srv-healthy; do mkdir -p "$scratch/fleet/$h"; done
cp "$top/examples/listings/seed-gpt-probed.txt" "$scratch/fleet/srv-gpt/snapshot.txt"
cp "$top/examples/listings/seed-mbr-probed.txt" "$scratch/fleet/srv-mbr/snapshot.txt"
cp "$top/tests/fixtures/listings/fr-gpt-degraded.txt" "$scratch/fleet/srv-fr/snapshot.txt"
cp "$here/fixtures/healthy.txt" "$scratch/fleet/srv-healthy/snapshot.txt"

# 2. probe (dry run: stage 1 written, the host's commands rendered)
if play probe.yml && [ "$(failed_count srv-gpt)" = 0 ] &&
   cmp -s "$scratch/fleet/srv-gpt/probe1.txt" <("$MRBC" probe) &&
   expect probe.cmds.txt "$scratch/fleet/srv-mbr/probe.cmds.txt"; then ok
else bad "probe.yml"; tail -n 30 "$scratch/log"; fi

# 3. plan: first in check mode (nothing written, the summary shown), then
# rc 2 (a host failed), three plans, the summary, the refusal
state before
play plan.yml --check; rc=$?
state after
if [ $rc = 2 ] && cmp -s "$scratch/state.before" "$scratch/state.after" && [ "$(failed_count srv-gpt)" = 0 ] &&
   [ "$(failed_count srv-healthy)" = 1 ] && [ "$(grep -c 'srv-[a-z]*: compiles, compile id [0-9a-f]*, new plan' "$scratch/log")" = 3 ] &&
   grep -q 'check mode: nothing was written' "$scratch/log" && [ ! -e "$scratch/fleet/summary.txt" ]; then ok
else bad "plan.yml --check before the first plan ($rc)"; diff "$scratch/state.before" "$scratch/state.after" | head; tail -n 40 "$scratch/log"; fi
play plan.yml; rc=$?
[ $rc = 2 ] && ok || { bad "plan.yml: exit status $rc, expected 2"; tail -n 40 "$scratch/log"; }
for h in srv-gpt srv-mbr srv-fr; do
    if [ "$(failed_count $h)" = 0 ] && python3 -m json.tool "$scratch/fleet/$h/plan.json" >/dev/null &&
       [ -f "$scratch/fleet/$h/set/rebuild.cmd" ]; then ok; else bad "plan.yml: $h"; fi
done
if [ "$(failed_count srv-healthy)" = 1 ] && [ ! -e "$scratch/fleet/srv-healthy/plan.json" ] &&
   grep -q "no plan for this host: rebuild.mrb:10:1: error: no disk of the listing matches 'missing' \[E501\]" "$scratch/log" &&
   grep -q "E501" "$scratch/fleet/srv-healthy/compile.err"; then ok
else bad "plan.yml: the refused host"; fi
if expect summary.txt "$scratch/fleet/summary.txt"; then ok; else bad "plan.yml: summary"; fi
# the summary's ids are the plans'
for h in srv-gpt srv-mbr srv-fr; do
    id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["compile_id"])' "$scratch/fleet/$h/plan.json")
    grep -q "^  $h: $id\$" "$scratch/fleet/summary.txt" && ok || bad "summary: the id of $h"
done
# the compile runs in FLEET/HOST with relative paths: the same id for the
# same inputs, wherever the fleet folder is
id_gpt=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["compile_id"])' "$scratch/fleet/srv-gpt/plan.json")
mkdir -p "$scratch/elsewhere" && cp "$scratch/fleet/srv-gpt/snapshot.txt" "$scratch/fleet/srv-gpt/rebuild.mrb" "$scratch/elsewhere/"
id_there=$(cd "$scratch/elsewhere" && mkdir set && "$MRBC" compile rebuild.mrb --listing snapshot.txt -o set --format=json 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["compile_id"])')
[ "$id_gpt" = "$id_there" ] && ok || bad "compile id depends on the folder"

# a second plan.yml, nothing changed: changed=0 everywhere, the same files
state before
play plan.yml; rc=$?
state after
if [ $rc = 2 ] && cmp -s "$scratch/state.before" "$scratch/state.after" &&
   [ "$(for h in srv-gpt srv-mbr srv-fr srv-healthy; do changed_count $h; done | sort -u)" = 0 ]; then ok
else bad "a second plan.yml changed something ($rc)"; diff "$scratch/state.before" "$scratch/state.after" | head
     grep -E '^(changed|srv-)' "$scratch/log"; fi

# 4. the gate
approve() {     # approve HOST=ID...: a vars file approving these
    { echo "mrb_approved:"; for a in "$@"; do echo "  ${a%%=*}: ${a#*=}"; done; } >"$scratch/approved.yml"
}
id_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["compile_id"])' "$scratch/fleet/$1/plan.json"; }
play apply.yml; rc=$?
if [ $rc = 2 ] && [ "$(grep -c 'not approved: the plan in' "$scratch/log")" = 3 ] &&
   grep -q 'no plan for this host' "$scratch/log" && ! ls "$scratch"/fleet/*/apply.cmds.txt >/dev/null 2>&1; then ok
else bad "apply.yml without approval"; tail -n 40 "$scratch/log"; fi
approve srv-gpt="$(id_of srv-gpt)" srv-fr="$(id_of srv-fr)" srv-mbr=0123456789abcdef0123456789abcdef \
    srv-healthy=0123456789abcdef0123456789abcdef
play apply.yml -e @"$scratch/approved.yml"; rc=$?
if [ $rc = 2 ] && [ "$(failed_count srv-gpt)" = 0 ] && [ "$(failed_count srv-fr)" = 0 ] &&
   [ "$(failed_count srv-mbr)" = 1 ] && [ "$(failed_count srv-healthy)" = 1 ] &&
   grep -q "approved compile id 0123456789abcdef0123456789abcdef is not the plan's" "$scratch/log" &&
   [ ! -e "$scratch/fleet/srv-mbr/apply.cmds.txt" ] &&
   expect apply.mrb.cmds.txt "$scratch/fleet/srv-gpt/apply.cmds.txt" &&
   expect apply.mrb-words.cmds.txt "$scratch/fleet/srv-fr/apply.cmds.txt"; then ok
else bad "apply.yml with approval"; tail -n 40 "$scratch/log"; fi
# the rendered mrb run, as it is, on a stand-in server: C:\mrb\ is a
# folder here, mrb.exe this mrb, diskpart.exe a stand-in that runs each
# script on the simulator (mrb sim), robocopy and bcdedit stand-ins that
# succeed.  Killed after its third command (a dropped connection takes the
# run with it at worst), then the line apply.yml runs when the journal
# exists resumes it to the end; once more, it finds the run ended.
approve srv-gpt="$(id_of srv-gpt)"
rm -f "$scratch"/fleet/*/apply.cmds.txt
host=$scratch/host && mkdir -p "$host"
cat >"$host/diskpart" <<'FAKE'
#!/usr/bin/env bash
[ "$1" = /s ] || exit 2
exec "$MRBC" sim "$FAKE_SNAPSHOT" "$2" --state "$FAKE_STATE"
FAKE
chmod +x "$host/diskpart"
export FAKE_SNAPSHOT=$scratch/fleet/srv-gpt/snapshot.txt FAKE_STATE=$host/server.state MRBC
if play apply.yml -e @"$scratch/approved.yml" -e mrb_hosts=srv-gpt \
        -e '{"mrb_run_options": ["--diskpart-wait", "0", "--resync-poll", "0", "--robocopy", "true", "--bcdedit", "true"]}'; then
    cp "$scratch/fleet/srv-gpt/rebuild.mrb" "$scratch/fleet/srv-gpt/snapshot.txt" "$host/"
    # the two run lines, for this machine
    sed -n -e 's/^run (when the journal exists) /resume /p' -e 's/^run /first /p' "$scratch/fleet/srv-gpt/apply.cmds.txt" |
        sed -e 's|"C:\\mrb\\mrb.exe"|"$MRBC"|' -e 's|C:\\mrb\\|$host/|g' -e 's| diskpart.exe | "$host/diskpart" |' >"$host/lines"
    first=$(sed -n 's/^first //p' "$host/lines"); resume=$(sed -n 's/^resume //p' "$host/lines")
    (cd "$host" && MRBC_CRASH_AFTER=3 eval "$first" >"$host/out1" 2>&1); rc1=$?
    (cd "$host" && eval "$resume" >"$host/out2" 2>&1); rc2=$?
    (cd "$host" && eval "$resume" >"$host/out3" 2>&1); rc3=$?
    if [ $rc1 = 137 ] && [ $rc2 = 0 ] && [ $rc3 = 0 ] && grep -q '"event":"resume"' "$host/out2" &&
       grep -q '"event":"done"' "$host/out2" && [ -s "$host/rebuild.journal" ] && [ -s "$host/rebuild.journal.log" ] &&
       "$MRBC" listing "$host/server.state" | grep -q 'Mirror .*Rebuild'; then ok
    else bad "the rendered mrb run on a stand-in server ($rc1 $rc2 $rc3)"; cat "$host/lines" "$host/out1" "$host/out2" "$host/out3" | tail -n 30; fi
else bad "apply.yml with mrb_run_options"; tail -n 30 "$scratch/log"; fi

# the driver, as reviewed, file by file
approve srv-gpt="$(id_of srv-gpt)"
rm -f "$scratch"/fleet/*/apply.cmds.txt
if play apply.yml -e @"$scratch/approved.yml" -e mrb_apply_with=driver -e mrb_hosts=srv-gpt &&
   expect apply.driver.cmds.txt "$scratch/fleet/srv-gpt/apply.cmds.txt"; then ok
else bad "apply.yml, driver"; tail -n 30 "$scratch/log"; fi
# a reviewed file changed since: refused, nothing rendered
rm -f "$scratch"/fleet/*/apply.cmds.txt
printf 'select disk 0\r\nclean\r\n' >>"$scratch/fleet/srv-gpt/set/rebuild.02.diskpart.txt"
if ! play apply.yml -e @"$scratch/approved.yml" -e mrb_hosts=srv-gpt &&
   grep -q 'set/rebuild.02.diskpart.txt is not the file the approved plan names' "$scratch/log" &&
   [ ! -e "$scratch/fleet/srv-gpt/apply.cmds.txt" ]; then ok
else bad "the gate let a changed script through"; tail -n 30 "$scratch/log"; fi
# the snapshot captured again (the server changed): refused
cp "$scratch/fleet/srv-mbr/snapshot.txt" "$scratch/fleet/srv-mbr/snapshot.orig"
printf '\r\n' >>"$scratch/fleet/srv-mbr/snapshot.txt"
approve srv-mbr="$(id_of srv-mbr)"
if ! play apply.yml -e @"$scratch/approved.yml" -e mrb_hosts=srv-mbr &&
   grep -q 'snapshot.txt is not the file the approved plan names' "$scratch/log"; then ok
else bad "the gate let a new snapshot through"; tail -n 30 "$scratch/log"; fi

# 5. watch (dry run)
if play watch.yml -e mrb_hosts=srv-mbr && expect watch.cmds.txt "$scratch/fleet/srv-mbr/watch.cmds.txt"; then ok
else bad "watch.yml"; tail -n 30 "$scratch/log"; fi

# 6. check mode: every playbook, dry run or not, writes nothing anywhere
# (the fleet as plan.yml leaves it, then srv-fr's snapshot captured again:
# its plan would change)
rm -f "$scratch"/fleet/*/*.cmds.txt
mv "$scratch/fleet/srv-mbr/snapshot.orig" "$scratch/fleet/srv-mbr/snapshot.txt"
play plan.yml
printf '\r\n' >>"$scratch/fleet/srv-fr/snapshot.txt"
approve srv-gpt="$(id_of srv-gpt)"
for dry in true false; do
    for p in probe plan apply watch; do
        state before
        case $p in apply) play $p.yml --check -e mrb_dry_run=$dry -e @"$scratch/approved.yml" -e mrb_hosts=srv-gpt ;;
                   *) play $p.yml --check -e mrb_dry_run=$dry ;; esac
        rc=$?
        state after
        case $p in plan) want=2 ;; *) want=0 ;; esac
        report=true
        case $p/$dry in
        plan/*) grep -q 'srv-fr: compiles, compile id [0-9a-f]*, new plan' "$scratch/log" &&
                grep -q 'srv-gpt: compiles, compile id [0-9a-f]*"' "$scratch/log" || report=false ;;
        probe/false) grep -q 'diskpart /s .*probe2.txt' "$scratch/log" || report=false ;;
        apply/false) grep -q 'mrb.exe\\" run' "$scratch/log" || report=false ;;
        watch/false) grep -q 'every .* s, at most .* times' "$scratch/log" || report=false ;;
        esac
        if [ $rc = $want ] && cmp -s "$scratch/state.before" "$scratch/state.after" && $report; then ok
        else bad "$p.yml --check (dry run $dry): exit status $rc, expected $want; report $report"
             diff "$scratch/state.before" "$scratch/state.after" | head; tail -n 30 "$scratch/log"; fi
    done
done

echo "fleet: $pass passed, $fail failed"
[ $fail = 0 ]
