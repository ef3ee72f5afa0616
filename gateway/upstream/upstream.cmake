target_sources(switchyard_gateway PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/CurlMulti.cpp ${CMAKE_CURRENT_LIST_DIR}/CurlMulti.h
    ${CMAKE_CURRENT_LIST_DIR}/UpstreamClient.cpp ${CMAKE_CURRENT_LIST_DIR}/UpstreamClient.h
    ${CMAKE_CURRENT_LIST_DIR}/UpstreamTransfer.cpp ${CMAKE_CURRENT_LIST_DIR}/UpstreamTransfer.h
    ${CMAKE_CURRENT_LIST_DIR}/UpstreamTypes.cpp ${CMAKE_CURRENT_LIST_DIR}/UpstreamTypes.h
)
