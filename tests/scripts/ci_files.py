#!/usr/bin/env python3
"""ci_files.py - the CI integration files parse, and the action's commands work.

- .pre-commit-hooks.yaml is a YAML list of hooks with the keys pre-commit
  requires; their entries exist (the script one is executable) and the
  mrb-check-build entry checks a good file (exit 0) and a bad one (exit 1).
- action.yml is a composite action; its shell steps are run as GitHub
  would run them (expressions replaced by the inputs' values, GITHUB_OUTPUT
  a file) in a scratch git repository of .mrb files: mrb is built from
  this checkout and run, the SARIF log it writes is valid and names the
  rules, and the last step fails exactly when a file is refused.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
failures = []


def fail(msg):
    failures.append(msg)


def clean_env():
    env = dict(os.environ)
    for k in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(k, None)
    return env


def check_hooks(work):
    hooks = yaml.safe_load(open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8"))
    if not isinstance(hooks, list) or not hooks:
        return fail(".pre-commit-hooks.yaml is not a list of hooks")
    ids = set()
    for h in hooks:
        for k in ("id", "name", "entry", "language"):
            if k not in h:
                fail(".pre-commit-hooks.yaml: a hook without %r: %s" % (k, h))
        ids.add(h.get("id"))
        if re.search(h.get("files", ""), "procedures/rebuild.mrb") is None:
            fail("hook %s: files does not match a .mrb file" % h.get("id"))
        if h.get("language") == "script":
            script = os.path.join(ROOT, h["entry"].split()[0])
            if not os.access(script, os.X_OK):
                fail("hook %s: %s is not an executable file" % (h["id"], h["entry"]))
                continue
            for name, want in (("good.mrb", 0), ("bad.mrb", 1)):
                r = subprocess.run([script, name], cwd=work, env=clean_env(), capture_output=True, text=True)
                if r.returncode != want:
                    fail("hook %s on %s: exit %d, expected %d: %s" % (h["id"], name, r.returncode, want,
                                                                       r.stderr[-500:]))
    for want in ("mrb-check", "mrb-check-build"):
        if want not in ids:
            fail(".pre-commit-hooks.yaml has no hook %s" % want)


def run_action(work, inputs):
    action = yaml.safe_load(open(os.path.join(ROOT, "action.yml"), encoding="utf-8"))
    if action.get("runs", {}).get("using") != "composite":
        fail("action.yml is not a composite action")
        return None
    values = {k: str(v.get("default", "")) for k, v in action.get("inputs", {}).items()}
    values.update(inputs)
    outputs = {}
    last_rc = None
    uploaded = False

    def expr(s):
        def one(m):
            e = m.group(1).strip()
            if e.startswith("inputs."):
                return values[e[7:]]
            if e == "github.action_path":
                return ROOT
            if e.startswith("steps.") and ".outputs." in e:
                sid, out = e[6:].split(".outputs.")
                return outputs.get(sid, {}).get(out, "")
            raise ValueError("expression %r is not simulated" % e)
        return re.sub(r"\$\{\{(.*?)\}\}", one, s)

    def condition(s):
        # an if: of always(), inputs.X / steps.ID.outputs.Y == 'literal', &&
        s = s.strip()
        m = re.fullmatch(r"\$\{\{(.*)\}\}", s)
        s = m.group(1) if m else s
        result = True
        for term in s.split("&&"):
            term = term.strip()
            if term == "always()":
                continue
            m = re.fullmatch(r"([\w.-]+) == '([^']*)'", term)
            if not m:
                raise ValueError("condition %r is not simulated" % term)
            result = result and expr("${{ %s }}" % m.group(1)) == m.group(2)
        return result

    for step in action["runs"]["steps"]:
        if "if" in step and not condition(step["if"]):
            continue
        if "uses" in step:
            if not step["uses"].startswith("github/codeql-action/upload-sarif@"):
                fail("action.yml uses %s, not upload-sarif" % step["uses"])
            if expr(step.get("with", {}).get("sarif_file", "")) != values["sarif-file"]:
                fail("action.yml: upload-sarif's sarif_file is not the SARIF log written")
            uploaded = True
            continue
        if step.get("shell") != "bash":
            fail("action.yml: step %r has no shell: bash" % step.get("name"))
        env = clean_env()
        env.update({k: expr(str(v)) for k, v in step.get("env", {}).items()})
        out = os.path.join(work, ".github_output")
        open(out, "w").close()
        env["GITHUB_OUTPUT"] = out
        r = subprocess.run(["bash", "-e", "-c", expr(step["run"])], cwd=work, env=env, capture_output=True,
                           text=True)
        last_rc = r.returncode
        if "id" in step:
            outputs[step["id"]] = dict(l.split("=", 1) for l in open(out).read().splitlines() if "=" in l)
        if r.returncode != 0 and step is not action["runs"]["steps"][-1]:
            fail("action step %r failed (%d): %s" % (step.get("name"), r.returncode, r.stderr[-800:]))
            return None
    return last_rc, outputs.get("check", {}), uploaded


def check_action(work):
    res = run_action(work, {})
    if res is None:
        return
    rc, out, uploaded = res
    if out.get("rc") != "1" or rc != 1:
        fail("action on a repository with a bad .mrb: check exit %r, action exit %r, expected 1 and 1"
             % (out.get("rc"), rc))
    if not uploaded:
        fail("action did not upload the SARIF log")
    try:
        log = json.load(open(os.path.join(work, "mrb.sarif"), encoding="utf-8"))
        run = log["runs"][0]
        driver = run["tool"]["driver"]
        # informationUri only when the build sets MRB_HOME (runtime/base/version.h)
        for k in ("name", "version", "rules"):
            if k not in driver:
                fail("SARIF driver has no %s" % k)
        rule = driver["rules"][0]
        for k in ("id", "shortDescription", "fullDescription", "help"):
            if k not in rule:
                fail("SARIF rule has no %s" % k)
        def files(level):
            return sorted({r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                           for r in run["results"] if r["level"] == level})
        if files("error") != ["procedures/bad.mrb"]:
            fail("SARIF errors in %s, expected in procedures/bad.mrb only" % files("error"))
        if "procedures/good.mrb" not in files("warning"):     # the guide relies on W402
            fail("SARIF warnings in %s, expected one in procedures/good.mrb" % files("warning"))
    except (OSError, ValueError, KeyError, IndexError) as e:
        fail("the action's SARIF log: %s" % e)
    res = run_action(work, {"files": "procedures/good*.mrb", "upload": "false"})
    if res is None:
        return
    rc, out, uploaded = res
    if out.get("rc") != "0" or rc != 0 or uploaded:
        fail("action on good files only, no upload: check exit %r, action exit %r, uploaded %r"
             % (out.get("rc"), rc, uploaded))


def main():
    work = tempfile.mkdtemp()
    try:
        os.makedirs(os.path.join(work, "procedures"))
        shutil.copy(os.path.join(ROOT, "examples", "gpt-rebuild.mrb"), os.path.join(work, "procedures", "good.mrb"))
        with open(os.path.join(work, "procedures", "bad.mrb"), "w") as f:
            f.write('procedure "bad"\nstep "s" {\n    select disk 1\n    clean\n}\n')
        shutil.copy(os.path.join(work, "procedures", "good.mrb"), os.path.join(work, "good.mrb"))
        shutil.copy(os.path.join(work, "procedures", "bad.mrb"), os.path.join(work, "bad.mrb"))
        subprocess.run(["git", "init", "-q"], cwd=work, check=True)
        subprocess.run(["git", "add", "procedures"], cwd=work, check=True)
        check_hooks(work)
        check_action(work)
    finally:
        shutil.rmtree(work)
    for f in failures:
        print("ci_files: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
