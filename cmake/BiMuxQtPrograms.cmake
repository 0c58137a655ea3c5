# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# Programs that BiMuxQt installs (bimux-inspector, and any tool to come).

# bimuxqt_install_program(<target>)
#
# Installs <target> into the bin folder so that it runs from there: CMake strips the
# build tree's RPATH on install, so the installed program is given one relative to
# itself (bin/../lib) that finds the installed libBiMuxQt wherever the prefix is moved;
# plus the folders outside the project it was linked from (a Qt of one's own in /opt),
# the system's ones aside.
function(bimuxqt_install_program target)
    file(RELATIVE_PATH bin_to_lib
        ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
    if(APPLE)
        set(origin @loader_path)
    else()
        set(origin $ORIGIN)
    endif()
    set_target_properties(${target} PROPERTIES
        INSTALL_RPATH "${origin}/${bin_to_lib}"
        INSTALL_RPATH_USE_LINK_PATH ON)
    install(TARGETS ${target} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    # autotests/install starts each one from the installed prefix.
    set_property(GLOBAL APPEND PROPERTY BIMUXQT_INSTALLED_PROGRAMS ${target})
endfunction()
