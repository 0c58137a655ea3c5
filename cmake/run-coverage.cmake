# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# Run by the `coverage` target (cmake/coverage.cmake): clears the counters, runs ctest,
# prints the coverage of src/bimuxqt, and fails if a test failed. Extra ctest arguments
# (e.g. -R qbimuxer) come from the environment: BIMUXQT_COVERAGE_CTEST_ARGS.
file(GLOB_RECURSE counters "${BINARY_DIR}/*.gcda")
if(counters)
    file(REMOVE ${counters})
endif()

# Not the install test: it builds the examples again against an installed copy of the
# library, which tells nothing about the library's own branches and takes minutes.
set(ctest_args --output-on-failure -j2 -E "^install$")
if(DEFINED ENV{BIMUXQT_COVERAGE_CTEST_ARGS})
    separate_arguments(extra UNIX_COMMAND "$ENV{BIMUXQT_COVERAGE_CTEST_ARGS}")
    list(APPEND ctest_args ${extra})
endif()
execute_process(COMMAND ctest ${ctest_args} WORKING_DIRECTORY "${BINARY_DIR}"
    RESULT_VARIABLE ctest_result)

set(report_dir "${BINARY_DIR}/coverage")
file(MAKE_DIRECTORY "${report_dir}")
set(gcovr_command "${GCOVR}" --root "${SOURCE_DIR}" --filter "${SOURCE_DIR}/src/bimuxqt/"
    --exclude-throw-branches -j 2)
execute_process(
    COMMAND ${gcovr_command} --json "${report_dir}/coverage.json"
        --txt "${report_dir}/branches.txt" --branches
        --html-details "${report_dir}/index.html"
        "${BINARY_DIR}"
    WORKING_DIRECTORY "${BINARY_DIR}"
    RESULT_VARIABLE gcovr_result)
if(NOT gcovr_result EQUAL 0)
    message(FATAL_ERROR "gcovr failed (${gcovr_result})")
endif()
file(READ "${report_dir}/branches.txt" per_file)
message("${per_file}")
message(STATUS "Annotated sources: ${report_dir}/index.html")

# The figures, from the counters read once: everything but gcc's exception branches;
# then also without the branches of the logging macros (is a category enabled?, and the
# lines of a statement that streams into one) and of Q_ASSERT, which are Qt's and the
# build's, not decisions of the library.
message("== src/bimuxqt, exception branches left out")
execute_process(COMMAND ${gcovr_command} --add-tracefile "${report_dir}/coverage.json"
    --print-summary --txt /dev/null WORKING_DIRECTORY "${BINARY_DIR}")
message("== the same, also without logging and Q_ASSERT branches")
execute_process(COMMAND ${gcovr_command}
    --exclude-branches-by-pattern "(.*(qC(Debug|Info|Warning|Critical)|Q_ASSERT)\\(|[ ]*<<).*"
    --print-summary --txt /dev/null "${BINARY_DIR}" WORKING_DIRECTORY "${BINARY_DIR}")
if(NOT ctest_result EQUAL 0)
    message(FATAL_ERROR "Some tests failed: the figures above miss what they did not run")
endif()
