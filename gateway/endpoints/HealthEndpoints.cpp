#include "HealthEndpoints.h"

#include "cache/ResponseCache.h"
#include "http/HttpExchange.h"
#include "http/Router.h"
#include "routing/RoutingEngine.h"
#include "services/Accounting.h"
#include "services/GatewayContext.h"
#include "store/RequestLogWriter.h"
#include "telemetry/ProcessStats.h"
#include "telemetry/VramMonitor.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::endpoints {

HealthEndpoints::HealthEndpoints(const services::GatewayContext &context) : m_context(context) { }

void HealthEndpoints::addRoutes(http::Router &router)
{
    router.add("GET", "/health", [this](http::HttpExchange *e) { handleHealth(e); });
    router.add("HEAD", "/", [](http::HttpExchange *e) { e->respond(200, QByteArray()); });
    router.add("GET", "/metrics", [this](http::HttpExchange *e) { handleMetrics(e); });
    router.add("GET", "/health/vram", [this](http::HttpExchange *e) { handleVram(e); });
    router.add("GET", "/health/providers", [this](http::HttpExchange *e) { handleProviders(e); });
}

void HealthEndpoints::handleHealth(http::HttpExchange *exchange)
{
    const routing::HealthSnapshot health = m_context.engine->health().snapshot();
    int healthy = 0;
    for (const auto &provider : health.providers) {
        if (provider.state == routing::HealthState::Healthy
            || provider.state == routing::HealthState::Degraded)
            ++healthy;
    }
    const int total = int(health.providers.size());
    const QJsonObject body {
        { u"status"_s,
          health.overall == routing::HealthState::Healthy
              ? u"ok"_s
              : routing::healthStateName(health.overall) },
        { u"health"_s, routing::healthStateName(health.overall) },
        { u"version"_s, QStringLiteral(SWITCHYARD_VERSION) },
        { u"uptime_s"_s, double(m_context.uptime.elapsed() / 1000) },
        { u"providers"_s, total },
        { u"providers_healthy"_s, healthy },
        { u"providers_unhealthy"_s, total - healthy },
    };
    // Still 200 when degraded: the gateway itself answers; the body says how well.
    exchange->respondJson(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void HealthEndpoints::handleProviders(http::HttpExchange *exchange)
{
    exchange->respondJson(200,
                          QJsonDocument(m_context.engine->health().snapshot().toJson())
                              .toJson(QJsonDocument::Compact));
}

void HealthEndpoints::handleVram(http::HttpExchange *exchange)
{
    exchange->respondJson(
        200,
        m_context.vram ? QJsonDocument(m_context.vram->toJson()).toJson(QJsonDocument::Compact)
                       : QByteArrayLiteral("{\"gpu\":\"none\"}"));
}

void HealthEndpoints::handleMetrics(http::HttpExchange *exchange)
{
    telemetry::MetricsGauges gauges;
    gauges.inFlight = m_context.inFlight ? m_context.inFlight() : 0;
    gauges.residentBytes = telemetry::residentMemoryBytes();
    gauges.uptimeSeconds = double(m_context.uptime.elapsed()) / 1000.0;
    if (const store::RequestLogWriter *writer = m_context.accounting->services().logWriter) {
        gauges.logRowsWritten = writer->writtenRows();
        gauges.logRowsDropped = writer->droppedRows();
        gauges.logQueueDepth = writer->queueDepth();
    }
    gauges.budgets = m_context.accounting->budgetGauges();
    if (const auto sample = m_context.vram ? m_context.vram->latest() : std::nullopt) {
        for (const telemetry::GpuInfo &gpu : sample->gpus)
            gauges.gpus.append(
                { QString::number(gpu.index), gpu.name, gpu.totalBytes, gpu.usedBytes });
    }
    const cache::CacheStats cacheStats = m_context.cache->stats();
    gauges.cacheEntries = cacheStats.entries;
    gauges.cacheBytes = cacheStats.bytes;
    for (const routing::ProviderHealth &provider :
         m_context.engine->health().snapshot().providers) {
        for (const routing::TargetHealth &target : provider.targets)
            gauges.breakers.append({ target.id,
                                     target.breaker == routing::BreakerState::Closed         ? 0
                                         : target.breaker == routing::BreakerState::HalfOpen ? 1
                                                                                             : 2 });
    }
    exchange->respond(200, m_context.accounting->metrics().render(gauges),
                      { { QByteArrayLiteral("Content-Type"),
                          QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8") } });
}

} // namespace switchyard::endpoints
