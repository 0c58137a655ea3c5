# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# cmake -DVARIANT=shared|static|build-tree|subdirectory -DWORK_DIR=... [...] -P installtest.cmake
#
# What a user of BiMuxQt meets, one variant per ctest (autotests/install/CMakeLists.txt):
#
# shared      cmake --install BUILD_DIR into WORK_DIR/prefix; checks the package's files
#             (no private header, no protobuf code); builds examples/echo and consumer/
#             against that prefix only; runs the echo client and server against each
#             other, the consumer (public headers, translations), and each installed
#             program (--help, with no library path but the one it was installed with);
#             checks that consumer/'s private-header probe does not compile.
# static      the same for a static BiMuxQt: configures and builds the library alone from
#             SOURCE_DIR with BUILD_SHARED_LIBS=OFF, installs it, and goes on as above.
# build-tree  consumer/ inside BUILD_DIR: runs bimuxqt-consumer, and builds the private-
#             header probe there, which must fail.
# subdirectory  configures a project that adds SOURCE_DIR with add_subdirectory() while
#             Qt's LinguistTools cannot be found: BiMuxQt must do without translations.
cmake_minimum_required(VERSION 3.21)

if(NOT VARIANT)
    set(VARIANT shared)
endif()
set(required WORK_DIR GENERATOR)
if(VARIANT STREQUAL "shared" OR VARIANT STREQUAL "build-tree")
    list(APPEND required BUILD_DIR)
endif()
if(VARIANT STREQUAL "static" OR VARIANT STREQUAL "subdirectory")
    list(APPEND required SOURCE_DIR CONSUMER_DIR)
endif()
if(VARIANT STREQUAL "shared" OR VARIANT STREQUAL "static")
    list(APPEND required EXAMPLE_DIR CONSUMER_DIR LIBDIR INCLUDEDIR BINDIR DATAROOTDIR)
endif()
foreach(var IN LISTS required)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "installtest.cmake -DVARIANT=${VARIANT} needs -D${var}=...")
    endif()
endforeach()

set(prefix "${WORK_DIR}/prefix")
# From scratch each time: a stale prefix could hide a file that is no longer installed.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# Runs a command; on failure stops the test with everything it printed.
function(run_step what)
    execute_process(COMMAND ${ARGN}
        RESULT_VARIABLE result
        OUTPUT_VARIABLE output
        ERROR_VARIABLE output)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${what} failed (${result}):\n${output}")
    endif()
    message(STATUS "${what}: ok")
    set(step_output "${output}" PARENT_SCOPE)
endfunction()

# The arguments that configure a project as the build under test was configured.
set(configure_args -G "${GENERATOR}")
foreach(pair
        "CONFIG;CMAKE_BUILD_TYPE" "MAKE_PROGRAM;CMAKE_MAKE_PROGRAM"
        "CXX_COMPILER;CMAKE_CXX_COMPILER"
        # A library built with sanitizers needs them in its users too.
        "CXX_FLAGS;CMAKE_CXX_FLAGS" "EXE_LINKER_FLAGS;CMAKE_EXE_LINKER_FLAGS")
    list(GET pair 0 from)
    list(GET pair 1 to)
    if(NOT "${${from}}" STREQUAL "")
        list(APPEND configure_args "-D${to}=${${from}}")
    endif()
endforeach()
set(config_args)
if(CONFIG)
    set(config_args --config "${CONFIG}")
endif()

# Builds `target` of the project in `build_dir`, which must fail because `header` is
# not found: a private header is out of reach of BiMuxQt::BiMuxQt's users.
function(expect_private_header_hidden build_dir target header)
    execute_process(
        COMMAND "${CMAKE_COMMAND}" --build "${build_dir}" --target "${target}" ${config_args}
        RESULT_VARIABLE result
        OUTPUT_VARIABLE output
        ERROR_VARIABLE output)
    if(result EQUAL 0)
        message(FATAL_ERROR "${target} compiled: ${header} is on BiMuxQt::BiMuxQt's include path")
    endif()
    # GCC: "qbimuxer_p.h: No such file or directory"; clang: "'qbimuxer_p.h' file not found".
    string(REGEX MATCH "${header}'?:? *(No such file|file not found)" missing "${output}")
    if(NOT missing)
        message(FATAL_ERROR "${target} failed, but not for want of ${header}:\n${output}")
    endif()
    message(STATUS "${header} is out of reach of BiMuxQt::BiMuxQt's users: ok")
endfunction()

# Runs bimuxqt-consumer, built in `dir`.
function(run_consumer dir)
    set(args)
    if(NOT TRANSLATIONS)
        set(args --no-translations)
    endif()
    execute_process(COMMAND "${dir}/bimuxqt-consumer" ${args}
        RESULT_VARIABLE result
        OUTPUT_VARIABLE output
        ERROR_VARIABLE output
        TIMEOUT 60)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "bimuxqt-consumer failed (${result}):\n${output}")
    endif()
    message(STATUS "bimuxqt-consumer: ${output}")
