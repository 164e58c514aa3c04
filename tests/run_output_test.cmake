# Runs PROGRAM (with the arguments in ARGS, a list) and fails unless it exits 0 and its stdout equals the file EXPECTED, byte for byte.
# A cross-compiled PROGRAM runs under EMULATOR (a list), or else under the command in the
# environment variable AW_TEST_EMULATOR (see tests/native/CMakeLists.txt).
if(NOT EMULATOR AND DEFINED ENV{AW_TEST_EMULATOR})
  separate_arguments(EMULATOR UNIX_COMMAND "$ENV{AW_TEST_EMULATOR}")
endif()
execute_process(COMMAND ${EMULATOR} ${PROGRAM} ${ARGS} OUTPUT_VARIABLE actual ERROR_VARIABLE errors RESULT_VARIABLE status)
file(READ ${EXPECTED} expected)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${status}\nstdout:\n${actual}\nstderr:\n${errors}")
endif()
if(NOT actual STREQUAL expected)
  file(WRITE ${PROGRAM}.actual "${actual}")
  execute_process(COMMAND diff -u ${EXPECTED} ${PROGRAM}.actual OUTPUT_VARIABLE difference)
  message(FATAL_ERROR "output differs from ${EXPECTED}:\n${difference}\nstderr:\n${errors}")
endif()
