# The Temporal activity engine (included from CMakeLists.txt in this folder): wfsim_temporal and
# its tests. The worker side (the SDK's heartbeat manager) is sim/world's.
add_library(wfsim_temporal STATIC
  temporal_spec.cpp temporal_spec_parse.cpp temporal_retry.cpp temporal_api.cpp
  temporal_engine.cpp temporal_activity.cpp temporal_workflow.cpp)
target_link_libraries(wfsim_temporal PUBLIC wfsim_engine wfsim_record wfsim_asl)
target_compile_options(wfsim_temporal PRIVATE ${WFSIM_WARNINGS})


wfsim_test(NAME temporal_test
  SOURCES temporal_spec_test.cpp temporal_retry_test.cpp temporal_engine_test.cpp
          temporal_workflow_test.cpp
          temporal_golden_test.cpp temporal_mutants_test.cpp temporal_properties.cpp
  DEPENDS wfsim_temporal rapidcheck rapidcheck_boost_test)