endfunction()

# --- build-tree: consumer/ as a part of the BiMuxQt build -------------------------------
if(VARIANT STREQUAL "build-tree")
    run_consumer("${BUILD_DIR}/autotests/install/consumer")
    expect_private_header_hidden("${BUILD_DIR}" bimuxqt-private-header-probe qbimuxer_p.h)
    return()
endif()

# --- subdirectory: add_subdirectory() without LinguistTools ------------------------------
if(VARIANT STREQUAL "subdirectory")
    set(project_dir "${WORK_DIR}/project")
    file(MAKE_DIRECTORY "${project_dir}")
    file(WRITE "${project_dir}/CMakeLists.txt"
        "cmake_minimum_required(VERSION 3.21)\n"
        "project(UsesBiMuxQtSources LANGUAGES CXX)\n"
        "add_subdirectory(\"${SOURCE_DIR}\" bimuxqt)\n"
        "add_subdirectory(\"${CONSUMER_DIR}\" consumer)\n")
    # Configuring is what needs LinguistTools; the library's code does not.
    run_step("configure a project that adds BiMuxQt's sources, without LinguistTools"
        "${CMAKE_COMMAND}" -S "${project_dir}" -B "${WORK_DIR}/build" ${configure_args}
        -DCMAKE_DISABLE_FIND_PACKAGE_Qt6LinguistTools=ON)
    string(FIND "${step_output}" "building without translations" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "BiMuxQt did not say it builds without translations:\n${step_output}")
    endif()
    foreach(build_file build.ninja Makefile)
        if(EXISTS "${WORK_DIR}/build/${build_file}")
            file(STRINGS "${WORK_DIR}/build/${build_file}" lrelease_rules REGEX "lrelease")
            if(lrelease_rules)
                message(FATAL_ERROR "the build runs lrelease, though LinguistTools was not found")
            endif()
        endif()
    endforeach()
    message(STATUS "BiMuxQt as a subdirectory without LinguistTools: ok")
    return()
endif()

# --- 1. install ----------------------------------------------------------------------
if(VARIANT STREQUAL "static")
    # The library alone, as lean as its build gets: the time of this test is its build.
    # Debug without debug information (a third less compile time); what is tested is the
    # package, not the code, which the rest of the suite tests.
    set(CONFIG Debug)
    set(config_args --config Debug)
    list(APPEND configure_args -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g0)
    # The programs this build installs; none, with the inspector and bimux-tunnel off.
    set(PROGRAMS "")
    set(library_build "${WORK_DIR}/library")
    run_step("configure a static BiMuxQt"
        "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${library_build}" ${configure_args}
        -DBUILD_SHARED_LIBS=OFF
        -DBIMUXQT_BUILD_TESTS=OFF -DBIMUXQT_BUILD_EXAMPLES=OFF
        -DBIMUXQT_BUILD_INSPECTOR=OFF -DBIMUXQT_BUILD_BENCH=OFF -DBIMUXQT_BUILD_FUZZERS=OFF
        -DBIMUXQT_BUILD_TUNNEL=OFF)
    run_step("build a static BiMuxQt" "${CMAKE_COMMAND}" --build "${library_build}" ${config_args})
    set(BUILD_DIR "${library_build}")
endif()
run_step("cmake --install"
    "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}" ${config_args})

# --- 2. what the package holds -------------------------------------------------------
set(expected
    "${LIBDIR}/cmake/BiMuxQt/BiMuxQtConfig.cmake"
    "${LIBDIR}/cmake/BiMuxQt/BiMuxQtConfigVersion.cmake"
    "${LIBDIR}/cmake/BiMuxQt/BiMuxQtTargets.cmake"
    "${LIBDIR}/cmake/BiMuxQt/bimux.proto"
    "${INCLUDEDIR}/BiMuxQt/QBiMuxer"
    "${INCLUDEDIR}/BiMuxQt/QBiMuxServer"
    "${INCLUDEDIR}/BiMuxQt/QBiMuxRequest"
    "${INCLUDEDIR}/BiMuxQt/QBiMuxError"
    "${INCLUDEDIR}/BiMuxQt/qbimuxer.h"
    "${INCLUDEDIR}/BiMuxQt/bimuxqt_export.h"
    "${INCLUDEDIR}/BiMuxQt/bimuxqtversion.h"
    "${DATAROOTDIR}/doc/BiMuxQt/LICENSE")
foreach(file IN LISTS expected)
    if(NOT EXISTS "${prefix}/${file}")
        message(FATAL_ERROR "the install lacks ${file}")
    endif()
endforeach()
if(VARIANT STREQUAL "static")
    set(library_glob "${prefix}/${LIBDIR}/libBiMuxQt.a")
    set(other_glob "${prefix}/${LIBDIR}/libBiMuxQt.so*")
else()
    set(library_glob "${prefix}/${LIBDIR}/libBiMuxQt.so*")
    set(other_glob "${prefix}/${LIBDIR}/libBiMuxQt.a")
