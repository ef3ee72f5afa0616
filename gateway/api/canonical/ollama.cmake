# The Ollama native chat codec (/api/chat, NDJSON streams).
target_sources(switchyard_gateway PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/OllamaCodec.cpp ${CMAKE_CURRENT_LIST_DIR}/OllamaCodec.h
    ${CMAKE_CURRENT_LIST_DIR}/OllamaRequestDecoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OllamaRequestDecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/OllamaRequestEncoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OllamaRequestEncoder.h
    ${CMAKE_CURRENT_LIST_DIR}/OllamaResponse.cpp ${CMAKE_CURRENT_LIST_DIR}/OllamaResponse.h
    ${CMAKE_CURRENT_LIST_DIR}/OllamaStreamDecoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OllamaStreamDecoder.h
    ${CMAKE_CURRENT_LIST_DIR}/OllamaStreamEncoder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/OllamaStreamEncoder.h
    ${CMAKE_CURRENT_LIST_DIR}/OllamaWire.cpp ${CMAKE_CURRENT_LIST_DIR}/OllamaWire.h
)
