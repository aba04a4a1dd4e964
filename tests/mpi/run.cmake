# The MPI sweep with 2 ranks writes exactly what the single-process sweep writes.
# Inputs: FLOPCAST, FLOPCAST_MPI_BIN, MPIEXEC, SOURCE_DIR, WORK_DIR.
file(REMOVE_RECURSE ${WORK_DIR})
set(scenario ${SOURCE_DIR}/scenarios/910c-vs-h100-uncertainty.yaml)
execute_process(COMMAND ${FLOPCAST} sweep ${scenario} -o ${WORK_DIR}/single --samples 3000 -q
                WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "single-process sweep failed: ${rc}")
endif()
# --bind-to none: otherwise each rank is pinned to one core and oneTBB sees one thread.
execute_process(COMMAND ${MPIEXEC} --allow-run-as-root --oversubscribe --bind-to none -n 2
                        ${FLOPCAST_MPI_BIN} sweep ${scenario} -o ${WORK_DIR}/mpi --samples 3000 -q
                WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "mpirun -n 2 sweep failed: ${rc}")
endif()
foreach(f sweep.csv sweep.json sensitivity.csv results.json)
  file(READ ${WORK_DIR}/single/${f} a)
  file(READ ${WORK_DIR}/mpi/${f} b)
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "${f} differs between the MPI run and the single process")
  endif()
endforeach()
