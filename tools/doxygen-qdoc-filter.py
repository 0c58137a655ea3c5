#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Doxygen input filter for the library's .cpp files (cmake/BiMuxQtReference.cmake).

The public API is documented as Qt documents its own: /*! */ blocks in the sources, next
to each definition, in qdoc's dialect. Doxygen reads most of that dialect; this filter
hands it the rest, and nothing else:

- Only the documentation and the definition each block documents reach Doxygen. Code,
  private classes, anonymous namespaces and `/*! \\internal */` blocks become blank lines
  (so that line numbers in warnings stay right): the reference is the public API, as
  qdoc's would be.
- `\\value Name text` lines of an `\\enum` block become `\\var` blocks, one per value, which
  is how Doxygen documents enumerators.
- `\\c{two words}` becomes `<tt>two words</tt>`, `\\section1 Title` a heading,
  `\\variable` `\\var`; `\\list`/`\\endlist` disappear (`\\li` is Doxygen's too), as
  does `\\reimp` (Doxygen says what a function reimplements by itself).

The files themselves stay plain qdoc."""
import html
import re
import sys

# Blocks that say what they document; any other block documents the definition after it.
TOPIC = re.compile(r"\\(class|struct|fn|enum|typedef|namespace|property|variable|var|page)\b")
VALUE = re.compile(r"^\s*\\value\s+(\w+)\s*(.*)$")
CODE = re.compile(r"\\c\{([^}]*)\}")
SECTION = re.compile(r"^(\s*)\\section([1-4])\s+(.*)$")


def translate(block):
    """Returns the block's lines in Doxygen's dialect, and the \\var blocks of its values."""
    enum = re.search(r"\\enum\s+([\w:]+)", "".join(block))
    out, values, current = [], [], None
    for line in block:
        value = VALUE.match(line) if enum else None
        if value:
            current = [value.group(1), value.group(2).strip()]
            values.append(current)
            out.append("\n")
            continue
        stripped = line.strip().rstrip("*/").strip()
        if current is not None and stripped and not stripped.startswith("\\"):
            current[1] += " " + stripped  # a value's text goes on until a blank line
            out.append("\n" if not line.rstrip().endswith("*/") else "*/\n")
            continue
        current = None
        section = SECTION.match(line)
        if section:
            level = int(section.group(2)) + 2
            line = f"{section.group(1)}<h{level}>{section.group(3)}</h{level}>\n"
        line = re.sub(r"\\(list|endlist|reimp)\b", "", line)
        line = re.sub(r"\\variable\b", r"\\var", line)
        line = CODE.sub(lambda m: "<tt>" + html.escape(m.group(1), quote=False) + "</tt>", line)
        out.append(line)
    extra = []
    if enum:
        scope = enum.group(1).rpartition("::")[0]
        for name, text in values:
            qualified = f"{enum.group(1)}::{name}"
            extra.append(f"/*! \\var {enum.group(1)} {qualified}\n    {text} */")
    return out, extra


def main():
    with open(sys.argv[1], encoding="utf-8") as source:
        lines = source.readlines()
    out, values = [], []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.lstrip().startswith("/*!"):
            out.append("\n")
            i += 1
            continue
        start = i
        while "*/" not in lines[i]:
            i += 1
        block = lines[start : i + 1]
        i += 1
        if re.search(r"\\internal\b", "".join(block)):
            out.extend("\n" for _ in block)
            continue
        text, extra = translate(block)
        values.extend(extra)
        out.extend(text)
        if TOPIC.search("".join(block)):
            continue
        # The definition the block documents: its signature, up to its body or its
        # constructor initializers, with an empty body instead.
        while i < len(lines):
            line = lines[i]
            stripped = line.strip()
            if stripped.startswith("/*"):
                break  # a block without a definition: Doxygen says so
            i += 1
            if stripped.startswith(":"):
                out[-1] = out[-1].rstrip("\n") + " {}\n"
                out.append("\n")
                break
            if "{" not in line and line.rstrip().endswith(";"):
                out.append(line)  # ... = default;
                break
            if "{" in line:
                out.append(line[: line.index("{")] + "{}\n")
                break
            out.append(line)
    # After the last line, so that every line before keeps its number.
    out.extend(v + "\n" for v in values)
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
