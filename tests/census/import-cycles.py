#!/usr/bin/env python3
"""Counts import cycles among the Rust files of one folder.

    tests/census/import-cycles.py [-v] DIR...

For each DIR (a folder of a crate's `src/`), every `.rs` file below it is a node. An
edge runs from file A to file B when A names an item of B through a `crate::`,
`super::` or `self::` path, in a `use` line or written out in the code, or by a path
in the code that starts with a child module or a name a `use` line bound (comments are
skipped, so doc links do not count). The edge ends at the file the path names;
a path to a name that a `mod.rs` brings in with `use` goes on to that name's own
file. The folder's own `mod.rs` (its root, which declares the files and gathers
their names) is left out of the graph, so `impl Machine` blocks spread over the
files of the folder whose `mod.rs` defines `Machine` do not make a circle; for the
same reason what any `mod.rs` uses of the files of its own folder is not counted
(what they use of it is).

A cycle is a strongly connected group of two or more files. The script prints, for
each DIR, the number of such groups and of files in them (`-v` also lists each
group and the edges inside it) and exits 1 when any DIR has a cycle.
"""

import os
import re
import sys

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
# Files that gather a folder's names: a path through one of their `use` lines goes on
# to the file the name comes from.
GATHERERS = ("mod.rs", "lib.rs", "main.rs")


def crate_src(path):
    """The `src` folder of the crate that holds `path`."""
    d = os.path.abspath(path)
    while d != os.path.dirname(d):
        if os.path.isfile(os.path.join(d, "Cargo.toml")):
            return os.path.join(d, "src")
        d = os.path.dirname(d)
    sys.exit(f"import-cycles: {path} is not inside a crate")


def module_of(src, file):
    """The module path of a file, as a tuple of names below the crate root."""
    rel = os.path.relpath(file, src)[: -len(".rs")].split(os.sep)
    if rel[-1] in ("mod", "lib", "main"):
        rel = rel[:-1]
    return tuple(rel)


def strip_comments(text):
    """The text without comments, string and char literals (kept as blanks)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c == '"' or (c == "r" and re.match(r'r#*"', text[i:])):
            m = re.match(r'r(#*)"', text[i:])
            if m:
                end = text.find('"' + m.group(1), i + len(m.group(0)))
                i = n if end < 0 else end + 1 + len(m.group(1))
            else:
                i += 1
                while i < n and text[i] != '"':
                    i += 2 if text[i] == "\\" else 1
                i += 1
            out.append('""')
        elif c == "'":
            m = re.match(r"'(\\.[^']*|[^\\'])'", text[i:])
            if m:
                out.append("' '")
                i += len(m.group(0))
            else:
                out.append(c)  # a lifetime
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def expand_use(tree):
    """The paths of a `use` tree (`a::{b, c::{d, self}}`), each as (path, alias)."""
    tree = re.sub(r"\s+as\s+", "@", tree)
    tree = re.sub(r"\s+", "", tree)

    def split_top(s):
        parts, depth, cur = [], 0, ""
        for ch in s:
            if ch == "," and depth == 0:
                parts.append(cur)
                cur = ""
                continue
            depth += ch == "{"
            depth -= ch == "}"
            cur += ch
        if cur:
            parts.append(cur)
        return parts

    def walk(prefix, s):
        i = s.find("{")
        if i >= 0 and s.endswith("}"):
            head = s[:i].rstrip(":")
            base = prefix + ([p for p in head.split("::") if p] if head else [])
            for part in split_top(s[i + 1 : -1]):
                yield from walk(base, part)
            return
        s, _, alias = s.partition("@")
        path = [p for p in s.split("::") if p]
        if path and path[-1] == "self":
            path = path[:-1]
        yield prefix + path, alias

    yield from walk([], tree)


class File:
    def __init__(self, path, module):
        self.path = path
        self.module = module
        self.paths = []  # (scope module, path list) named in the code
        self.reexports = {}  # name -> (scope, path) a `use` binds
        self.glob_reexports = []  # (scope, path) of `use path::*`


def read_file(src, path):
    f = File(path, module_of(src, path))
    with open(path, encoding="utf-8") as fh:
        text = strip_comments(fh.read())
    # Inline `mod name { ... }` blocks shift what `super` and `self` mean.
    scopes = []
    for m in re.finditer(r"\bmod\s+(" + IDENT + r")\s*\{", text):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += text[i] == "{"
            depth -= text[i] == "}"
            i += 1
        scopes.append((m.start(), i, m.group(1)))

    def scope_at(pos):
        inner = [s for s in scopes if s[0] <= pos < s[1]]
        inner.sort()
        return f.module + tuple(s[2] for s in inner)

    use_spans = []
    for m in re.finditer(r"\buse\s+([^;]*);", text):
        use_spans.append((m.start(), m.end()))
        scope = scope_at(m.start())
        for path, alias in expand_use(m.group(1)):
            if not path:
                continue
            f.paths.append((scope, path))
            # Every `use` binds a name in its module, which the module's children
            # can name through `super::`, so each is followed like a re-export.
            if scope != f.module:
                continue
            if path[-1] == "*":
                f.glob_reexports.append((scope, path[:-1]))
            else:
                f.reexports[alias or path[-1]] = (scope, path)
    # Child modules a scope declares (`mod name;`) and the names its `use` lines
    # bind: a path in the code may start with either.
    children, binds = {}, {}
    for m in re.finditer(r"\bmod\s+(" + IDENT + r")\s*;", text):
        children.setdefault(scope_at(m.start()), set()).add(m.group(1))
    for m in re.finditer(r"\buse\s+([^;]*);", text):
        scope = scope_at(m.start())
        for path, alias in expand_use(m.group(1)):
            if path and path[-1] != "*":
                binds.setdefault(scope, {})[alias or path[-1]] = path
    path_re = r"(?<![\w:])" + IDENT + r"(?:\s*::\s*" + IDENT + r")+"
    for m in re.finditer(path_re, text):
        if any(a <= m.start() < b for a, b in use_spans):
            continue
        path = [p.strip() for p in m.group(0).split("::")]
        scope = scope_at(m.start())
        head = path[0]
        if head in ("crate", "super", "self"):
            f.paths.append((scope, path))
        elif head in children.get(scope, ()):
            f.paths.append((scope, ["self"] + path))
        elif head in binds.get(scope, {}):
            f.paths.append((scope, binds[scope][head] + path[1:]))
    return f


def absolute(scope, path):
    """The path from the crate root, or None for an outside crate or a local name."""
    if path[0] == "crate":
        return tuple(path[1:])
    base, rest = list(scope), list(path)
    if rest[0] == "self":
        rest = rest[1:]
    elif rest[0] == "super":
        while rest and rest[0] == "super":
            base, rest = base[:-1], rest[1:]
    else:
        # `use name::...` names a module declared in scope (2018 paths).
        return tuple(base) + tuple(rest)
    return tuple(base) + tuple(rest)


def resolve(files_by_module, apath, seen=None):
    """The file that defines what `apath` names (following `pub use`)."""
    seen = seen or set()
    if apath in seen or len(seen) > 64:
        return None
    seen.add(apath)
    for k in range(len(apath), -1, -1):
        mod = apath[:k]
        f = files_by_module.get(mod)
        if f is None:
            continue
        rest = apath[k:]
        if rest and os.path.basename(f.path) in GATHERERS:
            name = rest[0]
            if name in f.reexports:
                scope, path = f.reexports[name]
                target = absolute(scope, path)
                if target is not None:
                    got = resolve(files_by_module, target + tuple(rest[1:]), seen)
                    if got is not None:
                        return got
            for scope, path in f.glob_reexports:
                base = absolute(scope, path)
                if base is None:
                    continue
                got = resolve(files_by_module, base + tuple(rest), seen)
                if got is not None and got is not f:
                    return got
        return f
    return None


def cycles(graph):
    """Strongly connected groups of two or more nodes (Tarjan, iterative)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]
                    counter[0] += 1
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    advanced = True
                    break
                if nxt in on:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    top = stack.pop()
                    on.discard(top)
                    group.append(top)
                    if top == node:
                        break
                if len(group) > 1:
                    out.append(sorted(group))
    return out


