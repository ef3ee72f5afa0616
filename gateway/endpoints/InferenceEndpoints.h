#pragma once

#include "base/ApiError.h"
#include "base/WireFormat.h"
#include "endpoints/EndpointGroup.h"

namespace switchyard::api {
enum class OpenAiEndpoint;
}
namespace switchyard::http {
class HttpExchange;
}
namespace switchyard::services {
struct GatewayContext;
}

namespace switchyard::endpoints {

/// The client APIs that reach a model: OpenAI chat completions, completions and embeddings,
/// Anthropic messages (and its local token count), OpenAI Responses. Each validates the body
/// as its API does, parsing it once into an api::RequestContext, and hands it to the request
/// pipeline.
class InferenceEndpoints final : public EndpointGroup
{
public:
    explicit InferenceEndpoints(const services::GatewayContext &context);

    /// Under /v1 and at the root: clients differ on whether the base URL ends in /v1.
    void addRoutes(http::Router &router) override;

private:
    void handleOpenAi(http::HttpExchange *exchange, api::OpenAiEndpoint endpoint);
    void handleMessages(http::HttpExchange *exchange);
    void handleResponses(http::HttpExchange *exchange);
    /// The APIs whose codec validates by decoding (Messages, Responses): the decoded request
    /// is kept in the context, so nothing decodes it again.
    void handleDecoded(http::HttpExchange *exchange, base::WireFormat format,
                       const base::ApiError &notAnObject);
    void handleCountTokens(http::HttpExchange *exchange);

    const services::GatewayContext &m_context;
};

} // namespace switchyard::endpoints
