# Runs PROGRAM (under EMULATOR when cross-compiled) and fails unless it exits 0, prints
# EXPECTED_STDOUT on stdout and, on stderr, EXPECTED_STDERR once every path in it is cut down
# to its file name (the await sites hold the compiler's path of the source).
execute_process(COMMAND ${EMULATOR} ${PROGRAM}
  OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${status}\nstdout:\n${output}\nstderr:\n${errors}")
endif()
string(REGEX REPLACE "at [^ \n]*/([^/ \n]+:[0-9]+)" "at \\1" normalised "${errors}")
# AddressSanitizer warns once that it does not fully support swapcontext (ucontext backend).
string(REGEX REPLACE "==[0-9]+==WARNING: [^\n]*\n" "" normalised "${normalised}")
file(READ ${EXPECTED_STDERR} expected_errors)
file(READ ${EXPECTED_STDOUT} expected_output)
if(NOT normalised STREQUAL expected_errors OR NOT output STREQUAL expected_output)
  file(WRITE ${PROGRAM}.err "${normalised}")
  file(WRITE ${PROGRAM}.out "${output}")
  execute_process(COMMAND diff -u ${EXPECTED_STDERR} ${PROGRAM}.err OUTPUT_VARIABLE err_diff)
  execute_process(COMMAND diff -u ${EXPECTED_STDOUT} ${PROGRAM}.out OUTPUT_VARIABLE out_diff)
  message(FATAL_ERROR "output differs\nstderr:\n${err_diff}\nstdout:\n${out_diff}")
endif()