def below(f, target):
    """Whether `target` is a file of the folder whose `mod.rs` is `f`: a folder's
    root declares its files and stands above them, so what it uses of them is not
    an import (what they use of it is)."""
    if os.path.basename(f.path) not in GATHERERS:
        return False
    return os.path.abspath(target.path).startswith(os.path.dirname(os.path.abspath(f.path)) + os.sep)


def census(folder, verbose):
    src = crate_src(folder)
    all_files = {}
    for dirpath, _, names in os.walk(src):
        for name in names:
            if name.endswith(".rs"):
                f = read_file(src, os.path.join(dirpath, name))
                all_files[f.module] = f
    folder = os.path.abspath(folder)
    root = module_of(src, os.path.join(folder, "mod.rs"))
    inside = {
        m: f
        for m, f in all_files.items()
        if os.path.abspath(f.path).startswith(folder + os.sep) and m != root
    }
    graph = {os.path.relpath(f.path, folder): set() for f in inside.values()}
    for f in inside.values():
        me = os.path.relpath(f.path, folder)
        for scope, path in f.paths:
            apath = absolute(scope, path)
            if apath is None:
                continue
            target = resolve(all_files, apath)
            if target is None or target is f or target.module not in inside:
                continue
            if below(f, target):
                continue
            graph[me].add(os.path.relpath(target.path, folder))
    groups = cycles(graph)
    files = sum(len(g) for g in groups)
    shown = os.path.relpath(folder)
    print(f"{shown}: {len(groups)} cycle(s), {files} file(s) in them, {len(graph)} files")
    if verbose:
        for g in groups:
            print("  cycle: " + " ".join(g))
            for a in g:
                for b in sorted(graph[a]):
                    if b in g:
                        print(f"    {a} -> {b}")
    return len(groups)


def main(argv):
    verbose = "-v" in argv
    dirs = [a for a in argv if a != "-v"]
    if not dirs:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    found = 0
    for d in dirs:
        if not os.path.isdir(d):
            sys.exit(f"import-cycles: {d}: not a folder")
        found += census(d, verbose)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
