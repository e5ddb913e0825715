#!/usr/bin/env python3
"""editor_grammars.py - the editor grammars give each token of .mrb files its scope.

Usage: editor_grammars.py JOBS   (see editor_grammars.sh: lines of
FILE.mrb, a tab, the positions file, a tab, the groups vim reported there)

A reference scanner, written from the lexer's rules (grammar/lang/lexer.re,
SPEC.md section 2), finds the comments, strings, sizes, keywords and
selectors of each file.  Then:

- the TextMate grammar (editor/textmate/mrb.tmLanguage.json) is run by a
  small interpreter of its match / begin-end / captures / include rules,
  and the scope at each such token must be the expected one;
- the scopes vim's syntax file gave the same positions (written by vim in
  ex mode into VIM_OUTPUT_DIR, one file per input) are checked the same way;
- every keyword of the lexer and of SPEC.md gets a keyword scope in both,
  so a keyword added to the lexer fails here until the grammars know it.

With "--prepare DIR FILE..." it writes, for vim, the positions of every
token the checks look at (line and byte column) and the JOBS file.
"""
import json
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
failures = []


def fail(msg):
    failures.append(msg)


def lexer_keywords():
    text = open(os.path.join(ROOT, "grammar", "lang", "lexer.re"), encoding="utf-8").read()
    words = set(re.findall(r'^\s*"([a-z]+)"\s*\{\s*DONE\(TK_', text, re.M))
    spec = open(os.path.join(ROOT, "SPEC.md"), encoding="utf-8").read()
    m = re.search(r"\*\*Keywords\*\*[^`]*`([^`]*)`", spec, re.S)
    spec_words = set(m.group(1).split()) if m else set()
    if len(words) < 30:
        fail("read only %d keywords from grammar/lang/lexer.re: is the pattern stale?" % len(words))
    if not spec_words:
        fail("no **Keywords** list found in SPEC.md")
    return words | spec_words


KEYWORDS = lexer_keywords()
UNITS = ("B", "KB", "MB", "GB", "TB")
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def scan(line):
    """Tokens of one line: (kind, start, end) with kind comment, string, size,
    number, keyword, selector (at its object keyword), other."""
    toks = []
    i, n = 0, len(line)
    prev = None     # previous significant token text
    while i < n:
        c = line[i]
        if c in " \t\r":
            i += 1
            continue
        if c == "#":
            toks.append(("comment", i, n))
            break
        if c == '"':
            j = i + 1
            while j < n and line[j] != '"':
                j += 2 if line[j] == "\\" else 1
            j = min(j + 1, n)
            toks.append(("string", i, j))
            prev, i = '"', j
            continue
        if c.isdigit() and c.isascii():
            j = i
            while j < n and line[j].isdigit() and line[j].isascii():
                j += 1
            m = IDENT.match(line, j + len(line[j:]) - len(line[j:].lstrip(" \t")))
            if m and m.group(0) in UNITS:
                toks.append(("size", i, m.end()))
                i = m.end()
            else:
                toks.append(("number", i, j))
                i = j
            prev = "0"
            continue
        m = IDENT.match(line, i)
        if m:
            w, j = m.group(0), m.end()
            if j < n and line[j] == ":":
                prev, i = "drive", j + 1
                while i < n and (line[i].isalnum() or line[i] in "-_.$~\\"):
                    i += 1
                continue
            rest = line[j:]
            after = rest.lstrip(" \t")
            nxt = IDENT.match(after)
            if w in ("disk", "volume", "partition") and nxt and nxt.group(0) == "where" and after != rest:
                toks.append(("selector", i, j))
            elif w == "volume" and prev in ("=", "(") and nxt and len(nxt.group(0)) == 1 and after != rest:
                toks.append(("selector", i, j))
            elif w in KEYWORDS:
                toks.append(("keyword", i, j))
            prev, i = w, j
            continue
        prev = c
        i += 1
    return toks


def lines_of(path):
    data = open(path, "rb").read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8", errors="replace")
    return [l[:-1] if l.endswith("\r") else l for l in text.split("\n")]


def bytecol(line, i):
    return len(line[:i].encode("utf-8")) + 1


# ---- a small interpreter of TextMate grammars (the subset mrb's uses) ----

