#pragma once

#include "api/RequestContext.h"

#include <QObject>

namespace switchyard::cache {
struct CacheEntry;
}
namespace switchyard::http {
class HttpExchange;
}
namespace switchyard::routing {
struct RoutingDecision;
}

namespace switchyard::services {

struct GatewayContext;

/// What every proxied request goes through once its endpoint parsed and validated it:
/// routing, the token's route/model rights, budgets, the response cache, the keychain keys it
/// needs, then a proxy::ProxyCall. Errors reach the client in its own API's shape.
class RequestPipeline final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestPipeline)

public:
    RequestPipeline(const GatewayContext &context, QObject *parent);
    ~RequestPipeline() override;

    /// Runs \a request (its format is the client's API) for \a exchange.
    void run(http::HttpExchange *exchange, api::RequestContext request);
    /// From now on requests that were waiting (for a key) are dropped: the gateway stops.
    void setStopping() { m_stopping = true; }
    /// Deletes the calls in flight (shutdown: before the upstream client they use goes).
    void abortAll();

private:
    /// Answers from the response cache as the upstream answered then (stream or not).
    void replayCached(http::HttpExchange *exchange, base::WireFormat format,
                      const routing::RoutingDecision &decision, const cache::CacheEntry &entry);

    const GatewayContext &m_context;
    bool m_stopping = false;
};

} // namespace switchyard::services
