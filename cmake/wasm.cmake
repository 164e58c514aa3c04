# WebAssembly builds: WASI (cmake/wasi.cmake) and Emscripten (emcmake / its toolchain file).
# Included by the top-level CMakeLists.txt when CMAKE_SYSTEM_NAME is WASI or Emscripten; the
# runtime then uses the Asyncify context backend (docs/wasm.md).
#
# Every program is linked and asyncified by cmake/awWasm.cmake, which an install also gives to
# the projects that use aw (awConfig.cmake includes it). Programs of the "_O0" test variant are
# compiled at -O0 and asyncified without optimising.

set(AW_WASM_OPT_LEVEL -O2 CACHE STRING "Optimisation of the C code and of the asyncified module")
add_compile_options("$<$<COMPILE_LANGUAGE:C>:${AW_WASM_OPT_LEVEL}>")

include(${CMAKE_CURRENT_LIST_DIR}/awWasm.cmake) # aw_wasm_executable, aw_wasm_asyncify

if(EMSCRIPTEN)
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

# Every program made by aw_wasm_program and its twin without Asyncify, for the module sizes of
# bench/wasm/run: `cmake --build <dir> --target aw_wasm_sizes` (not part of the default build).
# A twin is the same program linked and optimised the same way, only without the Asyncify pass
# (WASI: the link output before --asyncify; Emscripten: the link without -sASYNCIFY, which also
# leaves out the JavaScript side of the js backend's waits). Twins cannot run: nothing
# implements the asyncify.* imports or the EM_ASYNC_JS waits there.
add_custom_target(aw_wasm_sizes)

# aw_wasm_program(<target> <variant>): turns a linked program into what the Node tests run
# (aw_wasm_asyncify, plus the Node options above on Emscripten), and defines its twin
# <target>_no_asyncify.
function(aw_wasm_program target variant)
  set(optimise ${AW_WASM_OPT_LEVEL})
  if(variant MATCHES "_O0$")
    target_compile_options(${target} PRIVATE -O0)
    set(optimise -O0)
  endif()
  set(twin ${target}_no_asyncify)
  if(WASI)
    # Copied before the Asyncify step, which aw_wasm_asyncify adds after this one.
    set(linked ${CMAKE_CURRENT_BINARY_DIR}/${target}.linked.wasm)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:${target}> ${linked} VERBATIM)
    aw_wasm_asyncify(${target} OPTIMIZE ${optimise})
    set(twin_file ${CMAKE_CURRENT_BINARY_DIR}/${twin}.wasm)
    if(optimise STREQUAL "-O0")
      set(make_twin ${CMAKE_COMMAND} -E copy ${linked} ${twin_file})
    else()
      set(make_twin ${AW_WASM_OPT} ${linked} ${optimise} -o ${twin_file})
    endif()
    add_custom_command(OUTPUT ${twin_file} COMMAND ${make_twin}
      DEPENDS ${target} COMMENT "${target} without Asyncify" VERBATIM)
    add_custom_target(${twin} DEPENDS ${twin_file})
  elseif(EMSCRIPTEN)
    aw_wasm_asyncify(${target} OPTIMIZE ${optimise})
    target_link_options(${target} PRIVATE ${AW_EMSCRIPTEN_NODE_OPTIONS})
    # Generator expressions: whatever is added to the program after this call goes to its twin.
    add_executable(${twin} EXCLUDE_FROM_ALL $<TARGET_PROPERTY:${target},SOURCES>)
    target_link_libraries(${twin} PRIVATE $<TARGET_PROPERTY:${target},LINK_LIBRARIES>)
    target_include_directories(${twin} PRIVATE $<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>)
    target_compile_definitions(${twin} PRIVATE $<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>)
    target_compile_options(${twin} PRIVATE $<TARGET_PROPERTY:${target},COMPILE_OPTIONS>)
    # Without -sASYNCIFY emcc reports _exit as undefined: the twin exports main alone.
    target_link_options(${twin} PRIVATE ${AW_EMSCRIPTEN_COMMON_OPTIONS}
                        ${AW_EMSCRIPTEN_NODE_COMMON_OPTIONS} "-sEXPORTED_FUNCTIONS=[\"_main\"]")
    _aw_emscripten_optimize(${twin} ${optimise})
  endif()
  add_dependencies(aw_wasm_sizes ${target} ${twin})
endfunction()
