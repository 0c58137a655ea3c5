#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

"""Lists the context-less functor connections in C++ sources; exits 1 if there is any.

A connection to a lambda or other functor without a context object lives as long as its
sender, runs in the sender's thread, and keeps running after whatever the lambda captured
is gone. Qt 6.7's QT_NO_CONTEXTLESS_CONNECT removes these overloads (the library is built
with it); this check holds the library to the same rule on Qt 6.4, where the macro changes
nothing. It flags:

  connect(sender, signal, functor)              3 arguments, the third not SLOT()/SIGNAL()
  QTimer::singleShot(interval, functor)         2 arguments
  QTimer::singleShot(interval, Qt::..., functor)
  timer.callOnTimeout(functor)                  1 argument

::connect(), the global namespace's (a POSIX socket's), is not Qt's and not checked.

Calls are found on the source with comments and string literals blanked out, their
arguments split at the top-level commas (parentheses, brackets, braces and template
argument lists balanced), so a call may span lines and a lambda may hold commas.

  tools/check-connect-context.py FILE|DIR ...
"""

import os
import re
import sys

SOURCE_SUFFIXES = (".cpp", ".h")
CALL = re.compile(r"(?<![\w~])(connect|singleShot|callOnTimeout)\s*\(")
OPENERS = {"(": ")", "[": "]", "{": "}"}
CLOSERS = {")", "]", "}"}


def blank_comments_and_strings(text):
    """The text with comments, string and character literals replaced by spaces (newlines
    kept, so that offsets and line numbers stay), the quotes of strings kept."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j == -1 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j == -1 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "R" and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^()\\\s]{0,16})\(', text[i:])
            if not m:
                out.append(c)
                i += 1
                continue
            end = text.find(")" + m.group(1) + '"', i + m.end())
            end = n if end == -1 else end + len(m.group(1)) + 2
            out.append('"' + re.sub(r"[^\n]", " ", text[i + 1 : end - 1]) + '"')
            i = end
        elif c in "\"'":
            # A digit separator (1'000'000) is not a character literal.
            if c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum():
                out.append(c)
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else text[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_arguments(code, start):
    """The top-level arguments of the call whose '(' is at code[start], and the offset just
    past its ')'; None if the parentheses do not balance."""
    args, depth, angle, current = [], [], 0, []
    i = start + 1
    while i < len(code):
        c = code[i]
        if not depth and angle == 0 and c == ")":
            args.append("".join(current).strip())
            return ([] if args == [""] else args), i + 1
        if c in OPENERS:
            depth.append(OPENERS[c])
        elif c in CLOSERS:
            if not depth or depth.pop() != c:
                return None
        elif not depth and c == "<":
            # A template argument list (qOverload<int, bool>) when it follows a name;
            # a comparison at the top level of a connect() argument list is unheard of.
            before = "".join(current).rstrip()
            if before and (before[-1].isalnum() or before[-1] == "_") and not code.startswith("<<", i):
                angle += 1
        elif not depth and c == ">" and angle and code[i - 1] != "-":
            angle -= 1
        elif not depth and angle == 0 and c == ",":
            args.append("".join(current).strip())
            current = []
            i += 1
            continue
        current.append(c)
        i += 1
    return None


def violation(name, args):
    """Why this call is context-less, or None."""
    if name == "connect":
        if len(args) == 3 and not re.match(r"(SLOT|SIGNAL)\s*\(|\"", args[2]):
            return "connect() to a functor without a context object"
    elif name == "singleShot":
        if len(args) == 2 or (len(args) == 3 and re.match(r"Qt\s*::", args[1])):
            return "QTimer::singleShot() to a functor without a context object"
    elif name == "callOnTimeout":
        if len(args) == 1:
            return "callOnTimeout() without a context object"
    return None


def check_file(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    code = blank_comments_and_strings(text)
    found = []
    for m in CALL.finditer(code):
        # A declaration or definition of a function of that name is not a call.
        line_start = code.rfind("\n", 0, m.start()) + 1
        head = code[line_start : m.start()]
        if re.search(r"(Connection|void|bool|auto)\s+(\w+::)*$", head):
            continue
        # ::connect(fd, address, length) names the global namespace's: the socket call.
        if re.search(r"(^|[^\w>:\s])\s*::\s*$", head):
            continue
        parsed = split_arguments(code, m.end() - 1)
        line = code.count("\n", 0, m.start()) + 1
        if parsed is None:
            found.append((path, line, "could not parse this call (unbalanced brackets)"))
            continue
        reason = violation(m.group(1), parsed[0])
        if reason:
            found.append((path, line, reason))
    return found


def sources(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, _, files in os.walk(path):
                for name in sorted(files):
                    if name.endswith(SOURCE_SUFFIXES):
                        yield os.path.join(root, name)
        else:
            yield path


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    files = list(sources(argv[1:]))
    problems = [p for f in files for p in check_file(f)]
    for path, line, reason in problems:
        print(f"{path}:{line}: {reason}")
    if problems:
        print(f"{len(problems)} context-less connection(s); name a context object "
              "(the object whose life and thread the functor needs)")
        return 1
    print(f"{len(files)} files: every connection names a context object")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
