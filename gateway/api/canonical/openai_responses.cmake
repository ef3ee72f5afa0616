# OpenAI Responses codec (canonical model ↔ /v1/responses, Codex CLI).
target_sources(switchyard_gateway PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesCodec.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesCodec.h
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesRequestDecoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesRequestDecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesRequestEncoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesRequestEncoder.h
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesResponseCodec.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesResponseCodec.h
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesStreamDecoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesStreamDecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesStreamEncoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesStreamEncoder.h
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesWire.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiResponsesWire.h)
