# WebAssembly builds: WASI (cmake/wasi.cmake) and Emscripten (emcmake / its toolchain file).
# Included by the top-level CMakeLists.txt when CMAKE_SYSTEM_NAME is WASI or Emscripten; the
# runtime then uses the Asyncify context backend (docs/wasm.md).
#
# Every program is instrumented by Binaryen's Asyncify after linking:
#   WASI:        wasm-opt <program>.wasm --asyncify [-O2]   (in place, as a post-link step)
#   Emscripten:  emcc -sASYNCIFY, which runs the same pass
# Programs of the "_O0" test variant are compiled at -O0 and asyncified without optimising.

set(AW_WASM_OPT_LEVEL -O2 CACHE STRING "Optimisation of the C code and of the asyncified module")
add_compile_options("$<$<COMPILE_LANGUAGE:C>:${AW_WASM_OPT_LEVEL}>")

# Asyncify options shared by both targets. No import of the host suspends (only our own
# asyncify.start_unwind does), which keeps the instrumentation to what can reach a context switch.
set(AW_ASYNCIFY_IMPORTS "asyncify.start_unwind")

if(WASI)
  find_program(AW_WASM_OPT wasm-opt REQUIRED)
  # Tasks' shadow stacks come from malloc; the main one is the linker's.
  add_link_options(-Wl,-z,stack-size=1048576)
elseif(EMSCRIPTEN)
  # Node tests load programs as CommonJS factories: require(file)({...}).
  set(AW_EMSCRIPTEN_LINK_OPTIONS
    -sASYNCIFY=1 -sASYNCIFY_STACK_SIZE=65536
    --js-library=${CMAKE_CURRENT_LIST_DIR}/asyncify_imports.js
    -sMODULARIZE=1 -sEXPORT_NAME=awModule
    -sEXIT_RUNTIME=1 -sALLOW_MEMORY_GROWTH=1 -sTOTAL_STACK=1048576
    "-sEXPORTED_FUNCTIONS=[\"_main\",\"_exit\"]"
    "-sEXPORTED_RUNTIME_METHODS=[\"ccall\"]"
    CACHE STRING "Link options of Emscripten programs")
  # The programs are CommonJS even if a package.json above the build tree says "type": "module".
  file(WRITE ${CMAKE_BINARY_DIR}/package.json "{\"type\": \"commonjs\"}\n")
endif()

# aw_wasm_program(<target> <variant>): turns a linked program into what the Node tests run.
function(aw_wasm_program target variant)
  set(optimise ${AW_WASM_OPT_LEVEL})
  if(variant MATCHES "_O0$")
    target_compile_options(${target} PRIVATE -O0)
    set(optimise)
  endif()
  if(WASI)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${AW_WASM_OPT} $<TARGET_FILE:${target}> --asyncify
              --pass-arg=asyncify-imports@${AW_ASYNCIFY_IMPORTS} ${optimise}
              -o $<TARGET_FILE:${target}>
      COMMENT "Asyncify ${target}" VERBATIM)
  elseif(EMSCRIPTEN)
    target_link_options(${target} PRIVATE ${AW_EMSCRIPTEN_LINK_OPTIONS} ${optimise})
  endif()
endfunction()
