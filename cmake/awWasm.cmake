# How a program that uses aw is linked for WebAssembly, in one place for the tree's own programs
# (cmake/wasm.cmake) and for a project that uses an installed aw (awConfig.cmake includes this
# file; docs/wasm.md, "Your own program"):
#
#   aw_wasm_executable(<target> [OPTIMIZE <-O0|-O1|-O2|-O3|-Os|-Oz>])
#     A program that runs as it is.
#       WASI:        <target>.wasm, asyncified after linking: aw-wasi-run prog.wasm [args]
#       Emscripten:  <target>.js, one file with the module inside, that runs main when loaded
#                    (node prog.js [args], or a page's <script>) and ends with main's status
#   aw_wasm_asyncify(<target> [OPTIMIZE <level>])
#     Only what aw needs, for an Emscripten module that is started by your own JavaScript
#     (-sMODULARIZE and the like, your own exports); on WASI the same as aw_wasm_executable.
#
# OPTIMIZE: the optimisation of the asyncified module; by default -O0 in Debug builds and -O2
# otherwise. Natively both functions do nothing, so one CMakeLists.txt serves every target.
#
# Binaryen's Asyncify pass instruments every function that can reach a task switch:
#   WASI:        wasm-opt <program>.wasm --asyncify [-O2]   (in place, as a post-link step)
#   Emscripten:  emcc -sASYNCIFY, which runs the same pass (then the optimisation, see below)

# No import of the host suspends (only aw's own asyncify.start_unwind does), which keeps the
# instrumentation to what can reach a context switch.
set(AW_ASYNCIFY_IMPORTS "asyncify.start_unwind")
# Where the JavaScript files linked into Emscripten programs are: cmake/ in the source tree,
# share/aw/emscripten in an install (set by awConfig.cmake).
if(NOT AW_WASM_JS_DIR)
  set(AW_WASM_JS_DIR ${CMAKE_CURRENT_LIST_DIR})
endif()

if(CMAKE_SYSTEM_NAME STREQUAL "WASI")
  find_program(AW_WASM_OPT wasm-opt REQUIRED)
elseif(EMSCRIPTEN)
  # Asyncify must see the module before Binaryen's inliner, which ignores C's noinline and would
  # merge the scheduler side of a switch (drive) into the loop: the loop would then be left
  # uninstrumented and the JS wait of io_js.c could not unwind through it. emcc runs its
  # optimiser *before* --asyncify at -O2 and above, so programs are linked at -O1 (no Binaryen
  # optimiser) and optimised after the pass with BINARYEN_EXTRA_PASSES. ASSERTIONS=0 also at -O0:
  # Asyncify's assertions trap in suspend_here, which returns while unwinding by design.
  # (Plain variables: the tree's module-size twins link with the common options alone.)
  set(AW_EMSCRIPTEN_ASYNCIFY_OPTIONS -sASYNCIFY=1 -sASYNCIFY_STACK_SIZE=65536)
  set(AW_EMSCRIPTEN_COMMON_OPTIONS
    -sASSERTIONS=0 --js-library=${AW_WASM_JS_DIR}/asyncify_imports.js
    -sALLOW_MEMORY_GROWTH=1 -sTOTAL_STACK=1048576)
  # A program on its own: the module inside the .js (Node 20 would otherwise try to fetch() the
  # .wasm and fail on a file path), main started by aw_start_main.js, which waits for its real
  # end, and the runtime exited then (stdio flushed, atexit handlers run, Node's exit status).
  set(AW_EMSCRIPTEN_PROGRAM_OPTIONS
    -sSINGLE_FILE=1 -sINVOKE_RUN=0 -sEXIT_RUNTIME=1 --post-js=${AW_WASM_JS_DIR}/aw_start_main.js)
endif()

# _aw_wasm_optimize(<out-var> <OPTIMIZE value or empty>): the level, with its default.
function(_aw_wasm_optimize out level)
  if(level STREQUAL "")
    if(CMAKE_BUILD_TYPE STREQUAL "Debug")
      set(level -O0)
    else()
      set(level -O2)
    endif()
  endif()
  if(NOT level MATCHES "^-O[0-3sz]$")
    message(FATAL_ERROR "aw: OPTIMIZE ${level}: expected -O0, -O1, -O2, -O3, -Os or -Oz")
  endif()
  set(${out} ${level} PARENT_SCOPE)
endfunction()

# _aw_emscripten_optimize(<target> <level>): the link-time optimisation of an Emscripten
# program, given last so that it wins over CMAKE_C_FLAGS_<CONFIG> (emcc links with them).
function(_aw_emscripten_optimize target level)
  if(level STREQUAL "-O0")
    target_link_options(${target} PRIVATE -O0)
  else()
    target_link_options(${target} PRIVATE -O1 -sBINARYEN_EXTRA_PASSES=${level})
  endif()
endfunction()

function(aw_wasm_asyncify target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OPTIMIZE" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "aw_wasm_asyncify(${target}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  _aw_wasm_optimize(level "${arg_OPTIMIZE}")
  if(CMAKE_SYSTEM_NAME STREQUAL "WASI")
    # Tasks' shadow stacks come from malloc; the main one is the linker's.
    target_link_options(${target} PRIVATE -Wl,-z,stack-size=1048576)
    if(level STREQUAL "-O0")
      set(level)
    endif()
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${AW_WASM_OPT} $<TARGET_FILE:${target}> --asyncify
              --pass-arg=asyncify-imports@${AW_ASYNCIFY_IMPORTS} ${level}
              -o $<TARGET_FILE:${target}>
      COMMENT "Asyncify ${target}" VERBATIM)
  elseif(EMSCRIPTEN)
    target_link_options(${target} PRIVATE
      ${AW_EMSCRIPTEN_ASYNCIFY_OPTIONS} ${AW_EMSCRIPTEN_COMMON_OPTIONS})
    _aw_emscripten_optimize(${target} ${level})
  endif()
endfunction()

function(aw_wasm_executable target)
  aw_wasm_asyncify(${ARGV})
  if(EMSCRIPTEN)
    target_link_options(${target} PRIVATE ${AW_EMSCRIPTEN_PROGRAM_OPTIONS})
  endif()
endfunction()
