#pragma once

#include "base/HeaderList.h"
#include "base/Result.h"
#include "config/Config.h"
#include "upstream/UpstreamTypes.h"

namespace switchyard::providers {

/// Builds requests for Anthropic upstreams (`"kind": "anthropic"`, base URL ending in /v1):
/// POST /messages with x-api-key and anthropic-version; the client's anthropic-version and
/// anthropic-beta headers are forwarded unchanged.
class AnthropicAdapter final
{
public:
    static constexpr const char *kDefaultVersion = "2023-06-01";

    static Result<upstream::UpstreamRequestSpec>
    buildMessagesRequest(const config::ProviderConfig &provider, const QByteArray &body,
                         bool stream, const base::HeaderList &clientHeaders);
    static Result<upstream::UpstreamRequestSpec>
    buildModelsRequest(const config::ProviderConfig &provider);
};

} // namespace switchyard::providers
