#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Doxygen input filter for the Markdown pages (cmake/BiMuxQtReference.cmake).

The pages are written for GitHub, which gives every heading an id (`## Memory per
connection` -> `#memory-per-connection`). Doxygen 1.9 gives them none, and its labels are
global across pages. So, for Doxygen only, each heading gets `{#<page>-<GitHub id>}`,
links to headings (`#id`, `other.md#id`) are rewritten to match, and links to files that
are not pages of the reference become plain text. The files stay plain GitHub Markdown."""
import os
import re
import sys

path = os.path.abspath(sys.argv[1])
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pages = {os.path.join(root, "README.md")}
pages.update(os.path.join(root, "docs", name)
             for name in os.listdir(os.path.join(root, "docs")) if name.endswith(".md"))


def page_prefix(page_path):
    return os.path.splitext(os.path.basename(page_path))[0].lower()


def github_id(title):
    # GitHub: lower case, punctuation dropped, spaces to hyphens.
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def rewrite_link(match):
    text, target = match.group(1), match.group(2)
    if re.match(r"^[a-z]+:", target):
        return match.group(0)  # http:, https:, mailto:
    file_part, _, fragment = target.partition("#")
    linked = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
    if linked not in pages:
        if os.path.splitext(linked)[1] in (".png", ".jpg", ".svg"):
            return match.group(0)
        return f"{text} (`{os.path.relpath(linked, root)}`)"
    if fragment:
        return f"[{text}](#{page_prefix(linked)}-{fragment})"
    return match.group(0)


heading = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
link = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]+)\)")
seen = {}
in_code = False
with open(path, encoding="utf-8") as page:
    for line in page:
        if line.lstrip().startswith("```"):
            in_code = not in_code
            sys.stdout.write(line)
            continue
        if in_code:
            sys.stdout.write(line)
            continue
        line = link.sub(rewrite_link, line)
        match = heading.match(line)
        if not match:
            sys.stdout.write(line)
            continue
        slug = github_id(match.group(2))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        if count:
            slug = f"{slug}-{count}"  # GitHub numbers repeated headings
        sys.stdout.write(f"{match.group(1)} {match.group(2)} {{#{page_prefix(path)}-{slug}}}\n")
