# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# BIMUXQT_COVERAGE: the library built with gcov instrumentation, and a `coverage` target
# that runs the tests and prints the library's line and branch coverage:
#
#   cmake -S . -B build-coverage -G Ninja -DBIMUXQT_COVERAGE=ON
#   cmake --build build-coverage --target coverage
#
# Only the library is instrumented and only src/bimuxqt is reported: the tests, the
# inspector and Qt are not what is measured. Branches that gcc adds for exceptions
# (every call that may throw) are left out (gcovr --exclude-throw-branches): they say
# how often a call did not throw, not which of the library's own decisions were taken.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    message(FATAL_ERROR "BIMUXQT_COVERAGE needs gcc's gcov, not ${CMAKE_CXX_COMPILER_ID}")
endif()
if(NOT BIMUXQT_BUILD_TESTS)
    message(FATAL_ERROR "BIMUXQT_COVERAGE needs the tests: -DBIMUXQT_BUILD_TESTS=ON")
endif()
find_program(GCOVR_EXECUTABLE gcovr)
if(NOT GCOVR_EXECUTABLE)
    message(FATAL_ERROR "BIMUXQT_COVERAGE needs gcovr: apt-get install gcovr")
endif()

# -O0 after the build type's flags: optimised code folds and drops branches, and the
# figures would depend on the build type. Atomic counters: the library runs in several
# threads at once, and plain counters lose updates (gcov then reports negative counts).
set(BIMUXQT_COVERAGE_FLAGS --coverage -fprofile-update=atomic -O0)
target_compile_options(BiMuxQt PRIVATE ${BIMUXQT_COVERAGE_FLAGS})
target_link_options(BiMuxQt PRIVATE --coverage)

# A script, not a chain of commands, so that the report is printed even when a test
# fails, and the target fails afterwards.
add_custom_target(coverage
    COMMAND ${CMAKE_COMMAND}
        -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
        -DBINARY_DIR=${PROJECT_BINARY_DIR}
        -DGCOVR=${GCOVR_EXECUTABLE}
        -P ${PROJECT_SOURCE_DIR}/cmake/run-coverage.cmake
    WORKING_DIRECTORY ${PROJECT_BINARY_DIR}
    USES_TERMINAL
    COMMENT "Running the tests and measuring the library's coverage")
# Every executable of the build (the tests, and the programs some tests run) is built
# before the tests run, so that one command does it all.
function(bimuxqt_collect_executables dir out)
    set(found)
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
        get_target_property(type ${target} TYPE)
        if(type STREQUAL "EXECUTABLE")
            list(APPEND found ${target})
        endif()
    endforeach()
    get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    foreach(subdir IN LISTS subdirs)
        bimuxqt_collect_executables(${subdir} sub)
        list(APPEND found ${sub})
    endforeach()
    set(${out} ${found} PARENT_SCOPE)
endfunction()
bimuxqt_collect_executables(${PROJECT_SOURCE_DIR} coverage_executables)
add_dependencies(coverage BiMuxQt ${coverage_executables})

# The tests are instrumented too: the unit tests of private parts compile the library's
# sources in (the codec, the pending calls), and every test compiles the templates and
# inline functions of the library's headers; what they run there is the library's code.
foreach(target IN LISTS coverage_executables)
    get_target_property(directory ${target} SOURCE_DIR)
    if(directory MATCHES "^${PROJECT_SOURCE_DIR}/autotests/")
        target_compile_options(${target} PRIVATE ${BIMUXQT_COVERAGE_FLAGS})
        target_link_options(${target} PRIVATE --coverage)
    endif()
endforeach()