endif()
file(GLOB libraries "${library_glob}")
file(GLOB others "${other_glob}")
if(NOT libraries OR others)
    message(FATAL_ERROR "a ${VARIANT} install has ${libraries} ${others}, not ${library_glob}")
endif()
# The public headers must stand on their own: no private header, no generated protobuf
# code (protobuf is a private dependency of the library).
file(GLOB_RECURSE private_files RELATIVE "${prefix}"
    "${prefix}/*_p.h" "${prefix}/*.pb.h" "${prefix}/*.pb.cc")
if(private_files)
    message(FATAL_ERROR "the install ships private files: ${private_files}")
endif()
message(STATUS "installed files: ok")

# --- 3. build the example and the consumer against the installed package -------------
# Configures and builds the project in `source_dir` against the prefix only.
function(build_against_prefix source_dir build_dir)
    run_step("configure ${source_dir} against the install"
        "${CMAKE_COMMAND}" -S "${source_dir}" -B "${build_dir}" ${configure_args}
        "-DCMAKE_PREFIX_PATH=${prefix}"
        # Only the prefix may provide BiMuxQt, not a package registry entry.
        -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
    file(STRINGS "${build_dir}/CMakeCache.txt" found_dir REGEX "^BiMuxQt_DIR:")
    string(REGEX REPLACE "^BiMuxQt_DIR:[A-Z]+=" "" found_dir "${found_dir}")
    file(REAL_PATH "${prefix}" real_prefix)
    file(REAL_PATH "${found_dir}" real_found_dir)
    string(FIND "${real_found_dir}" "${real_prefix}/" at)
    if(NOT at EQUAL 0)
        message(FATAL_ERROR "BiMuxQt was found in ${found_dir}, not in ${prefix}")
    endif()
    run_step("build ${source_dir}" "${CMAKE_COMMAND}" --build "${build_dir}" ${config_args})
endfunction()

set(example_build "${WORK_DIR}/echo")
build_against_prefix("${EXAMPLE_DIR}" "${example_build}")
foreach(program echo-server echo-client)
    if(NOT EXISTS "${example_build}/${program}")
        message(FATAL_ERROR "building examples/echo made no ${program}")
    endif()
endforeach()
set(consumer_build "${WORK_DIR}/consumer")
build_against_prefix("${CONSUMER_DIR}" "${consumer_build}")

# --- 4. run them ---------------------------------------------------------------------
# execute_process runs its COMMANDs at once, as a pipeline: the client dials while the
# server starts (it retries for a few seconds), the server quits when the client hangs
# up. The client comes first so that the server never writes into a closed pipe. Both
# print on stderr. A random port may be taken: then the server exits with 2, and the
# test tries another.
foreach(attempt RANGE 1 3)
    string(RANDOM LENGTH 4 ALPHABET 123456789 offset)
    math(EXPR port "20000 + ${offset}")
    execute_process(
        COMMAND "${example_build}/echo-client" --url "ws://127.0.0.1:${port}/mux" --count 3
        COMMAND "${example_build}/echo-server" --port ${port} --exit-after 1
        RESULTS_VARIABLE results
        OUTPUT_VARIABLE output
        ERROR_VARIABLE output
        TIMEOUT 60)
    list(GET results 1 server_result)
    if(NOT server_result EQUAL 2)
        break()
    endif()
    message(STATUS "port ${port} is taken; trying another")
endforeach()
message(STATUS "echo client and server on port ${port}:\n${output}")
if(NOT results STREQUAL "0;0")
    message(FATAL_ERROR "echo client and server exited with ${results}, not 0;0")
endif()
foreach(n 1 2 3)
    string(FIND "${output}" "got \"hello ${n}\"" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "the client never got its echo of \"hello ${n}\"")
    endif()
endforeach()
message(STATUS "echo client and server against the installed package: ok")

run_consumer("${consumer_build}")
expect_private_header_hidden("${consumer_build}" bimuxqt-private-header-probe qbimuxer_p.h)

# Each installed program starts from the prefix and finds the installed library by
# itself (its RPATH), not through LD_LIBRARY_PATH; --help is a quick way in and out.
string(REPLACE "," ";" PROGRAMS "${PROGRAMS}")
foreach(program IN LISTS PROGRAMS)
    if(NOT EXISTS "${prefix}/${BINDIR}/${program}")
        message(FATAL_ERROR "the install lacks ${BINDIR}/${program}")
    endif()
endforeach()
file(GLOB installed_programs "${prefix}/${BINDIR}/*")
foreach(program IN LISTS installed_programs)
    execute_process(
        COMMAND "${CMAKE_COMMAND}" -E env --unset=LD_LIBRARY_PATH QT_QPA_PLATFORM=offscreen
                "${program}" --help
        RESULT_VARIABLE result
        OUTPUT_VARIABLE output
        ERROR_VARIABLE output
        TIMEOUT 60)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "the installed ${program} --help exited with ${result}:\n${output}")
    endif()
    message(STATUS "installed ${program} runs: ok")
endforeach()
