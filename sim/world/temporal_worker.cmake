# wfsim_temporal_worker: the Temporal SDK worker's activity-heartbeat manager
# (temporal_heartbeats.*), a pure, clock-free state machine that depends only on core and record.
# Included from sim/engine/temporal.cmake for now and, later, from sim/world/CMakeLists.txt; the
# include guard makes a second include a no-op, and paths are relative to this file, so it works
# from either place. Its headers are reached as "world/temporal_heartbeats.h".
include_guard(GLOBAL)

set(_wfsim_temporal_worker_root "${CMAKE_BINARY_DIR}/include/temporal_worker")
file(MAKE_DIRECTORY "${_wfsim_temporal_worker_root}")
if(NOT EXISTS "${_wfsim_temporal_worker_root}/world")
  file(CREATE_LINK "${CMAKE_CURRENT_LIST_DIR}" "${_wfsim_temporal_worker_root}/world" SYMBOLIC)
endif()

add_library(wfsim_temporal_worker STATIC "${CMAKE_CURRENT_LIST_DIR}/temporal_heartbeats.cpp")
target_include_directories(wfsim_temporal_worker PUBLIC "${_wfsim_temporal_worker_root}")
target_compile_options(wfsim_temporal_worker PRIVATE ${WFSIM_WARNINGS})
target_link_libraries(wfsim_temporal_worker PUBLIC wfsim_record)
