#pragma once

#include "api/RequestRecord.h"
#include "config/Config.h"
#include "core/Result.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <variant>

namespace switchyard::http {
class HttpExchange;
class HttpServer;
} // namespace switchyard::http

namespace switchyard::api {
class Router;
struct ApiError;
struct ParsedRequest;
enum class OpenAiEndpoint;
} // namespace switchyard::api

namespace switchyard::providers {
class ModelCatalog;
}

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

    /// Binds the configured host and port; returns the port actually bound.
    Result<quint16> start();
    /// Stops accepting, lets in-flight requests finish for up to \a graceMs, then emits stopped().
    void shutdown(int graceMs);

    quint16 port() const;
    int inFlight() const;

Q_SIGNALS:
    void stopped();
    /// Proxied requests that are over (for the request log and live views), in order, batched
    /// at most every 100 ms.
    void requestsCompleted(const QList<switchyard::api::RequestRecord> &records);

private:
    void flushRecords();
    void handle(http::HttpExchange *exchange);
    void sendError(http::HttpExchange *exchange, const api::ApiError &error);
    void sendJson(http::HttpExchange *exchange, int status, const QByteArray &json);
    void handleHealth(http::HttpExchange *exchange);
    void handleProxy(http::HttpExchange *exchange, api::OpenAiEndpoint endpoint);
    void handleMessages(http::HttpExchange *exchange);
    void handleResponses(http::HttpExchange *exchange);
    void handleModelLoad(http::HttpExchange *exchange);
    void handleLoadedModels(http::HttpExchange *exchange);
    void handleCountTokens(http::HttpExchange *exchange);
    void sendAnthropicError(http::HttpExchange *exchange, const api::ApiError &error);
    /// Runs a validated request through routing and the proxy.
    void proxy(http::HttpExchange *exchange, int inboundFormat, api::ParsedRequest request);
    void handleListModels(http::HttpExchange *exchange);
    void handleRetrieveModel(http::HttpExchange *exchange);
    void handleHealthProviders(http::HttpExchange *exchange);
    void handleRouteDryRun(http::HttpExchange *exchange);
    void handleRegisterProvider(http::HttpExchange *exchange);
    /// Where a request for \a features goes: a route (rules, route name, default) or a
    /// provider model. An ApiError when nothing matches.
    std::variant<routing::RoutingDecision, api::ApiError>
    decide(const routing::RequestFeatures &features);

    config::Config m_config;
    QPointer<http::HttpServer> m_server;
    std::unique_ptr<api::Router> m_router;
    std::unique_ptr<providers::ModelCatalog> m_catalog;
    QPointer<upstream::UpstreamClient> m_upstream;
    std::unique_ptr<routing::RoutingEngine> m_engine;
    QPointer<QObject> m_healthChecker;
    QPointer<class DynamicProviders> m_dynamic;
    QElapsedTimer m_uptime;
    QTimer m_graceTimer;
    QTimer m_recordFlush;
    QList<api::RequestRecord> m_completed;
    bool m_stopped = false;
};

} // namespace switchyard::core
