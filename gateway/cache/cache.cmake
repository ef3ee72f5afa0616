# The exact-match response cache: keys, entries, the LRU store in memory, stream recording,
# replay and configuration. Pure logic; the proxy wires it in.
target_sources(switchyard_gateway PRIVATE
    cache/CacheEntry.cpp cache/CacheEntry.h
    cache/CacheKey.cpp cache/CacheKey.h
    cache/CachePolicy.cpp cache/CachePolicy.h
    cache/CacheSettings.h
    cache/CanonicalJson.cpp cache/CanonicalJson.h
    cache/Replay.cpp cache/Replay.h
    cache/ResponseCache.cpp cache/ResponseCache.h
    cache/StreamRecorder.cpp cache/StreamRecorder.h
)
