#pragma once

#include "base/ApiError.h"
#include "base/HeaderList.h"
#include "endpoints/EndpointGroup.h"

#include <QByteArray>

#include <variant>

namespace switchyard::http {
class HttpExchange;
}
namespace switchyard::routing {
struct RoutingDecision;
}
namespace switchyard::services {
struct GatewayContext;
}

namespace switchyard::endpoints {

/// Switchyard's own API: the live event stream of finished requests, the routing dry run,
/// and providers registering themselves over the LAN.
class SwitchyardEndpoints final : public EndpointGroup
{
public:
    explicit SwitchyardEndpoints(const services::GatewayContext &context);

    void addRoutes(http::Router &router) override;

    /// Where a chat request with \a body and \a headers would go, without sending it: the
    /// routing decision, or the error a real request would get. For the endpoint and the UI.
    static std::variant<routing::RoutingDecision, base::ApiError>
    dryRun(const services::GatewayContext &context, const QByteArray &body,
           const base::HeaderList &headers);

private:
    void handleRouteDryRun(http::HttpExchange *exchange);
    void handleRegisterProvider(http::HttpExchange *exchange);

    const services::GatewayContext &m_context;
};

} // namespace switchyard::endpoints
