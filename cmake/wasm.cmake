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
  set(AW_EMSCRIPTEN_ASYNCIFY_OPTIONS -sASYNCIFY=1 -sASYNCIFY_STACK_SIZE=65536)
  set(AW_EMSCRIPTEN_COMMON_OPTIONS
    -sASSERTIONS=0 --js-library=${CMAKE_CURRENT_LIST_DIR}/asyncify_imports.js
    -sALLOW_MEMORY_GROWTH=1 -sTOTAL_STACK=1048576)
  set(AW_EMSCRIPTEN_LINK_OPTIONS ${AW_EMSCRIPTEN_ASYNCIFY_OPTIONS} ${AW_EMSCRIPTEN_COMMON_OPTIONS})
  # Test programs and the benchmark, run by Node: CommonJS factories, require(file)({...}).
  set(AW_EMSCRIPTEN_NODE_COMMON_OPTIONS
    -sMODULARIZE=1 -sEXPORT_NAME=awModule -sENVIRONMENT=node -sEXIT_RUNTIME=1
    "-sEXPORTED_RUNTIME_METHODS=[\"ccall\",\"stackAlloc\",\"allocateUTF8OnStack\",\"setValue\"]")
  set(AW_EMSCRIPTEN_NODE_OPTIONS ${AW_EMSCRIPTEN_NODE_COMMON_OPTIONS}
    "-sEXPORTED_FUNCTIONS=[\"_main\",\"_exit\"]")
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

# Every program made by aw_wasm_program and its twin without Asyncify, for the module sizes of
# bench/wasm/run: `cmake --build <dir> --target aw_wasm_sizes` (not part of the default build).
# A twin is the same program linked and optimised the same way, only without the Asyncify pass
# (WASI: the link output before --asyncify; Emscripten: the link without -sASYNCIFY, which also
# leaves out the JavaScript side of the js backend's waits). Twins cannot run: nothing
# implements the asyncify.* imports or the EM_ASYNC_JS waits there.
add_custom_target(aw_wasm_sizes)

# aw_wasm_program(<target> <variant>): turns a linked program into what the Node tests run,
# and defines its twin <target>_no_asyncify.
function(aw_wasm_program target variant)
  set(optimise ${AW_WASM_OPT_LEVEL})
  if(variant MATCHES "_O0$")
    target_compile_options(${target} PRIVATE -O0)
    set(optimise)
  endif()
  set(twin ${target}_no_asyncify)
  if(WASI)
    set(linked ${CMAKE_CURRENT_BINARY_DIR}/${target}.linked.wasm)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:${target}> ${linked}
      COMMAND ${AW_WASM_OPT} $<TARGET_FILE:${target}> --asyncify
              --pass-arg=asyncify-imports@${AW_ASYNCIFY_IMPORTS} ${optimise}
              -o $<TARGET_FILE:${target}>
      COMMENT "Asyncify ${target}" VERBATIM)
    set(twin_file ${CMAKE_CURRENT_BINARY_DIR}/${twin}.wasm)
    if(optimise)
      set(make_twin ${AW_WASM_OPT} ${linked} ${optimise} -o ${twin_file})
    else()
      set(make_twin ${CMAKE_COMMAND} -E copy ${linked} ${twin_file})
    endif()
    add_custom_command(OUTPUT ${twin_file} COMMAND ${make_twin}
      DEPENDS ${target} COMMENT "${target} without Asyncify" VERBATIM)
    add_custom_target(${twin} DEPENDS ${twin_file})
  elseif(EMSCRIPTEN)
    target_link_options(${target} PRIVATE ${AW_EMSCRIPTEN_LINK_OPTIONS} ${AW_EMSCRIPTEN_NODE_OPTIONS})
    aw_emscripten_optimise(${target} "${optimise}")
    # Generator expressions: whatever is added to the program after this call goes to its twin.
    add_executable(${twin} EXCLUDE_FROM_ALL $<TARGET_PROPERTY:${target},SOURCES>)
    target_link_libraries(${twin} PRIVATE $<TARGET_PROPERTY:${target},LINK_LIBRARIES>)
    target_include_directories(${twin} PRIVATE $<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>)
    target_compile_definitions(${twin} PRIVATE $<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>)
    target_compile_options(${twin} PRIVATE $<TARGET_PROPERTY:${target},COMPILE_OPTIONS>)
    # Without -sASYNCIFY emcc reports _exit as undefined: the twin exports main alone.
    target_link_options(${twin} PRIVATE ${AW_EMSCRIPTEN_COMMON_OPTIONS}
                        ${AW_EMSCRIPTEN_NODE_COMMON_OPTIONS} "-sEXPORTED_FUNCTIONS=[\"_main\"]")
    aw_emscripten_optimise(${twin} "${optimise}")
  endif()
  add_dependencies(aw_wasm_sizes ${target} ${twin})
endfunction()
