# One step of the packaging tests (see CMakeLists.txt beside this file), run with cmake -P:
#   STEP=install            cmake --install BUILD --prefix PREFIX, then check what it installed
#   STEP=find_package       build CONSUMER with find_package(aw) and run it (static and shared)
#   STEP=pkg_config         cc main.c $(pkg-config --cflags --libs aw) and run it
#   STEP=pkg_config_static  the same with -static and pkg-config --static
# CFLAG, when set, is a flag the package must pass on to the consumer's compile commands
# (-fstack-clash-protection, where the compiler has it).

# run(<what> COMMAND...): runs a command and stops with its output unless it exits 0.
function(run what)
  execute_process(COMMAND ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "${what} failed (${status}): ${command}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

# check_program(<path>): runs the consumer and compares its stdout with EXPECTED.
function(check_program program)
  run("running ${program}" ${program})
  file(READ ${EXPECTED} expected)
  if(NOT run_output STREQUAL expected)
    message(FATAL_ERROR "${program} printed:\n${run_output}\nexpected (${EXPECTED}):\n${expected}")
  endif()
  message(STATUS "${program}: output as expected")
endfunction()

# check_cflag(<what> <command line>): fails unless the command line has CFLAG as one argument.
function(check_cflag what command)
  separate_arguments(arguments UNIX_COMMAND "${command}")
  list(FIND arguments "${CFLAG}" index)
  if(CFLAG AND index EQUAL -1)
    message(FATAL_ERROR "${what} lacks ${CFLAG}: ${command}")
  endif()
endfunction()

set(libdir ${PREFIX}/${LIBDIR})

if(STEP STREQUAL "install")
  file(REMOVE_RECURSE ${PREFIX})
  run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD} --prefix ${PREFIX})
  foreach(file ${INCLUDEDIR}/aw.h ${LIBDIR}/libaw.a ${LIBDIR}/libaw.so ${LIBDIR}/pkgconfig/aw.pc
               ${LIBDIR}/cmake/aw/awConfig.cmake ${LIBDIR}/cmake/aw/awConfigVersion.cmake
               ${LIBDIR}/cmake/aw/awTargets.cmake ${LIBDIR}/cmake/aw/awWasm.cmake)
    if(NOT EXISTS ${PREFIX}/${file})
      message(FATAL_ERROR "cmake --install did not install ${file}")
    endif()
  endforeach()
  file(GLOB_RECURSE test_only ${PREFIX}/*ucontext*)
  if(test_only)
    message(FATAL_ERROR "the test-only backend library was installed: ${test_only}")
  endif()

elseif(STEP STREQUAL "find_package")
  set(dir ${WORK}/find_package)
  file(REMOVE_RECURSE ${dir})
  run("configuring the consumer" ${CMAKE_COMMAND} -S ${CONSUMER} -B ${dir} -G ${GENERATOR}
      -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_C_COMPILER=${CC} -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)
  file(STRINGS ${dir}/CMakeCache.txt found REGEX "^aw_DIR:")
  if(NOT found STREQUAL "aw_DIR:PATH=${libdir}/cmake/aw")
    message(FATAL_ERROR "find_package(aw) found another copy: ${found}")
  endif()
  run("building the consumer" ${CMAKE_COMMAND} --build ${dir})
  # One compile command per program (consumer, consumer_shared), each with CFLAG from aw::aw.
  file(READ ${dir}/compile_commands.json commands)
  string(JSON count LENGTH "${commands}")
  if(NOT count EQUAL 2)
    message(FATAL_ERROR "expected 2 compile commands, found ${count}:\n${commands}")
  endif()
  foreach(index 0 1)
    string(JSON command GET "${commands}" ${index} command)
    check_cflag("compiling the consumer" "${command}")
  endforeach()
  check_program(${dir}/consumer)
  check_program(${dir}/consumer_shared)

elseif(STEP MATCHES "^pkg_config")
  if(NOT PKG_CONFIG)
    message(FATAL_ERROR "pkg-config is not installed (scripts/setup-deps installs it)")
  endif()
  set(dir ${WORK}/${STEP})
  file(REMOVE_RECURSE ${dir})
  file(MAKE_DIRECTORY ${dir})
  set(ENV{PKG_CONFIG_PATH} ${libdir}/pkgconfig)
  if(STEP STREQUAL "pkg_config_static")
    set(static_pc --static)
    set(static_cc -static)
  endif()
  run("pkg-config" ${PKG_CONFIG} ${static_pc} --cflags --libs aw)
  check_cflag("pkg-config --cflags" "${run_output}")
  separate_arguments(flags UNIX_COMMAND "${run_output}")
  run("compiling the consumer" ${CC} ${static_cc} ${CONSUMER}/main.c ${flags} -o ${dir}/consumer)
  # -law picks libaw.so when the program is not linked statically.
  set(ENV{LD_LIBRARY_PATH} ${libdir})
  check_program(${dir}/consumer)

else()
  message(FATAL_ERROR "unknown STEP '${STEP}'")
endif()
