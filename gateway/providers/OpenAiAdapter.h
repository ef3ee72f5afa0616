#pragma once

#include "api/OpenAiValidation.h"
#include "base/Result.h"
#include "providers/ModelCatalog.h"
#include "upstream/UpstreamTypes.h"

namespace switchyard::providers {

/// Builds requests for OpenAI-compatible upstreams (`"kind": "openai"`).
/// The client's body is forwarded byte for byte except `model` (and `stream_options`,
/// so usage is always reported).
class OpenAiAdapter final
{
public:
    static Result<upstream::UpstreamRequestSpec> buildRequest(api::OpenAiEndpoint endpoint,
                                                              const Target &target,
                                                              const api::RequestContext &request,
                                                              const QByteArray &clientBody);
    /// POST to \a endpoint with a body built elsewhere (translated from another format).
    static Result<upstream::UpstreamRequestSpec>
    buildRequestWithBody(api::OpenAiEndpoint endpoint, const config::ProviderConfig &provider,
                         const QByteArray &body, bool stream);
    /// GET request for the provider's model list.
    static Result<upstream::UpstreamRequestSpec>
    buildModelsRequest(const config::ProviderConfig &provider);

    /// The body sent upstream: model rewritten, usage requested for streams.
    static QByteArray upstreamBody(const Target &target, const api::RequestContext &request,
                                   const QByteArray &clientBody);
};

} // namespace switchyard::providers