class Grammar:
    def __init__(self, path):
        self.g = json.load(open(path, encoding="utf-8"))
        self.repo = self.g.get("repository", {})
        self.cache = {}

    def flat(self, patterns):
        out = []
        for p in patterns:
            if "include" in p:
                r = self.repo[p["include"][1:]]
                out.extend(self.flat([r]) if ("match" in r or "begin" in r) else self.flat(r["patterns"]))
            elif "match" in p or "begin" in p:
                out.append(p)
            else:
                out.extend(self.flat(p.get("patterns", [])))
        return out

    def rx(self, s):
        if s not in self.cache:
            self.cache[s] = re.compile(s)
        return self.cache[s]

    def scopes(self, line):
        """The list of scopes of each character of line (one line: mrb has
        no multi-line construct)."""
        sc = [[] for _ in range(len(line) + 1)]
        self.run(line, 0, len(line), self.flat(self.g["patterns"]), [], sc, None)
        return sc

    def run(self, line, pos, limit, pats, outer, sc, end_rx):
        """Apply pats from pos; inside a begin/end, stop after end_rx's
        match and return where it ends."""
        while pos <= limit:
            best = None
            if end_rx is not None:
                m = end_rx.search(line, pos)
                if m:
                    best = (m.start(), None, m)
            for p in pats:
                m = self.rx(p.get("match") or p["begin"]).search(line, pos)
                if m and (best is None or m.start() < best[0]):
                    best = (m.start(), p, m)
            if best is None:
                return limit
            _, p, m = best
            if p is None:
                return m.end()
            names = outer + ([p["name"]] if "name" in p else [])
            if "match" in p:
                self.paint(sc, m.start(), m.end(), names, p.get("captures", {}), m)
                end = m.end()
            else:
                inner = [[] for _ in sc]
                end = self.run(line, m.end(), limit, self.flat(p.get("patterns", [])), names, inner,
                               self.rx(p["end"]))
                self.paint(sc, m.start(), end, names, p.get("beginCaptures", {}), m)
                for i in range(m.end(), end):
                    if inner[i]:
                        sc[i] = inner[i]
            pos = end if end > m.start() else m.start() + 1
        return limit

    @staticmethod
    def paint(sc, a, b, names, captures, m):
        for i in range(a, b):
            sc[i] = list(names)
        for g, c in captures.items():
            if m.group(int(g)) is not None:
                for i in range(m.start(int(g)), m.end(int(g))):
                    sc[i] = list(names) + [c["name"]]


TM_WANT = {
    "comment": lambda s: any(x.startswith("comment.") for x in s),
    "string": lambda s: any(x.startswith("string.quoted") for x in s),
    "size": lambda s: "constant.numeric.size.mrb" in s,
    "number": lambda s: any(x.startswith("constant.numeric") for x in s),
    "keyword": lambda s: any(x.split(".")[0] in ("keyword", "storage", "support") for x in s),
    "selector": lambda s: "meta.selector.mrb" in s and "storage.type.mrb" in s,
}
VIM_KEYWORD_GROUPS = {"mrbStructure", "mrbConditional", "mrbRepeat", "mrbOperator", "mrbKeyword",
                      "mrbCommand", "mrbExternal", "mrbType"}
VIM_WANT = {
    "comment": lambda s: "mrbComment" in s,
    "string": lambda s: "mrbString" in s,
    "size": lambda s: "mrbSize" in s,
    "number": lambda s: "mrbNumber" in s or "mrbSize" in s,
    "keyword": lambda s: bool(VIM_KEYWORD_GROUPS & set(s)),
    "selector": lambda s: "mrbSelector" in s and "mrbType" in s,
}


def positions(path):
    for ln, line in enumerate(lines_of(path), 1):
        for kind, a, b in scan(line):
            yield kind, ln, bytecol(line, a), line[a:b]


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--keywords":
        print("\n".join(sorted(KEYWORDS)))
        return 0
    if len(sys.argv) > 3 and sys.argv[1] == "--prepare":
        # --prepare DIR FILE...: DIR/jobs, and DIR/N.pos the positions of file N
        with open(os.path.join(sys.argv[2], "jobs"), "w", encoding="utf-8") as jobs:
            for n, path in enumerate(sys.argv[3:], 1):
                pos = os.path.join(sys.argv[2], "%d.pos" % n)
                with open(pos, "w", encoding="utf-8") as f:
                    for kind, ln, col, _ in positions(path):
                        f.write("%d %d\n" % (ln, col))
                jobs.write("%s\t%s\t%s\n" % (path, pos, pos[:-4] + ".syn"))
        return 0
    jobs = [l.split("\t") for l in open(sys.argv[1], encoding="utf-8").read().splitlines()]
    files = [j[0] for j in jobs]
    tm = Grammar(os.path.join(ROOT, "editor", "textmate", "mrb.tmLanguage.json"))
    counts = {k: 0 for k in TM_WANT}
    for path, _, syn in jobs:
        vim_lines = open(syn, encoding="utf-8").read().split("\n")
        vim_at = {}
        for l in vim_lines:
            parts = l.split()
            if len(parts) >= 2:
                vim_at[(int(parts[0]), int(parts[1]))] = parts[2:]
        lines = lines_of(path)
        for ln, line in enumerate(lines, 1):
            sc = tm.scopes(line)
            for kind, a, b in scan(line):
                counts[kind] += 1
                where = "%s:%d:%d: %s %r" % (path, ln, a + 1, kind, line[a:b])
                if not TM_WANT[kind](sc[a]):
                    fail("TextMate: %s has scopes %s" % (where, sc[a]))
                got = vim_at.get((ln, bytecol(line, a)))
                if got is None:
                    fail("vim: %s: no syntax reported" % where)
                elif not VIM_WANT[kind](got):
                    fail("vim: %s has groups %s" % (where, got))
    # every keyword, alone on a line, gets a keyword scope (vim: checked by
    # the shell script on a file of the keywords, through the same positions)
    for w in sorted(KEYWORDS):
        if not TM_WANT["keyword"](tm.scopes(w)[0]):
            fail("TextMate: keyword %r has scopes %s" % (w, tm.scopes(w)[0]))
    for k in ("comment", "string", "size", "keyword", "selector"):
        if counts[k] < 5:
            fail("only %d tokens of kind %s in all the files: the scanner is broken" % (counts[k], k))
    for f in failures[:40]:
        print("editor_grammars: " + f)
    if len(failures) > 40:
        print("editor_grammars: ... and %d more" % (len(failures) - 40))
    print("editor_grammars: %d files, tokens checked: %s" % (len(files), counts))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
