# The Temporal activity engine (included from CMakeLists.txt in this folder): wfsim_temporal, its
# tests, and (until sim/world includes it itself) the worker-side heartbeat manager target
# wfsim_temporal_worker from sim/world/temporal_worker.cmake.
add_library(wfsim_temporal STATIC
  temporal_spec.cpp temporal_spec_parse.cpp temporal_retry.cpp temporal_api.cpp
  temporal_engine.cpp temporal_activity.cpp temporal_workflow.cpp)
target_link_libraries(wfsim_temporal PUBLIC wfsim_engine wfsim_record wfsim_asl)
target_compile_options(wfsim_temporal PRIVATE ${WFSIM_WARNINGS})

include(${CMAKE_CURRENT_SOURCE_DIR}/../world/temporal_worker.cmake)

wfsim_test(NAME temporal_test
  SOURCES temporal_spec_test.cpp temporal_retry_test.cpp temporal_engine_test.cpp
          temporal_workflow_test.cpp
          temporal_cancel_test.cpp temporal_golden_test.cpp temporal_mutants_test.cpp
          temporal_properties.cpp ../world/temporal_heartbeats_test.cpp
  DEPENDS wfsim_temporal wfsim_temporal_worker rapidcheck rapidcheck_boost_test)
