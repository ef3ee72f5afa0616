# OpenAI Chat Completions codec (canonical model ↔ /v1/chat/completions).
target_sources(switchyard_gateway PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatCodec.cpp ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatCodec.h
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatRequestDecoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatRequestDecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatRequestEncoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatRequestEncoder.h
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatResponseCodec.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatResponseCodec.h
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatStreamDecoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatStreamDecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatStreamEncoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatStreamEncoder.h
    ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatWire.cpp ${CMAKE_CURRENT_LIST_DIR}/OpenAiChatWire.h)
