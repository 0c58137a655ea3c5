#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# Lists the source files (.h .cpp .cmake CMakeLists.txt .sh .mjs .py .proto .in) without
# an SPDX-License-Identifier comment line; exits 1 if there is any. The files are those
# git tracks plus new ones it does not ignore, so build trees and node_modules are left
# out (outside a git checkout: all but build*/ and node_modules/), or the files named.
# tools/add-spdx.sh adds the header to each file listed.
#
#   bash tools/check-spdx.sh [--quiet] [file ...]    # --quiet: the list only
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

quiet=false
if [[ ${1:-} == --quiet ]]; then
    quiet=true
    shift
fi

# NUL-separated, relative to the root.
list_files() {
    if command -v git >/dev/null && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files -z --cached --others --exclude-standard | sort -z -u
    else
        # Not a git checkout (a source tarball): everything but build trees and npm's.
        find . \( -path './build*' -o -name node_modules -o -name .git \) -prune \
            -o -type f -printf '%P\0' | sort -z
    fi
}

# The tag in a comment of its own, not merely the words (as in this script).
tag='^[[:space:]]*(#|//)[[:space:]]*SPDX-License-Identifier:'

missing=()
check() {
    local file=$1
    case $file in
    *.h | *.cpp | *.cmake | */CMakeLists.txt | CMakeLists.txt | *.sh | *.mjs | *.py | *.proto | *.in) ;;
    *) return 0 ;;
    esac
    if ! grep -Eq "$tag" "$file"; then
        missing+=("$file")
    fi
}

if (($# > 0)); then
    for file in "$@"; do
        check "$file"
    done
else
    cd "$root"
    while IFS= read -r -d '' file; do
        [[ -f $file ]] || continue # listed by git, deleted in the worktree
        check "$file"
    done < <(list_files)
fi

if ((${#missing[@]} > 0)); then
    printf '%s\n' "${missing[@]}"
fi
if ! $quiet; then
    if ((${#missing[@]} > 0)); then
        echo "${#missing[@]} source file(s) without SPDX-License-Identifier; tools/add-spdx.sh adds it" >&2
    else
        echo "every source file has an SPDX-License-Identifier" >&2
    fi
fi
((${#missing[@]} == 0))
