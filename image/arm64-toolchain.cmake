# arm64-toolchain.cmake - CMake toolchain for building shadowday for the Raspberry Pi (Debian
# arm64) on an amd64 Debian 12 machine: Debian's cross compiler (crossbuild-essential-arm64)
# and the arm64 -dev packages installed beside the native ones (multiarch, dpkg
# --add-architecture arm64). Used by scripts/cross-build.sh; tests run through qemu-aarch64.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(SD_TRIPLET aarch64-linux-gnu)
set(SD_DEB_ARCH arm64 CACHE STRING "dpkg architecture of the package")

set(CMAKE_C_COMPILER ${SD_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${SD_TRIPLET}-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${SD_TRIPLET})

# Libraries and headers from the arm64 multiarch paths only; programs (msgfmt) from the host.
set(CMAKE_FIND_ROOT_PATH /usr/${SD_TRIPLET} /usr/lib/${SD_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# pkg-config must read the arm64 .pc files, not the host's.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/${SD_TRIPLET}/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(PKG_CONFIG_EXECUTABLE /usr/bin/pkg-config CACHE FILEPATH "pkg-config")

# ctest runs the arm64 test programs under user-mode emulation; the arm64 loader and libraries
# are the multiarch ones (libc6:arm64 puts ld-linux-aarch64.so.1 in /lib).
find_program(SD_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(SD_QEMU_AARCH64)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${SD_QEMU_AARCH64})
endif()
