#pragma once

#include "endpoints/EndpointGroup.h"

namespace switchyard::http {
class HttpExchange;
}
namespace switchyard::services {
struct GatewayContext;
}

namespace switchyard::endpoints {

/// How the gateway is doing: /health (liveness and a summary), /health/providers (every
/// target's breaker and latency), /health/vram, and Prometheus /metrics.
class HealthEndpoints final : public EndpointGroup
{
public:
    explicit HealthEndpoints(const services::GatewayContext &context);

    void addRoutes(http::Router &router) override;

private:
    void handleHealth(http::HttpExchange *exchange);
    void handleProviders(http::HttpExchange *exchange);
    void handleVram(http::HttpExchange *exchange);
    void handleMetrics(http::HttpExchange *exchange);

    const services::GatewayContext &m_context;
};

} // namespace switchyard::endpoints
