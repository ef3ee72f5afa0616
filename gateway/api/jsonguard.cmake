# JsonGuard: the linear pre-parse check every inbound JSON body goes through.
target_sources(switchyard_gateway PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/JsonGuard.cpp ${CMAKE_CURRENT_LIST_DIR}/JsonGuard.h)
