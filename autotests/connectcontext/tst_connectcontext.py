#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

"""Holds tools/check-connect-context.py to sample.cpp: it must report exactly the lines
marked "// flagged" and exit 1; on the same file without those lines it must exit 0.

  tst_connectcontext.py CHECKER SAMPLE
"""

import os
import re
import subprocess
import sys
import tempfile


def run(checker, path):
    result = subprocess.run([sys.executable, checker, path], capture_output=True, text=True)
    lines = set()
    for report in result.stdout.splitlines():
        m = re.match(r"(.*):(\d+): ", report)
        if m:
            lines.add(int(m.group(2)))
    return result.returncode, lines, result.stdout + result.stderr


def main(checker, sample):
    with open(sample, encoding="utf-8") as f:
        text = f.read().splitlines()
    expected = {n for n, line in enumerate(text, 1) if line.rstrip().endswith("// flagged")}
    assert expected, "the sample marks no line"

    code, reported, output = run(checker, sample)
    failures = []
    if code != 1:
        failures.append(f"exit code {code}, not 1")
    if reported != expected:
        failures.append(f"missed lines {sorted(expected - reported)}, "
                        f"wrongly reported lines {sorted(reported - expected)}")

    # Without the marked calls (their lines and, for one that spans lines, its arguments),
    # nothing is left to report. The multi-line ones end at the next line holding "});".
    clean, skipping = [], False
    for n, line in enumerate(text, 1):
        if n in expected:
            skipping = not line.rstrip().removesuffix("// flagged").rstrip().endswith(";")
            continue
        if skipping:
            skipping = not line.strip().startswith("});")
            continue
        clean.append(line)
    with tempfile.NamedTemporaryFile("w", suffix=".cpp", delete=False) as f:
        f.write("\n".join(clean) + "\n")
    try:
        clean_code, clean_reported, clean_output = run(checker, f.name)
    finally:
        os.unlink(f.name)
    if clean_code != 0:
        failures.append(f"the sample without the marked calls gives exit code {clean_code}:\n"
                        + clean_output)

    if failures:
        print(output)
        print("\n".join(failures), file=sys.stderr)
        return 1
    print(f"reported exactly the {len(expected)} marked lines; the rest passes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
