# cmake -DBUILD_DIR=... -DWORK_DIR=... -DEXAMPLE_DIR=... [...] -P installtest.cmake
#
# 1. cmake --install BUILD_DIR into WORK_DIR/prefix;
# 2. checks the package's files, and that no private header or protobuf code is shipped;
# 3. configures and builds EXAMPLE_DIR (examples/echo) against that prefix only;
# 4. runs the built echo client and server against each other on 127.0.0.1.
cmake_minimum_required(VERSION 3.21)

foreach(var BUILD_DIR WORK_DIR EXAMPLE_DIR LIBDIR INCLUDEDIR GENERATOR)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "installtest.cmake needs -D${var}=...")
    endif()
endforeach()

set(prefix "${WORK_DIR}/prefix")
set(example_build "${WORK_DIR}/echo")
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
endfunction()

# --- 1. install --------------------------------------------------------------------
set(config_args)
if(CONFIG)
    set(config_args --config "${CONFIG}")
endif()
run_step("cmake --install"
    "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}" ${config_args})

# --- 2. what the package holds -----------------------------------------------------
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
    "${INCLUDEDIR}/BiMuxQt/bimuxqtversion.h")
foreach(file IN LISTS expected)
    if(NOT EXISTS "${prefix}/${file}")
        message(FATAL_ERROR "the install lacks ${file}")
    endif()
endforeach()
file(GLOB libraries "${prefix}/${LIBDIR}/libBiMuxQt.so*")
if(NOT libraries)
    message(FATAL_ERROR "the install lacks ${LIBDIR}/libBiMuxQt.so")
endif()
# The public headers must stand on their own: no private header, no generated protobuf
# code (protobuf is a private dependency of the shared library).
file(GLOB_RECURSE private_files RELATIVE "${prefix}"
    "${prefix}/*_p.h" "${prefix}/*.pb.h" "${prefix}/*.pb.cc")
if(private_files)
    message(FATAL_ERROR "the install ships private files: ${private_files}")
endif()
message(STATUS "installed files: ok")

# --- 3. build the example against the installed package ----------------------------
set(configure_args
    -S "${EXAMPLE_DIR}" -B "${example_build}" -G "${GENERATOR}"
    "-DCMAKE_PREFIX_PATH=${prefix}"
    # Only the prefix may provide BiMuxQt, not a package registry entry.
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
if(CONFIG)
    list(APPEND configure_args "-DCMAKE_BUILD_TYPE=${CONFIG}")
endif()
if(MAKE_PROGRAM)
    list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CXX_COMPILER)
    list(APPEND configure_args "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
if(CXX_FLAGS)
    list(APPEND configure_args "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
endif()
if(EXE_LINKER_FLAGS)
    list(APPEND configure_args "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}")
endif()
run_step("configure examples/echo against the install" "${CMAKE_COMMAND}" ${configure_args})

file(STRINGS "${example_build}/CMakeCache.txt" found_dir REGEX "^BiMuxQt_DIR:")
string(REGEX REPLACE "^BiMuxQt_DIR:[A-Z]+=" "" found_dir "${found_dir}")
file(REAL_PATH "${prefix}" real_prefix)
file(REAL_PATH "${found_dir}" real_found_dir)
string(FIND "${real_found_dir}" "${real_prefix}/" at)
if(NOT at EQUAL 0)
    message(FATAL_ERROR "BiMuxQt was found in ${found_dir}, not in ${prefix}")
endif()

run_step("build examples/echo" "${CMAKE_COMMAND}" --build "${example_build}")
foreach(program echo-server echo-client)
    if(NOT EXISTS "${example_build}/${program}")
        message(FATAL_ERROR "building examples/echo made no ${program}")
    endif()
endforeach()

# --- 4. run them -------------------------------------------------------------------
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
