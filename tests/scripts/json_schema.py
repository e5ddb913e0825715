#!/usr/bin/env python3
"""json_schema.py - validate JSON against mrb's shipped schemas (docs/schema/).

    json_schema.py plan FILE...        each FILE one plan (compile --format=json)
    json_schema.py model FILE...       each FILE one model (listing --format=json)
    json_schema.py diagnostic FILE...  each line of each FILE one diagnostic
                                       (check --format=json)
    json_schema.py self                the schemas are valid draft 2020-12
                                       schemas, and reject broken documents

Strict JSON (no NaN, no duplicate keys, UTF-8).  Prints one line per
document that does not hold and exits 1; prints "N valid" otherwise.
Needs jsonschema (Debian's python3-jsonschema).
"""
import copy
import json
import os
import sys

import jsonschema

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def load_schema(name):
    with open(os.path.join(TOP, "docs", "schema", "mrb-%s.schema.json" % name), encoding="utf-8") as f:
        return json.load(f)


def validator(kind):
    cls = jsonschema.Draft202012Validator
    if kind == "model":
        plan = load_schema("plan")
        return cls({"$ref": "#/$defs/model", "$defs": plan["$defs"]})
    return cls(load_schema(kind))


def no_dupes(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def parse(text):
    def bad(c):
        raise ValueError("not JSON: " + c)
    return json.loads(text, object_pairs_hook=no_dupes, parse_constant=bad)


def documents(kind, path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    if kind == "diagnostic":
        return [(f"{path}:{i}", line) for i, line in enumerate(text.splitlines(), 1) if line]
    return [(path, text)]


def validate(kind, paths):
    v = validator(kind)
    n, bad = 0, 0
    for path in paths:
        try:
            docs = documents(kind, path)
        except (OSError, UnicodeDecodeError) as e:
            print(f"{path}: {e}")
            bad += 1
            continue
        for where, text in docs:
            n += 1
            try:
                doc = parse(text)
            except ValueError as e:
                print(f"{where}: {e}")
                bad += 1
                continue
            errs = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
            for e in errs[:5]:
                print(f"{where}: {e.json_path}: {e.message[:300]}")
            bad += bool(errs)
    if bad:
        print(f"{bad} of {n} {kind} documents do not hold")
        return 1
    print(f"{n} valid")
    return 0


def self_check():
    """The schemas are schemas, and each rejects what a consumer must not get."""
    for name in ("plan", "diagnostic"):
        jsonschema.Draft202012Validator.check_schema(load_schema(name))
    plan = validator("plan")
    with open(os.path.join(TOP, "tests", "golden", "compile", "json-gpt-seed", "out"), encoding="utf-8") as f:
        good = json.load(f)
    assert plan.is_valid(good), "the golden GPT plan does not hold"

    def broken(change):
        doc = copy.deepcopy(good)
        change(doc)
        return doc

    def drop(doc, key):
        del doc[key]
    def s(doc, **kv):
        doc["steps"][0].update(kv)
    cases = {
        "no compile_id": broken(lambda d: drop(d, "compile_id")),
        "a short compile_id": broken(lambda d: d.update(compile_id="ec292f")),
        "another version": broken(lambda d: d.update(version=2)),
        "a step that runs without a number": broken(lambda d: s(d, number=None)),
        "a step left out with commands": broken(lambda d: s(d, runs=False, number=None, why_not="x")),
        "an unknown effect": broken(lambda d: d["disks"][0]["effects"][0].update(what="erased")),
        "a converted disk without 'to'": broken(lambda d: d["disks"][0]["effects"].__setitem__(0, {"what": "converted", "text": "x"})),
        "a file without sha256": broken(lambda d: d["files"][0].pop("sha256")),
        "a blast radius missing a word": broken(lambda d: d["blast_radius"].pop("wiped")),
        "a disk size as a number": broken(lambda d: d["after"]["model"]["disks"][0].update(size=5)),
        "a volume letter in lower case": broken(lambda d: d["after"]["model"]["volumes"][0].update(letter="c")),
    }
    fails = [what for what, doc in cases.items() if plan.is_valid(doc)]
    diag = validator("diagnostic")
    line = {"file": "a.mrb", "line": 1, "column": 1, "end_line": 1, "end_column": 2,
            "severity": "error", "code": "E404", "message": "m"}
    assert diag.is_valid(line), "a good diagnostic does not hold"
    for what, change in {"a severity 'fatal'": {"severity": "fatal"}, "column 0": {"column": 0},
                         "a code 'X1'": {"code": "X1"}}.items():
        if diag.is_valid(dict(line, **change)):
            fails.append(what)
    no_file = dict(line)
    del no_file["file"]
    if diag.is_valid(no_file):
        fails.append("a diagnostic without file")
    for what in fails:
        print(f"the schema accepts {what}")
    if fails:
        return 1
    print(f"{len(cases) + 4} broken documents rejected")
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "self":
        return self_check()
    if len(argv) < 3 or argv[1] not in ("plan", "model", "diagnostic"):
        print(__doc__, file=sys.stderr)
        return 2
    return validate(argv[1], argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
