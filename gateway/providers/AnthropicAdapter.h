#pragma once

#include "providers/ProviderAdapter.h"

namespace switchyard::providers {

/// Requests for Anthropic upstreams (`"kind": "anthropic"`, base URL ending in /v1): every API
/// is translated to POST /messages, sent with x-api-key and anthropic-version; the client's
/// anthropic-version and anthropic-beta headers are forwarded unchanged. GET /models for
/// discovery and health.
class AnthropicAdapter final : public ProviderAdapter
{
public:
    static constexpr const char *kDefaultVersion = "2023-06-01";

    config::ProviderKind kind() const override { return config::ProviderKind::Anthropic; }
    AuthStyle authStyle() const override { return AuthStyle::ApiKeyHeader; }

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
};

} // namespace switchyard::providers
