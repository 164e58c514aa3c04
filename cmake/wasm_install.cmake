# What `cmake --install` adds for WebAssembly builds besides the library, aw.h and the CMake
# package (runtime/CMakeLists.txt), so that a project builds and runs its programs with the
# installed aw alone (docs/wasm.md, "Your own program"):
#   WASI:        share/aw/cmake/wasi.cmake, the toolchain file (with Platform/WASI.cmake), and
#                bin/aw-wasi-run, the aw-wasm package's runner (wasm/npm), which needs only Node
#   Emscripten:  include/aw_js.h and share/aw/emscripten/, the JavaScript that
#                aw_wasm_executable links into programs
if(CMAKE_SYSTEM_NAME STREQUAL "WASI")
  set(AW_WASI_RUN_DIR ${CMAKE_INSTALL_DATADIR}/aw/node)
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/wasi.cmake DESTINATION ${CMAKE_INSTALL_DATADIR}/aw/cmake)
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/Platform/WASI.cmake
    DESTINATION ${CMAKE_INSTALL_DATADIR}/aw/cmake/Platform)
  # The runner's two files keep their places in the package (bin/ imports ../lib/run.js), under
  # a package.json that makes them ES modules; bin/aw-wasi-run links to it (Node resolves the
  # link, so the import and the module type follow the real file).
  install(PROGRAMS ${PROJECT_SOURCE_DIR}/wasm/npm/bin/aw-wasi-run.js DESTINATION ${AW_WASI_RUN_DIR}/bin)
  install(FILES ${PROJECT_SOURCE_DIR}/wasm/npm/lib/run.js DESTINATION ${AW_WASI_RUN_DIR}/lib)
  file(WRITE ${PROJECT_BINARY_DIR}/aw-wasi-run/package.json
    "{\"name\": \"aw-wasi-run\", \"private\": true, \"type\": \"module\"}\n")
  install(FILES ${PROJECT_BINARY_DIR}/aw-wasi-run/package.json DESTINATION ${AW_WASI_RUN_DIR})
  file(RELATIVE_PATH AW_WASI_RUN_LINK /prefix/${CMAKE_INSTALL_BINDIR}
    /prefix/${AW_WASI_RUN_DIR}/bin/aw-wasi-run.js)
  install(CODE "
    set(link \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/aw-wasi-run\")
    message(STATUS \"Installing: \${link}\")
    file(MAKE_DIRECTORY \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
    file(CREATE_LINK \"${AW_WASI_RUN_LINK}\" \"\${link}\" SYMBOLIC)
    list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${link}\")")
elseif(EMSCRIPTEN)
  install(FILES ${PROJECT_SOURCE_DIR}/runtime/include/aw_js.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/asyncify_imports.js ${PROJECT_SOURCE_DIR}/cmake/aw_start_main.js
    DESTINATION ${AW_WASM_JS_INSTALL_DIR})
endif()
