# Runs PROGRAM (stack_clash.c, under EMULATOR when cross-compiled) with DEPTH, KIND and SIZE and
# checks the one outcome EXPECT allows, nothing else:
#   fits      exit 0, and stdout says the frame returned and the neighbour task is intact
#   overflow  death by SIGABRT, nothing on stdout, and stderr exactly the overflow report
execute_process(COMMAND ${EMULATOR} ${PROGRAM} ${DEPTH} ${KIND} ${SIZE}
  OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status)
set(what "${DEPTH} KiB deep, ${SIZE} KiB ${KIND} frame")
# AddressSanitizer warns once that it does not fully support swapcontext (ucontext backend).
string(REGEX REPLACE "==[0-9]+==WARNING: ASan doesn't fully support makecontext/swapcontext[^\n]*\n"
       "" errors "${errors}")
# qemu-user reports the emulated program's death by a signal on stderr.
string(REGEX REPLACE "qemu: uncaught target signal [0-9]+ [^\n]*\n" "" errors "${errors}")
if(EXPECT STREQUAL "fits")
  set(expected_status 0)
  set(expected_output "clash: a ${SIZE} KiB ${KIND} frame at ${DEPTH} KiB deep returned\n"
                      "neighbour: canary and name intact\n")
  set(expected_errors "")
elseif(EXPECT STREQUAL "overflow")
  set(expected_status "Subprocess aborted")
  set(expected_output "")
  set(expected_errors "aw: stack overflow in task 2 \"clash\" (stack 64 KiB)\n")
else()
  message(FATAL_ERROR "run_stack_clash_test: unknown EXPECT '${EXPECT}'")
endif()
string(CONCAT expected_output ${expected_output})
if(NOT status STREQUAL expected_status OR NOT output STREQUAL expected_output
   OR NOT errors STREQUAL expected_errors)
  message(FATAL_ERROR "${what}: expected exit status \"${expected_status}\", stdout:\n"
                      "${expected_output}stderr:\n${expected_errors}"
                      "got exit status \"${status}\", stdout:\n${output}stderr:\n${errors}")
endif()
message(STATUS "${what}: ${EXPECT}, as expected")
