#pragma once

#include "providers/ProviderAdapter.h"

namespace switchyard::providers {

/// Requests for Ollama (`"kind": "ollama"`, base URL like http://127.0.0.1:11434): chat-like
/// APIs go to the native /api/chat (NDJSON streams, options.num_ctx, keep_alive), completions
/// and embeddings to its OpenAI-compatible /v1; /api/tags for health and discovery,
/// /api/generate with keep_alive to load or unload a model, /api/ps for the loaded ones.
class OllamaAdapter final : public ProviderAdapter
{
public:
    config::ProviderKind kind() const override { return config::ProviderKind::Ollama; }
    /// Ollama itself has no keys; a reverse proxy in front of it may want one.
    AuthStyle authStyle() const override { return AuthStyle::Bearer; }

    base::WireFormat upstreamFormat(base::WireFormat inbound) const override;
    Result<upstream::UpstreamRequestSpec>
    buildRequest(const config::ProviderConfig &provider, base::WireFormat format,
                 const QByteArray &body, bool stream,
                 const base::HeaderList &clientHeaders) const override;

    /// GET /api/tags.
    Result<upstream::UpstreamRequestSpec>
    modelsRequest(const config::ProviderConfig &provider) const override;
    QStringList parseModels(const QByteArray &body) const override;
    Result<upstream::UpstreamRequestSpec>
    probeRequest(const config::ProviderConfig &provider) const override;

    /// POST /api/generate with an empty prompt and keep_alive "30m" (load) or 0 (unload).
    Result<upstream::UpstreamRequestSpec> loadRequest(const config::ProviderConfig &provider,
                                                      const QString &model,
                                                      bool load) const override;
    bool reportsLoadedModels() const override { return true; }
    /// GET /api/ps: the models loaded right now, with size and size_vram (CPU spill shows as
    /// size_vram < size).
    Result<upstream::UpstreamRequestSpec>
    loadedModelsRequest(const config::ProviderConfig &provider) const override;
    QList<ResidentModel> parseLoadedModels(const QByteArray &body) const override;
};

} // namespace switchyard::providers
