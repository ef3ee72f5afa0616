#pragma once

#include "base/RequestRecord.h"
#include "base/Result.h"
#include "config/Config.h"
#include "core/GatewayServices.h"
#include "telemetry/GatewayMetrics.h"
#include "telemetry/LiveStats.h"
#include "telemetry/VramSample.h"

#include <QDate>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>
#include <variant>

namespace switchyard::base {
struct ApiError;
enum class WireFormat;
} // namespace switchyard::base

namespace switchyard::http {
class HttpExchange;
class HttpServer;
class Router;
} // namespace switchyard::http

namespace switchyard::api {
struct ParsedRequest;
enum class OpenAiEndpoint;
} // namespace switchyard::api

namespace switchyard::providers {
class ModelCatalog;
}

namespace switchyard::telemetry {
class VramMonitor;
}

namespace switchyard::cost {
class BudgetTracker;
class PriceTable;
} // namespace switchyard::cost

namespace switchyard::cache {
class ResponseCache;
struct CacheEntry;
} // namespace switchyard::cache

namespace switchyard::upstream {
class UpstreamClient;
}

namespace switchyard::routing {
class RoutingEngine;
struct RoutingDecision;
struct RequestFeatures;
} // namespace switchyard::routing

namespace switchyard::core {

/// The gateway engine. Lives in the gateway thread with everything it owns.
class Gateway final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Gateway)

public:
    explicit Gateway(config::Config config, QObject *parent = nullptr);
    ~Gateway() override;

    /// Call before start().
    void setServices(const GatewayServices &services) { m_services = services; }
    /// Binds the configured host and port; returns the port actually bound.
    Result<quint16> start();
    /// Stops accepting, lets in-flight requests finish for up to \a graceMs, then emits stopped().
    void shutdown(int graceMs);

    /// Hot reload: the new config takes effect for every request that starts from now on;
    /// requests in flight finish with the targets they were given. Listening address, port and
    /// HTTP limits need a restart: they keep their running values and are named in the result.
    QStringList applyConfig(config::Config config);
    const config::Config &config() const { return m_config; }

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

private:
    void flushRecords();
    void handle(http::HttpExchange *exchange);
    void sendError(http::HttpExchange *exchange, const base::ApiError &error);
    void sendJson(http::HttpExchange *exchange, int status, const QByteArray &json);
    void handleHealth(http::HttpExchange *exchange);
    void handleMetrics(http::HttpExchange *exchange);
    /// Called for every finished proxied request, in the gateway thread.
    void recordCompleted(const base::RequestRecord &record);
    void emitLiveSnapshot();
    /// Budgets from the config, their spend so far read back from the request log.
    void rebuildBudgets();
    /// 429 budget_exceeded when a blocking budget covers the request; trims attempts to
    /// providers whose own budget blocks. True when the request may go on.
    bool admitByBudget(
        http::HttpExchange *exchange, routing::RoutingDecision &decision,
        const std::function<void(http::HttpExchange *, const base::ApiError &)> &errorSink);
    void handleProxy(http::HttpExchange *exchange, api::OpenAiEndpoint endpoint);
    void handleMessages(http::HttpExchange *exchange);
    void handleResponses(http::HttpExchange *exchange);
    void handleModelLoad(http::HttpExchange *exchange);
    void handleLoadedModels(http::HttpExchange *exchange);
    void handleCountTokens(http::HttpExchange *exchange);
    void sendAnthropicError(http::HttpExchange *exchange, const base::ApiError &error);
    /// Runs a validated request through routing and the proxy.
    void proxy(http::HttpExchange *exchange, int inboundFormat, api::ParsedRequest request);
    /// Answers from the response cache as the upstream answered then (stream or not).
    void replayCached(http::HttpExchange *exchange, base::WireFormat format,
                      const routing::RoutingDecision &decision, const cache::CacheEntry &entry);
    void handleListModels(http::HttpExchange *exchange);
    void handleRetrieveModel(http::HttpExchange *exchange);
    void handleHealthProviders(http::HttpExchange *exchange);
    void handleRouteDryRun(http::HttpExchange *exchange);
    void handleRegisterProvider(http::HttpExchange *exchange);
    /// Where a request for \a features goes: a route (rules, route name, default) or a
    /// provider model. An ApiError when nothing matches.
    std::variant<routing::RoutingDecision, base::ApiError>
    decide(const routing::RequestFeatures &features);

    config::Config m_config;
    GatewayServices m_services;
    QPointer<http::HttpServer> m_server;
    std::unique_ptr<http::Router> m_router;
    std::unique_ptr<providers::ModelCatalog> m_catalog;
    std::unique_ptr<cache::ResponseCache> m_cache;
    std::unique_ptr<cost::PriceTable> m_prices;
    std::unique_ptr<cost::BudgetTracker> m_budgets;
    double m_costToday = 0;
    double m_costMonth = 0;
    QDate m_costDay;
    QPointer<upstream::UpstreamClient> m_upstream;
    std::unique_ptr<routing::RoutingEngine> m_engine;
    QPointer<QObject> m_healthChecker;
    QPointer<class DynamicProviders> m_dynamic;
    QElapsedTimer m_uptime;
    QTimer m_graceTimer;
    QTimer m_recordFlush;
    QList<base::RequestRecord> m_completed;
    telemetry::GatewayMetrics m_metrics;
    telemetry::LiveStats m_live;
    QTimer m_liveTimer;
    QPointer<class EventStream> m_events;
    QPointer<class GatewayKeys> m_keys;
    QPointer<class SecurityGate> m_gate;
    QPointer<telemetry::VramMonitor> m_vram;
    bool m_stopped = false;
};

} // namespace switchyard::core
