# The Anthropic Messages codec.
target_sources(switchyard_gateway PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/AnthropicCodec.cpp ${CMAKE_CURRENT_LIST_DIR}/AnthropicCodec.h
    ${CMAKE_CURRENT_LIST_DIR}/AnthropicRequestDecoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/AnthropicRequestDecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/AnthropicRequestEncoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/AnthropicRequestEncoder.h
    ${CMAKE_CURRENT_LIST_DIR}/AnthropicResponse.cpp ${CMAKE_CURRENT_LIST_DIR}/AnthropicResponse.h
    ${CMAKE_CURRENT_LIST_DIR}/AnthropicStreamDecoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/AnthropicStreamDecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/AnthropicStreamEncoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/AnthropicStreamEncoder.h
    ${CMAKE_CURRENT_LIST_DIR}/AnthropicWire.cpp ${CMAKE_CURRENT_LIST_DIR}/AnthropicWire.h
)
