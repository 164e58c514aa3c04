# Runs PROGRAM (under EMULATOR when cross-compiled) so that it writes Chrome traces, then
# validates each with CHECKER (run by PYTHON) against EXPECTED.
#   MODE env:  AW_TRACE=<OUTPUT_DIR>/env.json in the environment
#   MODE args: the program gets <OUTPUT_DIR>/stopped.json <OUTPUT_DIR>/freed.json
#              <OUTPUT_DIR>/memory.json
file(REMOVE_RECURSE ${OUTPUT_DIR})
file(MAKE_DIRECTORY ${OUTPUT_DIR})
if(MODE STREQUAL "env")
  set(traces ${OUTPUT_DIR}/env.json)
  set(command ${CMAKE_COMMAND} -E env AW_TRACE=${OUTPUT_DIR}/env.json ${EMULATOR} ${PROGRAM})
else()
  set(traces ${OUTPUT_DIR}/stopped.json ${OUTPUT_DIR}/freed.json ${OUTPUT_DIR}/memory.json)
  set(command ${CMAKE_COMMAND} -E env --unset=AW_TRACE ${EMULATOR} ${PROGRAM} ${traces})
endif()
execute_process(COMMAND ${command} OUTPUT_VARIABLE output ERROR_VARIABLE errors
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${status}\nstdout:\n${output}\nstderr:\n${errors}")
endif()
foreach(trace ${traces})
  execute_process(COMMAND ${PYTHON} ${CHECKER} ${trace} ${EXPECTED}
                  OUTPUT_VARIABLE report ERROR_VARIABLE report RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${trace} is not the expected trace:\n${report}")
  endif()
  message(STATUS "${trace}: ${report}")
endforeach()
