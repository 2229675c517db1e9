# Warnings for every target of ours, hardening for optimised builds, sanitizers on request.
add_library(tribune_flags INTERFACE)
# Designated initialisers skip members on purpose; g++ 12 would warn for each one.
target_compile_options(tribune_flags INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
if(TRIBUNE_WERROR)
    target_compile_options(tribune_flags INTERFACE -Werror)
endif()

if(TRIBUNE_SANITIZE)
    target_compile_options(tribune_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(tribune_flags INTERFACE -fsanitize=address,undefined)
endif()

# Hardened build: stack protector, fortified libc calls, PIE and full RELRO.
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
target_compile_options(tribune_flags INTERFACE -fstack-protector-strong -fPIE)
target_link_options(tribune_flags INTERFACE -pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack)
if(NOT CMAKE_BUILD_TYPE STREQUAL "Debug" AND NOT TRIBUNE_SANITIZE)
    target_compile_definitions(tribune_flags INTERFACE _FORTIFY_SOURCE=3)
    target_compile_options(tribune_flags INTERFACE -U_FORTIFY_SOURCE)
endif()
