# image/package.cmake - the shadowday Debian package (CPack DEB) and the Pi files it installs.
#
# Included from the top CMakeLists.txt. `cpack -G DEB` in a build tree (or `cmake --build B
# --target package`) makes shadowday_<version>_<arch>.deb with both programs, the sample pack,
# the coordinator's page (scripts/build-web.sh), the systemd units, the USB automount
# rule and its helper, and maintainer scripts that create the kiosk user and enable the kiosk.
# Library dependencies are computed by dpkg-shlibdeps; see image/README.md.

# Where Debian 12 wants systemd units, udev rules and tmpfiles (from systemd's own .pc files).
pkg_get_variable(SD_SYSTEMD_UNITDIR systemd systemdsystemunitdir)
if(NOT SD_SYSTEMD_UNITDIR)
    set(SD_SYSTEMD_UNITDIR /lib/systemd/system)
endif()
pkg_get_variable(SD_UDEVDIR udev udevdir)
if(NOT SD_UDEVDIR)
    set(SD_UDEVDIR /lib/udev)
endif()

# Who answers for the package: set -DSD_DEB_MAINTAINER="Name <address>" when building one to hand out.
set(SD_DEB_MAINTAINER "shadowday maintainers <shadowday@example.org>" CACHE STRING
    "Maintainer: field of the .deb")
set(SD_IMAGE_DIR ${CMAKE_CURRENT_LIST_DIR})
install(FILES ${SD_IMAGE_DIR}/shadowday-kiosk.service ${SD_IMAGE_DIR}/shadowday-usb@.service
        DESTINATION ${SD_SYSTEMD_UNITDIR})
install(FILES ${SD_IMAGE_DIR}/90-shadowday-usb.rules DESTINATION ${SD_UDEVDIR}/rules.d)
install(FILES ${SD_IMAGE_DIR}/shadowday.tmpfiles DESTINATION lib/tmpfiles.d RENAME shadowday.conf)
install(PROGRAMS ${SD_IMAGE_DIR}/usb-mount DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/shadowday)
install(FILES ${SD_IMAGE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME README.pi.md)
install(FILES ${SD_IMAGE_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

# A native package's changelog.gz (Debian policy 12.7): one entry for this version, dated by
# SOURCE_DATE_EPOCH when set (reproducible), compressed with gzip -9n (no name, no time).
if(DEFINED ENV{SOURCE_DATE_EPOCH})
    set(SD_DEB_EPOCH $ENV{SOURCE_DATE_EPOCH})
else()
    string(TIMESTAMP SD_DEB_EPOCH "%s" UTC)
endif()
execute_process(COMMAND date -u -R -d @${SD_DEB_EPOCH} OUTPUT_VARIABLE SD_DEB_DATE
                OUTPUT_STRIP_TRAILING_WHITESPACE)
file(WRITE ${CMAKE_BINARY_DIR}/debian/changelog
     "shadowday (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
     "  * Built from the shadowday source tree; see the project's git history.\n\n"
     " -- ${SD_DEB_MAINTAINER}  ${SD_DEB_DATE}\n")
execute_process(COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/debian/changelog)
install(FILES ${CMAKE_BINARY_DIR}/debian/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The maintainer scripts must be mode 0755 inside the package, whatever the checkout did.
set(SD_DEB_SCRIPTS "")
foreach(script postinst prerm postrm)
    file(COPY ${SD_IMAGE_DIR}/${script} DESTINATION ${CMAKE_BINARY_DIR}/debian
         FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                          WORLD_READ WORLD_EXECUTE)
    list(APPEND SD_DEB_SCRIPTS ${CMAKE_BINARY_DIR}/debian/${script})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME shadowday)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "shadowday")
set(CPACK_PACKAGE_CONTACT "${SD_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline touch kiosk for Job Shadow Day")
# Lines of at most 80 characters (dpkg shows them as they are).
set(CPACK_PACKAGE_DESCRIPTION "A full-screen SDL2 kiosk (KMS/DRM, no X) for the day a shadow follows
an employee at a workplace: check-in, escort confirmation with a PIN, safety
cards, the day plan, a smiley evaluation and check-out, all offline.
Includes the coordinator's tool shadowday, the systemd service with
watchdog, and USB stick automounting.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "adduser, systemd, udev, fonts-noto-core, fonts-material-design-icons-iconfont")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "espeak-ng")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${SD_DEB_SCRIPTS})
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The architecture is dpkg's for the compiler in use (arm64 in a cross build).
if(CMAKE_CROSSCOMPILING AND SD_DEB_ARCH)
    set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${SD_DEB_ARCH})
endif()
set(CPACK_STRIP_FILES ON)
# The programs have their data path built in (SD_DATADIR; translations are compiled in): a package
# is only right when the build itself was configured for /usr.
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
file(WRITE ${CMAKE_BINARY_DIR}/debian/check-prefix.cmake
     "if(NOT \"${CMAKE_INSTALL_PREFIX}\" STREQUAL \"/usr\")\n"
     "  message(FATAL_ERROR \"the .deb needs a build configured with -DCMAKE_INSTALL_PREFIX=/usr \"\n"
     "          \"(this one has ${CMAKE_INSTALL_PREFIX})\")\n"
     "endif()\n")
# The coordinator's page (issue #10) goes with the documentation: a coordinator copies
# /usr/share/doc/shadowday/shadowday-coordinator.html to their laptop. It is built by
# scripts/build-web.sh (emscripten); a package without it is refused, not made half.
install(FILES ${SD_WEB_PAGE} DESTINATION ${CMAKE_INSTALL_DOCDIR} OPTIONAL)
file(WRITE ${CMAKE_BINARY_DIR}/debian/check-page.cmake
     "if(NOT EXISTS \"${SD_WEB_PAGE}\")\n"
     "  message(FATAL_ERROR \"the .deb ships the coordinator's page: build it first with \"\n"
     "          \"scripts/build-web.sh (${SD_WEB_PAGE} is missing)\")\n"
     "endif()\n")
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_BINARY_DIR}/debian/check-prefix.cmake
    ${CMAKE_BINARY_DIR}/debian/check-page.cmake)
include(CPack)
