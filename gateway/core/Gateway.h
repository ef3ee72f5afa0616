#pragma once

#include "base/ApiError.h"
#include "base/RequestRecord.h"
#include "base/Result.h"
#include "config/Config.h"
#include "providers/ProviderOperations.h"
#include "routing/HealthSnapshot.h"
#include "routing/RoutingDecision.h"
#include "services/GatewayContext.h"
#include "services/GatewayServices.h"
#include "telemetry/LiveStats.h"
#include "telemetry/VramSample.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <variant>

namespace switchyard::http {
class HttpExchange;
class HttpServer;
class Router;
} // namespace switchyard::http
namespace switchyard::endpoints {
class EndpointGroup;
}
namespace switchyard::providers {
class HealthChecker;
}
namespace switchyard::services {
class CatalogResolver;
}

namespace switchyard::core {

/// The gateway engine: composes the shared services (services::GatewayContext), the endpoint
/// groups and the HTTP server, and owns them all. Lives in the gateway thread.
class Gateway final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Gateway)

public:
    explicit Gateway(config::Config config, QObject *parent = nullptr);
    ~Gateway() override;

    /// Call before start().
    void setServices(const services::GatewayServices &services);
    /// Binds the configured host and port; returns the port actually bound.
    Result<quint16> start();
    /// Stops accepting, lets in-flight requests finish for up to \a graceMs, then emits stopped().
    void shutdown(int graceMs);

    /// Hot reload: the new config takes effect for every request that starts from now on;
    /// requests in flight finish with the targets they were given. Listening address, port and
    /// HTTP limits need a restart: they keep their running values and are named in the result.
    QStringList applyConfig(config::Config config);
    const config::Config &config() const { return m_config; }

    /// Where a chat request with \a body would be routed, without sending it.
    std::variant<routing::RoutingDecision, base::ApiError>
    routeDryRun(const QByteArray &body) const;
    /// Probes provider \a name with the health checker's request and the gateway's own keys
    /// (keychain keys are read first if needed); \a done runs once in the gateway thread.
    void testProvider(const QString &name, int timeoutMs,
                      std::function<void(const providers::ProbeResult &)> done);
    using ModelList = std::variant<QStringList, base::ApiError>;
    /// The models provider \a name offers now; \a done runs once in the gateway thread.
    void discoverModels(const QString &name, std::function<void(const ModelList &)> done);
    /// Every provider's and target's health as routing sees it now.
    routing::HealthSnapshot health() const;

    quint16 port() const;
    int inFlight() const;

Q_SIGNALS:
    void stopped();
    void configApplied();
    /// A budget crossed its warning threshold or its limit (for the log and the tray).
    void budgetWarning(const QString &message, bool exceeded);
    /// Every VRAM sample (default every 2 s) for the charts.
    void vramSampled(const switchyard::telemetry::VramSample &sample);
    /// Proxied requests that are over (for the request log and live views), in order, batched
    /// at most every 100 ms.
    void requestsCompleted(const QList<switchyard::base::RequestRecord> &records);
    /// Once a second: rates, percentiles and spend for the dashboard.
    void liveSnapshot(const switchyard::telemetry::LiveSnapshot &snapshot);
    /// Once a second: provider and target health (breakers, latency, availability).
    void healthSnapshot(const switchyard::routing::HealthSnapshot &snapshot);

private:
    void handle(http::HttpExchange *exchange);
    void finishStop();

    config::Config m_config;
    services::GatewayContext m_context;
    QPointer<http::HttpServer> m_server;
    std::unique_ptr<http::Router> m_router;
    std::unique_ptr<providers::ModelCatalog> m_catalog;
    std::unique_ptr<cache::ResponseCache> m_cache;
    std::unique_ptr<routing::RoutingEngine> m_engine;
    std::unique_ptr<services::CatalogResolver> m_resolver;
    std::vector<std::unique_ptr<endpoints::EndpointGroup>> m_endpoints;
    QPointer<providers::HealthChecker> m_healthChecker;
    QTimer m_graceTimer;
    QTimer m_healthTimer;
    bool m_stopped = false;
};

} // namespace switchyard::core
