# wfsim_sfn: the Step Functions reference engine (see sfn_engine.h).
add_library(wfsim_sfn STATIC
  ${CMAKE_CURRENT_LIST_DIR}/sfn_engine.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_execution.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_states.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_tasks.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_errors.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_blocks.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_redrive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_map_run.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_map_run_close.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_map_run_jsonata.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_map_run_redrive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_map_run_s3.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_map_run_log.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_driver.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_query.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_jsonata.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sfn_variables.cpp)
target_compile_options(wfsim_sfn PRIVATE ${WFSIM_WARNINGS})
target_link_libraries(wfsim_sfn PUBLIC wfsim_engine wfsim_asl wfsim_jsonata wfsim_s3 wfsim_record)

wfsim_test(NAME sfn_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/sfn_sequences_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_retry_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_tokens_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_blocks_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_redrive_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_facts_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_recorded_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_linking_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_query_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_jsonata_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_jsonata_blocks_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_variables_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_map_run_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_map_run_jsonata_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/sfn_map_run_s3_test.cpp
  DEPENDS wfsim_sfn)
