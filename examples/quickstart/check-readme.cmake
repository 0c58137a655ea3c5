# SPDX-License-Identifier: BSD-3-Clause
# Fails unless README.md holds main.cpp, from its first #include line on, as a ```cpp block:
#   cmake -DREADME=README.md -DSOURCE=main.cpp -P check-readme.cmake
file(READ ${SOURCE} source)
string(FIND "${source}" "\n#include" start)
math(EXPR start "${start} + 1")
string(SUBSTRING "${source}" ${start} -1 quoted)
file(READ ${README} readme)
string(FIND "${readme}" "```cpp\n${quoted}```" found)
if(found EQUAL -1)
    message(FATAL_ERROR "README.md does not quote ${SOURCE} (from its first #include line on) "
                        "as a ```cpp block: copy it there again")
endif()
