# WebAssembly builds: WASI (cmake/wasi.cmake) and Emscripten (emcmake / its toolchain file).
# Included by the top-level CMakeLists.txt when CMAKE_SYSTEM_NAME is WASI or Emscripten; the
# runtime then uses the Asyncify context backend (docs/wasm.md).
#
# Every program is instrumented by Binaryen's Asyncify after linking:
#   WASI:        wasm-opt <program>.wasm --asyncify [-O2]   (in place, as a post-link step)
#   Emscripten:  emcc -sASYNCIFY, which runs the same pass (then -O2, see below)
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
  # One set of options for every Emscripten program: the test programs, the benchmark and the
  # playground. Plain variables, not cache entries, so that an edit here reaches existing builds.
  #
  # Asyncify must see the module before Binaryen's inliner, which ignores C's noinline and would
  # merge the scheduler side of a switch (drive) into the loop: the loop would then be left
  # uninstrumented and the JS wait of io_js.c could not unwind through it. emcc runs its
  # optimiser *before* --asyncify at -O2 and above, so programs are linked at -O1 (no Binaryen
  # optimiser) and optimised after the pass with BINARYEN_EXTRA_PASSES. ASSERTIONS=0 also at -O0:
  # Asyncify's assertions trap in suspend_here, which returns while unwinding by design.
  set(AW_EMSCRIPTEN_LINK_OPTIONS
    -sASYNCIFY=1 -sASYNCIFY_STACK_SIZE=65536 -sASSERTIONS=0
    --js-library=${CMAKE_CURRENT_LIST_DIR}/asyncify_imports.js
    -sALLOW_MEMORY_GROWTH=1 -sTOTAL_STACK=1048576)
  # Test programs and the benchmark, run by Node: CommonJS factories, require(file)({...}).
  set(AW_EMSCRIPTEN_NODE_OPTIONS
    -sMODULARIZE=1 -sEXPORT_NAME=awModule -sENVIRONMENT=node -sEXIT_RUNTIME=1
    "-sEXPORTED_FUNCTIONS=[\"_main\",\"_exit\"]"
    "-sEXPORTED_RUNTIME_METHODS=[\"ccall\"]")
  # The programs are CommonJS even if a package.json above the build tree says "type": "module"
  # (tests/node/run-emscripten.cjs does not depend on this: it loads them as CommonJS anyway).
  file(WRITE ${CMAKE_BINARY_DIR}/package.json "{\"type\": \"commonjs\"}\n")
endif()

# aw_emscripten_optimise(<target> <-O0|-O1|-O2|...>): the link-time optimisation of an Emscripten
# program, given last so that it wins over CMAKE_C_FLAGS_<CONFIG> (emcc links with them).
function(aw_emscripten_optimise target level)
  if(level STREQUAL "" OR level STREQUAL "-O0")
    target_link_options(${target} PRIVATE -O0)
  else()
    target_link_options(${target} PRIVATE -O1 -sBINARYEN_EXTRA_PASSES=${level})
  endif()
endfunction()

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
    target_link_options(${target} PRIVATE ${AW_EMSCRIPTEN_LINK_OPTIONS} ${AW_EMSCRIPTEN_NODE_OPTIONS})
    aw_emscripten_optimise(${target} "${optimise}")
  endif()
endfunction()
