# gateway/secrets: API keys in the OS keychain (QtKeychain), the wiping SecretBytes type,
# the resolver of config key references, and the logic of `switchyard keys`.
target_sources(switchyard_gateway PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/KeychainSecretStore.cpp ${CMAKE_CURRENT_LIST_DIR}/KeychainSecretStore.h
    ${CMAKE_CURRENT_LIST_DIR}/KeysCli.cpp ${CMAKE_CURRENT_LIST_DIR}/KeysCli.h
    ${CMAKE_CURRENT_LIST_DIR}/MemorySecretStore.cpp ${CMAKE_CURRENT_LIST_DIR}/MemorySecretStore.h
    ${CMAKE_CURRENT_LIST_DIR}/SecretBytes.cpp ${CMAKE_CURRENT_LIST_DIR}/SecretBytes.h
    ${CMAKE_CURRENT_LIST_DIR}/SecretResolver.cpp ${CMAKE_CURRENT_LIST_DIR}/SecretResolver.h
    ${CMAKE_CURRENT_LIST_DIR}/SecretStore.cpp ${CMAKE_CURRENT_LIST_DIR}/SecretStore.h
)
