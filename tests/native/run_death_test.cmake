# Runs PROGRAM (under EMULATOR, a list, when cross-compiled) and fails unless it is killed by
# the signal SIGNAL (ABRT, SEGV, ...) and its stderr has a line equal to EXPECTED_LINE.
set(signal_text_ABRT "Subprocess aborted")
set(signal_text_SEGV "Segmentation fault")
set(signal_text_BUS "Bus error")
if(NOT DEFINED signal_text_${SIGNAL})
  message(FATAL_ERROR "run_death_test: unknown SIGNAL '${SIGNAL}'")
endif()
execute_process(COMMAND ${EMULATOR} ${PROGRAM}
  OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status STREQUAL signal_text_${SIGNAL})
  message(FATAL_ERROR "${PROGRAM}: expected death by SIG${SIGNAL} (\"${signal_text_${SIGNAL}}\"), "
                      "got \"${status}\"\nstdout:\n${output}\nstderr:\n${errors}")
endif()
string(FIND "\n${errors}" "\n${EXPECTED_LINE}\n" index)
if(index EQUAL -1)
  message(FATAL_ERROR "${PROGRAM}: stderr has no line \"${EXPECTED_LINE}\"\nstderr:\n${errors}")
endif()
message(STATUS "died by SIG${SIGNAL} with \"${EXPECTED_LINE}\"")
