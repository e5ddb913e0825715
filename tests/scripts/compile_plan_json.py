#!/usr/bin/env python3
"""compile_plan_json.py - hold `mrbc compile --format=json` to what it describes.

usage: compile_plan_json.py plan.json FOLDER summary.txt TOP

plan.json is the document a compile printed, FOLDER the folder it wrote,
summary.txt the standard error of the same compile in text mode, TOP the
top of the tree (the compile's paths are relative to it).  Checks, besides
the document parsing as strict JSON: the schema and version; every file of
the folder listed once with its SHA-256, the driver last; the compile id in
every script; the hashes of the procedure and the listing; every DiskPart
line in the script the document names, in order, robocopy and bcdedit in
the driver; each disk's summary, each step left out and each assumption
exactly as the text summary says them; the blast radius from the effects.
"""
import hashlib
import json
import os
import sys


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def cmd_text(s):
    """A program line as the driver writes it (emit.c, cmd_text)."""
    out, quoted = [], False
    for ch in s:
        if ch == '"':
            quoted = not quoted
        if ch == "%":
            out.append("%%")
        elif not quoted and ch in "&|<>^()":
            out.append("^" + ch)
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            out.append("?")
    return "".join(out)


def fail(msg):
    print("compile_plan_json: " + msg, file=sys.stderr)
    sys.exit(1)


def no_dup_keys(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        fail("a key appears twice in one object: %r" % keys)
    return dict(pairs)


def main():
    doc_path, folder, summary_path, top = sys.argv[1:5]
    with open(doc_path, "rb") as f:
        raw = f.read()
    doc = json.loads(raw.decode("utf-8"), object_pairs_hook=no_dup_keys,
                     parse_constant=lambda c: fail("not JSON: " + c))
    if doc["schema"] != "mrbc-plan" or doc["version"] != 1:
        fail("schema/version: %r %r" % (doc["schema"], doc["version"]))

    # the files: all of the folder's, once each, hashes right, driver last
    names = [f["name"] for f in doc["files"]]
    on_disk = sorted(n for n in os.listdir(folder)
                     if n.startswith(doc["procedure"]["name"] + ".") and not n.endswith(".mrb"))
    if sorted(names) != on_disk:
        fail("files %r, folder holds %r" % (names, on_disk))
    if doc["files"][-1]["role"] != "driver" or not names[-1].endswith(".cmd"):
        fail("the driver is not last")
    for f in doc["files"]:
        if sha(os.path.join(folder, f["name"])) != f["sha256"]:
            fail("sha256 of %s" % f["name"])
        if f["role"] in ("guard", "diskpart-script"):
            with open(os.path.join(folder, f["name"]), "rb") as g:
                first = g.readline()
            if first != b"rem mrb compile id " + doc["compile_id"].encode() + b"\r\n":
                fail("compile id of %s: %r" % (f["name"], first))
    if sha(os.path.join(top, doc["procedure"]["path"])) != doc["procedure"]["sha256"]:
        fail("procedure sha256")
    if sha(os.path.join(top, doc["listing"]["path"])) != doc["listing"]["sha256"]:
        fail("listing sha256")

    # every command in the file that runs it, in order
    lines = {}
    for f in doc["files"]:
        with open(os.path.join(folder, f["name"]), "rb") as g:
            lines[f["name"]] = [l.decode("utf-8", "replace") for l in g.read().split(b"\r\n")]
    at = {}
    numbers = []
    for s in doc["steps"]:
        if s["runs"]:
            numbers.append(s["number"])
        elif s["number"] is not None or s["commands"] or not s["why_not"]:
            fail("step left out: %r" % s)
        for c in s["commands"]:
            if c["kind"] in ("require", "ensure"):
                if c["file"] is not None or not c["text"].startswith(c["kind"] + " "):
                    fail("condition %r" % c)
                continue
            want = c["text"] if c["kind"] == "diskpart" else cmd_text(c["text"])
            body = lines[c["file"]]
            i = at.get(c["file"], 0)
            while i < len(body) and body[i] != want:
                i += 1
            if i == len(body):
                fail("%r not in %s after line %d" % (want, c["file"], at.get(c["file"], 0)))
            at[c["file"]] = i + 1
    if numbers != list(range(1, len(numbers) + 1)):
        fail("step numbers %r" % numbers)

    # the summary on standard error, line by line
    with open(summary_path, encoding="utf-8") as f:
        text = f.read().split("\n")
    start = text.index("plan, disk by disk (names as the procedure gives them):")
    want = []
    for d in doc["disks"]:
        names_ = ", ".join(d["names"]) or "(no name)"
        want.append("  %-8s %7s  %-12s  %s: %s" % (d["disk"], d["size"], d["kind"], names_, d["summary"]))
        if d["summary"] != "; ".join(e["text"] for e in d["effects"]):
            fail("summary of %s" % d["disk"])
    for s in doc["steps"]:
        if not s["runs"]:
            want.append('left out: step "%s" (line %d): %s' % (s["name"], s["line"], s["why_not"]))
    want += doc["assumptions"]
    got = text[start + 1:start + 1 + len(want)]
    rest = text[start + 1 + len(want):]
    if rest and rest[0].startswith("each disk before and after"):
        rest = []       # the pictures (review.c) follow the summary
    if got != want or rest not in ([], [""]):
        fail("summary differs:\n  json: %r\n  text: %r" % (want, text[start + 1:]))

    # the blast radius is the effects, grouped
    for what, disks in doc["blast_radius"].items():
        if disks != [d["disk"] for d in doc["disks"] if any(e["what"] == what for e in d["effects"])]:
            fail("blast radius %s" % what)
    if doc["after"]["file"] not in names:
        fail("after-listing file")


main()
