# The benchmarks' smoke run (CTest): every registered benchmark runs once, with the shortest
# measuring time, and none may crash or report an error. No time is asserted.
#
# Google Benchmark exits 0 even when a benchmark calls SkipWithError (as sweep_sample_baseline does
# when its hand-written loop no longer computes what the engine computes), so this script reads the
# JSON report: a benchmark whose entry has "error_occurred": true, or that is registered but absent
# from the report, fails the test.
#   cmake -DBENCH=path/to/flopcast_bench -P smoke_run.cmake
cmake_minimum_required(VERSION 3.25)
if(NOT BENCH)
  message(FATAL_ERROR "usage: cmake -DBENCH=<flopcast_bench> -P smoke_run.cmake")
endif()

execute_process(COMMAND ${BENCH} --benchmark_list_tests=true
                OUTPUT_VARIABLE listed RESULT_VARIABLE rc ERROR_VARIABLE list_errors)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "flopcast_bench --benchmark_list_tests failed (${rc}): ${list_errors}")
endif()
string(STRIP "${listed}" listed)
string(REPLACE "\n" ";" registered "${listed}")

# --benchmark_min_time=0: each benchmark stops after its first batch of iterations (one).
execute_process(COMMAND ${BENCH} --benchmark_min_time=0 --benchmark_format=json
                OUTPUT_VARIABLE report RESULT_VARIABLE rc ERROR_VARIABLE run_errors)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "flopcast_bench exited with ${rc} (a crash or an abort):\n${run_errors}")
endif()

string(JSON count ERROR_VARIABLE json_error LENGTH "${report}" benchmarks)
if(json_error)
  message(FATAL_ERROR "flopcast_bench wrote no readable JSON report (${json_error}):\n${report}\n${run_errors}")
endif()
set(failures "")
set(ran "")
if(count GREATER 0)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON name GET "${report}" benchmarks ${i} name)
    string(JSON iterations ERROR_VARIABLE no_iterations GET "${report}" benchmarks ${i} iterations)
    string(JSON failed ERROR_VARIABLE no_flag GET "${report}" benchmarks ${i} error_occurred)
    list(APPEND ran "${name}")
    if(failed)
      string(JSON why ERROR_VARIABLE no_message GET "${report}" benchmarks ${i} error_message)
      string(APPEND failures "  ${name}: ${why}\n")
      message(STATUS "${name}: ERROR ${why}")
    else()
      message(STATUS "${name}: ran (${iterations} iterations)")
    endif()
  endforeach()
endif()
foreach(name IN LISTS registered)
  if(NOT name IN_LIST ran)
    string(APPEND failures "  ${name}: registered but not in the report\n")
  endif()
endforeach()
if(failures)
  message(FATAL_ERROR "benchmarks that failed their smoke run:\n${failures}")
endif()
list(LENGTH ran ran_count)
message(STATUS "all ${ran_count} benchmarks ran without error (timings are not checked)")
