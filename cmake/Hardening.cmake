# Release hardening for everything that links switchyard_options: a process that holds API keys
# should be as hard to exploit as the toolchain allows. Included from the top-level
# CMakeLists.txt after switchyard_options exists and before any target is created.
#
# Check on a release build (see docs in the fuzz/hardening report):
#   readelf -hW switchyard | grep Type        → DYN (PIE)
#   readelf -lW switchyard | grep GNU_RELRO   → present; GNU_STACK flags RW (no E)
#   readelf -dW switchyard | grep FLAGS       → BIND_NOW
#   nm -D switchyard | grep '__.*_chk'        → fortified libc calls

include(CheckPIESupported)

# PIE executables. Qt already compiles every object that uses it with -fPIC (Qt6::Platform), so
# only the link step needs -pie. CMAKE_POSITION_INDEPENDENT_CODE is deliberately not set: it
# would add a second -fPIC/-fPIE to every compile line and invalidate every cached object.
check_pie_supported(OUTPUT_VARIABLE switchyard_pie_output LANGUAGES CXX)
set(switchyard_link_pie OFF)
if(CMAKE_CXX_LINK_PIE_SUPPORTED)
    set(switchyard_link_pie ON)
elseif(NOT APPLE AND NOT WIN32)
    message(WARNING "the linker cannot make PIE executables: ${switchyard_pie_output}")
endif()

# Sanitizer and fuzz builds bring their own runtime checks; FORTIFY would only get in the way.
set(switchyard_hardening_sanitized OFF)
if(SWITCHYARD_SANITIZE OR SWITCHYARD_FUZZ)
    set(switchyard_hardening_sanitized ON)
endif()

# Compile-time hardening only where we optimise: Debug builds are never shipped, FORTIFY needs
# optimisation to do anything, and keeping Debug command lines unchanged keeps the shared
# ccache warm for every Debug build directory.
set(switchyard_optimised $<NOT:$<CONFIG:Debug>>)

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang" AND NOT APPLE AND NOT WIN32)
    # Debian's gcc may define _FORTIFY_SOURCE already: undefine first so the level is ours.
    if(NOT switchyard_hardening_sanitized)
        target_compile_options(switchyard_options INTERFACE
            $<${switchyard_optimised}:-U_FORTIFY_SOURCE>
            $<${switchyard_optimised}:-D_FORTIFY_SOURCE=2>)
    endif()
    target_compile_options(switchyard_options INTERFACE
        $<${switchyard_optimised}:-fstack-protector-strong>
        $<${switchyard_optimised}:-fstack-clash-protection>)
    # Full RELRO (GOT read-only after start-up) and a non-executable stack, in every build:
    # link flags only, so they cost no recompilation.
    target_link_options(switchyard_options INTERFACE
        LINKER:-z,relro,-z,now LINKER:-z,noexecstack)
    if(switchyard_link_pie)
        target_link_options(switchyard_options INTERFACE
            $<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:-pie>)
    endif()
elseif(APPLE AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # PIE and a non-executable stack are the macOS defaults.
    if(NOT switchyard_hardening_sanitized)
        target_compile_options(switchyard_options INTERFACE
            $<${switchyard_optimised}:-U_FORTIFY_SOURCE>
            $<${switchyard_optimised}:-D_FORTIFY_SOURCE=2>)
    endif()
    target_compile_options(switchyard_options INTERFACE
        $<${switchyard_optimised}:-fstack-protector-strong>)
elseif(MSVC)
    # /GS (stack cookies) is on by default; add Control Flow Guard, ASLR and DEP.
    target_compile_options(switchyard_options INTERFACE /guard:cf)
    target_link_options(switchyard_options INTERFACE
        /guard:cf /DYNAMICBASE /HIGHENTROPYVA /NXCOMPAT)
endif()
