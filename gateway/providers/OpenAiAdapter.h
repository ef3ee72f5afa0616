#pragma once

#include "api/OpenAiValidation.h"
#include "providers/ModelCatalog.h"
#include "providers/ProviderAdapter.h"

namespace switchyard::providers {

/// Requests for OpenAI-compatible upstreams (`"kind": "openai"`): chat for every chat-like
/// API, completions and embeddings as they are, GET /models for discovery and health.
/// Untranslated bodies go through byte for byte except `model` (and `stream_options`, so
/// usage is always reported).
class OpenAiAdapter final : public ProviderAdapter
{
public:
    config::ProviderKind kind() const override { return config::ProviderKind::OpenAi; }
    AuthStyle authStyle() const override { return AuthStyle::Bearer; }

    base::WireFormat upstreamFormat(base::WireFormat inbound) const override;
    Result<upstream::UpstreamRequestSpec>
    buildRequest(const config::ProviderConfig &provider, base::WireFormat format,
                 const QByteArray &body, bool stream,
                 const base::HeaderList &clientHeaders) const override;

    Result<upstream::UpstreamRequestSpec>
    modelsRequest(const config::ProviderConfig &provider) const override;
    QStringList parseModels(const QByteArray &body) const override;
    Result<upstream::UpstreamRequestSpec>
    probeRequest(const config::ProviderConfig &provider) const override;

    Result<upstream::UpstreamRequestSpec> loadRequest(const config::ProviderConfig &provider,
                                                      const QString &model,
                                                      bool load) const override;
    bool reportsLoadedModels() const override { return false; }
    Result<upstream::UpstreamRequestSpec>
    loadedModelsRequest(const config::ProviderConfig &provider) const override;
    QList<ResidentModel> parseLoadedModels(const QByteArray &body) const override;

    /// POST \a body in \a format (chat, completions or embeddings) to the OpenAI-compatible
    /// API below \a apiPath (the path that holds /chat/completions); Ollama's /v1 uses it too.
    static Result<upstream::UpstreamRequestSpec>
    compatibleRequest(const config::ProviderConfig &provider, const QString &apiPath,
                      base::WireFormat format, const QByteArray &body, bool stream);

    /// The body sent upstream: model rewritten, usage requested for streams.
    static QByteArray upstreamBody(const Target &target, const api::RequestContext &request,
                                   const QByteArray &clientBody);
};

} // namespace switchyard::providers
