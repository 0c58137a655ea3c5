# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# The HTML API reference, made by Doxygen from the comments in the public headers:
#   cmake --build <build> --target reference   ->  <build>/reference/html/index.html
# Every public class and function must be documented: an undocumented one, or a broken
# reference, is a warning, and a warning fails the target (and the `reference` test).
# Included by src/bimuxqt/CMakeLists.txt, which names the public headers.

find_package(Doxygen 1.9 QUIET)
if(NOT DOXYGEN_FOUND)
    message(STATUS "Doxygen not found: no `reference` target (apt-get install doxygen)")
    return()
endif()

set(DOXYGEN_PROJECT_NAME BiMuxQt)
set(DOXYGEN_PROJECT_NUMBER ${PROJECT_VERSION})
set(DOXYGEN_PROJECT_BRIEF "Bidirectional RPC, oneway messages and streams over one QWebSocket")
set(DOXYGEN_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/reference)
set(DOXYGEN_GENERATE_HTML YES)
set(DOXYGEN_GENERATE_LATEX NO)
set(DOXYGEN_QUIET YES)
set(DOXYGEN_WARN_IF_UNDOCUMENTED YES)
set(DOXYGEN_WARN_IF_DOC_ERROR YES)
set(DOXYGEN_WARN_NO_PARAMDOC NO)
set(DOXYGEN_WARN_AS_ERROR FAIL_ON_WARNINGS)
set(DOXYGEN_WARN_LOGFILE ${PROJECT_BINARY_DIR}/reference/warnings.log)
# The private parts are not the user's business: d-pointers and _p.h headers stay out.
set(DOXYGEN_EXTRACT_PRIVATE NO)
set(DOXYGEN_EXTRACT_PRIV_VIRTUAL NO)
set(DOXYGEN_HIDE_UNDOC_RELATIONS YES)
set(DOXYGEN_EXCLUDE_SYMBOLS "*Private" "QtPrivate" "QBiMuxPrivate*" "detail" "QBiMuxDetail" "d_ptr")
set(DOXYGEN_FULL_PATH_NAMES NO)
set(DOXYGEN_SORT_MEMBER_DOCS NO)
set(DOXYGEN_JAVADOC_AUTOBRIEF YES)
set(DOXYGEN_QT_AUTOBRIEF YES)
set(DOXYGEN_ENABLE_PREPROCESSING YES)
set(DOXYGEN_MACRO_EXPANSION YES)
set(DOXYGEN_EXPAND_ONLY_PREDEF YES)
set(DOXYGEN_PREDEFINED
    "BIMUXQT_EXPORT="
    "QT_BEGIN_NAMESPACE="
    "QT_END_NAMESPACE="
    "Q_DECLARE_PRIVATE(x)="
    "Q_DISABLE_COPY(x)="
    "Q_DISABLE_COPY_MOVE(x)="
    "Q_GADGET="
    "Q_OBJECT="
    "Q_NAMESPACE_EXPORT(x)="
    "Q_DECLARE_METATYPE(x)="
    "Q_DECLARE_SHARED(x)="
    # Copy, move and destruction, the same for every value class: docs/guide.md documents
    # them once ("Value classes"), not the reference once per class.
    "QBIMUX_DECLARE_VALUE_MEMBERS(x)=")
set(DOXYGEN_HAVE_DOT NO)
set(DOXYGEN_USE_MDFILE_AS_MAINPAGE ${PROJECT_SOURCE_DIR}/README.md)
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(DOXYGEN_FILTER_PATTERNS
    "*.md=${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tools/doxygen-md-anchors.py"
    "*.cpp=${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tools/doxygen-qdoc-filter.py")
set(DOXYGEN_IMAGE_PATH ${PROJECT_SOURCE_DIR}/docs)
set(DOXYGEN_STRIP_FROM_PATH ${PROJECT_SOURCE_DIR})

# README.md is the main page; the guides in docs/ are pages of their own, which the
# README links to; tools/doxygen-md-anchors.py gives their headings GitHub's ids.
file(GLOB _bimuxqt_reference_inputs ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/*.md)
foreach(header IN LISTS BIMUXQT_PUBLIC_HEADERS)
    list(APPEND _bimuxqt_reference_inputs ${CMAKE_CURRENT_SOURCE_DIR}/${header})
endforeach()
# The documentation itself sits next to the definitions, in the sources, as /*! */ blocks
# in Qt's style: every .cpp of the library, whose private classes the settings above hide.
get_target_property(_bimuxqt_sources BiMuxQt SOURCES)
foreach(source IN LISTS _bimuxqt_sources)
    if(source MATCHES "\\.cpp$" AND NOT IS_ABSOLUTE "${source}")
        list(APPEND _bimuxqt_reference_inputs ${CMAKE_CURRENT_SOURCE_DIR}/${source})
    endif()
endforeach()

doxygen_add_docs(reference ${_bimuxqt_reference_inputs}
    COMMENT "Generating the HTML API reference in ${DOXYGEN_OUTPUT_DIRECTORY}/html")

if(BIMUXQT_BUILD_TESTS)
    # Keeps "no warnings, everything documented" true: the suite builds the reference.
    add_test(NAME reference
        COMMAND ${CMAKE_COMMAND} --build ${PROJECT_BINARY_DIR} --target reference)
endif()
