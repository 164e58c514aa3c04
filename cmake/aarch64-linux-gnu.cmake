# Cross-compiling for 64-bit Arm Linux with the Debian/Ubuntu cross toolchain
# (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross); tests run under qemu-user.
#   cmake -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(AW_CROSS_PREFIX aarch64-linux-gnu- CACHE STRING "Prefix of the cross tools")
set(CMAKE_C_COMPILER ${AW_CROSS_PREFIX}gcc)
set(CMAKE_ASM_COMPILER ${AW_CROSS_PREFIX}gcc)

set(AW_CROSS_SYSROOT /usr/aarch64-linux-gnu CACHE PATH "Target libraries, for qemu -L")
set(CMAKE_FIND_ROOT_PATH ${AW_CROSS_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# ctest (and add_test with a target as COMMAND) runs target programs through this.
find_program(AW_QEMU_AARCH64 qemu-aarch64)
if(AW_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${AW_QEMU_AARCH64} -L ${AW_CROSS_SYSROOT})
endif()
