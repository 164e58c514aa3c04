# Toolchain file for WebAssembly with WASI: clang-14 --target=wasm32-wasi and Debian's wasi-libc
# (headers in /usr/include/wasm32-wasi, libraries in /usr/lib/wasm32-wasi, so the sysroot is
# /usr) and libclang-rt-14-dev-wasm32 for the compiler builtins. Programs are .wasm files that
# run under node:wasi; cmake/awWasm.cmake runs `wasm-opt --asyncify` on each of them after linking.
#
#   cmake -S . -B build/wasi --toolchain cmake/wasi.cmake     (or: cmake --preset wasi)
#
# A WASI install puts it in <prefix>/share/aw/cmake/wasi.cmake for projects that use the installed
# aw (docs/wasm.md, "Your own program"), and cmake/awWasm.cmake runs the Asyncify step there.
set(CMAKE_SYSTEM_NAME WASI)
set(CMAKE_SYSTEM_VERSION 1)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
list(APPEND CMAKE_MODULE_PATH ${CMAKE_CURRENT_LIST_DIR}) # Platform/WASI.cmake

set(AW_WASI_CLANG clang-14 CACHE STRING "clang with the wasm32 target")
set(AW_WASI_SYSROOT /usr CACHE PATH "Where include/wasm32-wasi and lib/wasm32-wasi are")
set(CMAKE_C_COMPILER ${AW_WASI_CLANG})
set(CMAKE_ASM_COMPILER ${AW_WASI_CLANG})
set(CMAKE_C_COMPILER_TARGET wasm32-wasi)
set(CMAKE_ASM_COMPILER_TARGET wasm32-wasi)
set(CMAKE_SYSROOT ${AW_WASI_SYSROOT})
set(CMAKE_EXECUTABLE_SUFFIX .wasm)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Link without the compile flags: given -O, clang runs wasm-opt itself when it is on PATH, and
# Asyncify must see the module before any Binaryen optimisation (whose inliner would merge the
# context switch functions into their callers). cmake/awWasm.cmake optimises after --asyncify.
set(CMAKE_C_LINK_EXECUTABLE
  "<CMAKE_C_COMPILER> --target=wasm32-wasi --sysroot=${AW_WASI_SYSROOT} <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
