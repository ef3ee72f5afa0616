#pragma once

#include "base/Result.h"
#include "config/Config.h"
#include "upstream/UpstreamTypes.h"

namespace switchyard::providers {

/// Builds requests for Ollama (`"kind": "ollama"`, base URL like http://127.0.0.1:11434):
/// the native /api/chat (NDJSON streams, options.num_ctx, keep_alive), /api/tags for health
/// and discovery, and /api/generate with keep_alive to load or unload a model.
class OllamaAdapter final
{
public:
    static Result<upstream::UpstreamRequestSpec>
    buildChatRequest(const config::ProviderConfig &provider, const QByteArray &body);
    static Result<upstream::UpstreamRequestSpec>
    buildTagsRequest(const config::ProviderConfig &provider);
    /// GET /api/ps: the models loaded right now, with size and size_vram (CPU spill shows as
    /// size_vram < size).
    static Result<upstream::UpstreamRequestSpec>
    buildPsRequest(const config::ProviderConfig &provider);
    /// keep_alive "-1"/"30m" loads (warm-up); "0" unloads.
    static Result<upstream::UpstreamRequestSpec>
    buildKeepAliveRequest(const config::ProviderConfig &provider, const QString &model,
                          const QJsonValue &keepAlive);
};

} // namespace switchyard::providers
