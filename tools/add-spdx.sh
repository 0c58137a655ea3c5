#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# Adds the licence header to every source file tools/check-spdx.sh lists (or to those of
# the files named that lack it), in the file's comment syntax, after a shebang line if
# there is one:
#
#   // SPDX-FileCopyrightText: 2026 The BiMuxQt authors
#   // SPDX-License-Identifier: BSD-3-Clause
#
# followed by an empty line. A file that has the header already is left as it is, so
# running it twice changes nothing.
#
#   bash tools/add-spdx.sh [file ...]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
copyright='SPDX-FileCopyrightText: 2026 The BiMuxQt authors'
license='SPDX-License-Identifier: BSD-3-Clause'

# The line-comment marker of a file, by its name; a .in file is what it generates.
comment_for() {
    local name=${1%.in}
    case $name in
    *.h | *.cpp | *.mjs | *.proto) echo '//' ;;
    *.cmake | *CMakeLists.txt | *.sh | *.py) echo '#' ;;
    *) return 1 ;;
    esac
}

# Writes the header into `file`, after its shebang line if any.
add_header() {
    local file=$1 comment header temp first=''
    if ! comment=$(comment_for "$file"); then
        echo "error: no comment syntax known for $file" >&2
        return 1
    fi
    header="$comment $copyright"$'\n'"$comment $license"$'\n'
    temp=$(mktemp)
    {
        if IFS= read -r first || [[ -n $first ]]; then
            if [[ $first == '#!'* ]]; then
                printf '%s\n%s\n' "$first" "$header"
            else
                printf '%s\n%s\n' "$header" "$first"
            fi
            cat
        else
            printf '%s' "$header"
        fi
    } <"$file" >"$temp"
    # In place, which keeps the file's mode (the scripts' executable bit).
    cat "$temp" >"$file"
    rm -f "$temp"
}

main() {
    if [[ ${1:-} == -* ]]; then
        sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
        return 2
    fi
    local file files changed=0
    for file in "$@"; do
        if [[ ! -f $file ]]; then
            echo "error: no such file: $file" >&2
            return 1
        fi
    done
    if (($# == 0)); then
        cd "$root" # check-spdx.sh lists the tree's files relative to it
    fi
    # The files without the header (check-spdx.sh knows what counts as one).
    mapfile -t files < <(bash "$root/tools/check-spdx.sh" --quiet "$@" || true)
    for file in "${files[@]}"; do
        # A file named twice has the header by its second turn.
        if bash "$root/tools/check-spdx.sh" --quiet "$file" >/dev/null; then
            continue
        fi
        add_header "$file"
        echo "added: $file"
        changed=$((changed + 1))
    done
    echo "$changed file(s) given an SPDX header" >&2
}

# bash reads a script while it runs it, and this one may rewrite itself: this last line
# is read whole before it runs, and exits before bash would read on.
main "$@"; exit
