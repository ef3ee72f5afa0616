#include "RequestPipeline.h"

#include "base/WireFormat.h"
#include "cache/CacheKey.h"
#include "cache/CachePolicy.h"
#include "cache/Replay.h"
#include "cache/ResponseCache.h"
#include "config/Config.h"
#include "http/HttpExchange.h"
#include "proxy/NewRecord.h"
#include "proxy/ProxyCall.h"
#include "routing/RequestFeatures.h"
#include "routing/RoutingEngine.h"
#include "services/Accounting.h"
#include "services/GatewayContext.h"
#include "services/GatewayKeys.h"
#include "services/SecurityGate.h"
#include "upstream/UpstreamClient.h"

#include <QDateTime>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace switchyard::services {

RequestPipeline::RequestPipeline(const GatewayContext &context, QObject *parent)
    : QObject(parent), m_context(context)
{
}

RequestPipeline::~RequestPipeline()
{
    abortAll();
}

void RequestPipeline::abortAll()
{
    qDeleteAll(findChildren<proxy::ProxyCall *>(QString(), Qt::FindDirectChildrenOnly));
}

void RequestPipeline::run(http::HttpExchange *exchange, api::RequestContext request)
{
    const base::WireFormat format = request.format;
    auto decision = m_context.engine->decideRequest(
        routing::RequestFeatures::fromRequest(request.object, exchange->request().headers));
    if (auto *error = std::get_if<base::ApiError>(&decision)) {
        exchange->respondError(*error, format);
        return;
    }
    auto &routed = std::get<routing::RoutingDecision>(decision);
    if (!m_context.gate->admitTarget(exchange, routed.route, routed.requestedModel))
        return;
    if (!m_context.accounting->admitByBudget(exchange, routed, format))
        return;
    const config::Config &config = *m_context.config;
    const config::RouteConfig *route
        = routed.route.isEmpty() ? nullptr : config.route(routed.route);
    proxy::ProxyCall::CacheSlot cacheSlot;
    if (route && route->cache.enabled && !cache::CachePolicy::bypass(exchange->request().headers)) {
        QByteArray key = cache::CacheKey::compute(format, base::endpointName(format),
                                                  request.object, route->model);
        if (!key.isEmpty()) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (std::optional<cache::CacheEntry> hit = m_context.cache->lookup(key, now)) {
                m_context.accounting->metrics().observeCacheLookup(true);
                replayCached(exchange, format, routed, *hit);
                return;
            }
            m_context.accounting->metrics().observeCacheLookup(false);
            cacheSlot = { m_context.cache, std::move(key), route->cache.ttlSeconds };
        }
    }
    const bool logBodies = route && route->logBodies;
    QPointer<http::HttpExchange> guard(exchange);
    auto start = [this, guard, request = std::move(request), routed,
                  cacheSlot = std::move(cacheSlot), logBodies]() mutable {
        if (!guard || m_stopping)
            return;
        auto *call
            = new proxy::ProxyCall(guard, m_context.upstream, m_context.engine, m_context.config,
                                   std::move(request), std::move(routed), this);
        call->setRecordSink([accounting = m_context.accounting](const base::RequestRecord &record) {
            accounting->recordCompleted(record);
        });
        if (cacheSlot.responses)
            call->setCache(std::move(cacheSlot));
        call->setLogBodies(logBodies);
        call->setConcurrencyLimiter(m_context.gate->limiter());
        call->start();
    };
    // Keychain keys are read in the background; the first request waits for its key.
    m_context.keys->whenReady(config, routed, exchange, std::move(start));
}

void RequestPipeline::replayCached(http::HttpExchange *exchange, base::WireFormat format,
                                   const routing::RoutingDecision &decision,
                                   const cache::CacheEntry &entry)
{
    QElapsedTimer clock;
    clock.start();
    const cache::Replay replay(entry);
    base::HeaderList headers = replay.headers();
    if (!decision.route.isEmpty())
        headers.append({ QByteArrayLiteral("x-switchyard-route"), decision.route.toUtf8() });
    base::RequestRecord record = proxy::newRecord(*exchange, format, decision);
    record.provider = entry.provider;
    record.model = entry.model;
    record.stream = replay.isStream();
    record.status = replay.status();
    record.cacheHit = true;
    record.costKnown = true; // a hit costs nothing
    record.bytesIn = exchange->request().body.size();
    if (replay.isStream()) {
        headers.append({ QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache") });
        headers.append({ QByteArrayLiteral("X-Accel-Buffering"), QByteArrayLiteral("no") });
        exchange->beginStream(replay.status(), headers);
        record.ttftMs = clock.elapsed();
        for (const QByteArray &event : replay.events()) {
            exchange->writeChunk(event);
            record.bytesOut += event.size();
        }
        exchange->endStream();
    } else {
        exchange->respond(replay.status(), replay.body(), headers);
        record.bytesOut = replay.body().size();
    }
    record.latencyMs = clock.elapsed();
    m_context.accounting->recordCompleted(record);
}

} // namespace switchyard::services
