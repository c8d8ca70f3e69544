# FindSOCI — Debian 12 ships SOCI 4.0 without a CMake package, so find it by hand.
#
# Provides the imported targets SOCI::core and SOCI::<backend> for each requested
# component (sqlite3, postgresql, ...), and SOCI_FOUND / SOCI_VERSION.
include(FindPackageHandleStandardArgs)

find_path(SOCI_INCLUDE_DIR NAMES soci/soci.h)
find_library(SOCI_CORE_LIBRARY NAMES soci_core)

if(SOCI_INCLUDE_DIR AND EXISTS "${SOCI_INCLUDE_DIR}/soci/version.h")
  file(STRINGS "${SOCI_INCLUDE_DIR}/soci/version.h" _soci_version_line
       REGEX "^#define SOCI_VERSION [0-9]+")
  string(REGEX REPLACE ".*SOCI_VERSION ([0-9]+).*" "\\1" _soci_v "${_soci_version_line}")
  math(EXPR _major "${_soci_v} / 100000")
  math(EXPR _minor "${_soci_v} / 100 % 1000")
  math(EXPR _patch "${_soci_v} % 100")
  set(SOCI_VERSION "${_major}.${_minor}.${_patch}")
endif()

if(SOCI_CORE_LIBRARY AND NOT TARGET SOCI::core)
  add_library(SOCI::core UNKNOWN IMPORTED)
  set_target_properties(SOCI::core PROPERTIES IMPORTED_LOCATION "${SOCI_CORE_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR}"
                        INTERFACE_LINK_LIBRARIES "${CMAKE_DL_LIBS}")
endif()

foreach(_component IN LISTS SOCI_FIND_COMPONENTS)
  find_library(SOCI_${_component}_LIBRARY NAMES soci_${_component})
  if(SOCI_${_component}_LIBRARY)
    set(SOCI_${_component}_FOUND TRUE)
    if(NOT TARGET SOCI::${_component})
      add_library(SOCI::${_component} UNKNOWN IMPORTED)
      set_target_properties(SOCI::${_component} PROPERTIES
                            IMPORTED_LOCATION "${SOCI_${_component}_LIBRARY}"
                            INTERFACE_LINK_LIBRARIES SOCI::core)
    endif()
  endif()
endforeach()

find_package_handle_standard_args(SOCI
  REQUIRED_VARS SOCI_CORE_LIBRARY SOCI_INCLUDE_DIR
  VERSION_VAR SOCI_VERSION
  HANDLE_COMPONENTS)
mark_as_advanced(SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY)
