#include "Gateway.h"

#include "api/OpenAiValidation.h"
#include "api/canonical/Codecs.h"
#include "base/ApiError.h"
#include "base/RequestId.h"
#include "base/WireFormat.h"
#include "cache/CacheKey.h"
#include "cache/CachePolicy.h"
#include "cache/Replay.h"
#include "cache/ResponseCache.h"
#include "core/DynamicProviders.h"
#include "core/EventStream.h"
#include "core/GatewayKeys.h"
#include "core/SecurityGate.h"
#include "cost/BudgetTracker.h"
#include "cost/CostCalculator.h"
#include "cost/PriceTable.h"
#include "http/HttpExchange.h"
#include "http/HttpServer.h"
#include "http/Router.h"
#include "providers/HealthChecker.h"
#include "providers/ModelCatalog.h"
#include "proxy/ProxyCall.h"
#include "routing/RequestFeatures.h"
#include "routing/RoutingEngine.h"
#include "routing/SystemClock.h"
#include "routing/SystemRandom.h"
#include "routing/TokenEstimator.h"
#include "store/LogReader.h"
#include "store/RequestLogWriter.h"
#include "telemetry/ProcessStats.h"
#include "telemetry/VramMonitor.h"
#include "upstream/UpstreamClient.h"
#include "upstream/UpstreamTransfer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcGateway, "switchyard.gateway")
// Off by default (one line per request costs ~20 % of throughput on a busy gateway); turn on
// with QT_LOGGING_RULES="switchyard.access.info=true".
Q_LOGGING_CATEGORY(lcAccess, "switchyard.access", QtWarningMsg)

namespace switchyard::core {

namespace {
const QByteArray kJson = QByteArrayLiteral("application/json");
}

Gateway::Gateway(config::Config config, QObject *parent)
    : QObject(parent), m_config(std::move(config))
{
    qRegisterMetaType<base::RequestRecord>();
    qRegisterMetaType<QList<base::RequestRecord>>();
    m_router = std::make_unique<http::Router>(
        [this](http::HttpExchange *exchange, const base::ApiError &error) {
            sendError(exchange, error);
        });
    m_router->add("GET", "/health", [this](http::HttpExchange *e) { handleHealth(e); });
    m_router->add("HEAD", "/", [](http::HttpExchange *e) { e->respond(200, QByteArray()); });
    // Clients differ on whether the base URL ends in /v1; serve both spellings.
    for (const QByteArray &prefix : { QByteArrayLiteral("/v1"), QByteArray() }) {
        m_router->add("POST", prefix + "/chat/completions", [this](http::HttpExchange *e) {
            handleProxy(e, api::OpenAiEndpoint::ChatCompletions);
        });
        m_router->add("POST", prefix + "/completions", [this](http::HttpExchange *e) {
            handleProxy(e, api::OpenAiEndpoint::Completions);
        });
        m_router->add("POST", prefix + "/embeddings", [this](http::HttpExchange *e) {
            handleProxy(e, api::OpenAiEndpoint::Embeddings);
        });
        m_router->add("POST", prefix + "/messages",
                      [this](http::HttpExchange *e) { handleMessages(e); });
        m_router->add("POST", prefix + "/responses",
                      [this](http::HttpExchange *e) { handleResponses(e); });
        m_router->addPrefix("POST", prefix + "/models/",
                            [this](http::HttpExchange *e) { handleModelLoad(e); });
        m_router->add("POST", prefix + "/messages/count_tokens",
                      [this](http::HttpExchange *e) { handleCountTokens(e); });
        m_router->add("GET", prefix + "/models",
                      [this](http::HttpExchange *e) { handleListModels(e); });
        m_router->addPrefix("GET", prefix + "/models/",
                            [this](http::HttpExchange *e) { handleRetrieveModel(e); });
    }
    m_router->add("GET", "/metrics", [this](http::HttpExchange *e) { handleMetrics(e); });
    m_events = new EventStream(this);
    m_router->add("GET", "/v1/switchyard/events",
                  [this](http::HttpExchange *e) { m_events->subscribe(e); });
    m_router->add("GET", "/health/vram", [this](http::HttpExchange *e) {
        sendJson(e, 200,
                 m_vram ? QJsonDocument(m_vram->toJson()).toJson(QJsonDocument::Compact)
                        : QByteArrayLiteral("{\"gpu\":\"none\"}"));
    });
    m_router->add("GET", "/health/providers",
                  [this](http::HttpExchange *e) { handleHealthProviders(e); });
    m_router->add("POST", "/v1/switchyard/route",
                  [this](http::HttpExchange *e) { handleRouteDryRun(e); });
    m_router->add("POST", "/v1/switchyard/providers/register",
                  [this](http::HttpExchange *e) { handleRegisterProvider(e); });
    m_router->addPrefix("GET", "/v1/switchyard/providers/",
                        [this](http::HttpExchange *e) { handleLoadedModels(e); });
    m_catalog = std::make_unique<providers::ModelCatalog>(m_config);
    m_cache = std::make_unique<cache::ResponseCache>(m_config.gateway.cache);
    m_keys = new GatewayKeys(this);
    m_gate = new SecurityGate(this);
    m_gate->configure(m_config);
    auto prices = cost::PriceTable::loadBundled();
    if (!prices)
        qCWarning(lcGateway).noquote() << "no bundled price table:" << prices.error().message;
    m_prices = std::make_unique<cost::PriceTable>(prices ? std::move(*prices) : cost::PriceTable());
    routing::BreakerSettings breaker;
    breaker.consecutiveFailures = m_config.gateway.breakerFailures;
    breaker.cooldownMs = m_config.gateway.breakerCooldownMs;
    m_engine = std::make_unique<routing::RoutingEngine>(std::make_unique<routing::SystemClock>(),
                                                        std::make_unique<routing::SystemRandom>(),
                                                        breaker);
    m_engine->setConfig(m_config);
    m_dynamic = new DynamicProviders(
        m_config, *m_engine, [this] { m_engine->setConfig(m_config); }, this);
    // Records leave the gateway thread in batches: one queued signal (and one wake-up of the
    // receiving thread) per 100 ms, not per request.
    m_recordFlush.setSingleShot(true);
    m_recordFlush.setInterval(100);
    connect(&m_recordFlush, &QTimer::timeout, this, &Gateway::flushRecords);
    qRegisterMetaType<telemetry::LiveSnapshot>();
    m_liveTimer.setInterval(1000);
    connect(&m_liveTimer, &QTimer::timeout, this, &Gateway::emitLiveSnapshot);
    m_graceTimer.setSingleShot(true);
    connect(&m_graceTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcGateway) << "grace period over with" << inFlight()
                             << "request(s) still in flight; closing them";
        if (!m_stopped) {
            m_stopped = true;
            Q_EMIT stopped();
        }
    });
}

void Gateway::flushRecords()
{
    if (m_completed.isEmpty())
        return;
    if (m_events)
        m_events->publish(m_completed);
    if (m_services.logWriter)
        m_services.logWriter->enqueue(m_completed);
    Q_EMIT requestsCompleted(std::exchange(m_completed, {}));
}

Gateway::~Gateway()
{
    flushRecords(); // the last requests still reach the request log
    // Order matters: connections and their calls go before the upstream client they use.
    delete m_server;
    qDeleteAll(findChildren<proxy::ProxyCall *>(QString(), Qt::FindDirectChildrenOnly));
    delete m_healthChecker;
    delete m_upstream;
}

Result<quint16> Gateway::start()
{
    m_uptime.start();
    m_liveTimer.start();
    rebuildBudgets();
    m_keys->configure(m_config);
    m_upstream = new upstream::UpstreamClient(this);
    auto *checker = new providers::HealthChecker(m_config, m_upstream, m_engine->health(), this);
    connect(checker, &providers::HealthChecker::modelsDiscovered, this,
            [this](const QString &provider, const QStringList &models) {
                if (const config::ProviderConfig *p = m_config.provider(provider);
                    p && p->discoverModels)
                    m_catalog->setDiscovered(provider, models);
            });
    checker->start(m_config.gateway.healthCheckIntervalMs, m_config.gateway.healthCheckTimeoutMs);
    telemetry::VramSettings vram;
    vram.intervalMs = m_config.gateway.vramIntervalMs;
    m_vram = new telemetry::VramMonitor(vram, this);
    m_vram->setUpstreamClient(m_upstream);
    m_vram->setProviders(m_config.providers);
    connect(m_vram, &telemetry::VramMonitor::sampled, this, &Gateway::vramSampled);
    m_vram->start();
    m_healthChecker = checker;
    const QString &host = m_config.gateway.host;
    const QHostAddress address
        = host == u"localhost"_s ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
    if (!address.isLoopback() && !m_config.gateway.security.requireTokens)
        return Error { ErrorCode::InvalidArgument,
                       u"refusing to listen on %1 without access tokens: anyone on the network "
                       "could spend your API keys. Set gateway.security.require_tokens to true "
                       "and create a token with `switchyard tokens create NAME`, or listen on "
                       "127.0.0.1."_s.arg(host) };
    m_server = new http::HttpServer(
        m_config.gateway.limits, [this](http::HttpExchange *e) { handle(e); }, this);
    auto port = m_server->listen(address, m_config.gateway.port);
    if (!port)
        return port.error();
    qCInfo(lcGateway).noquote() << "listening on"
                                << u"http://%1:%2"_s
                                       .arg(address.protocol() == QAbstractSocket::IPv6Protocol
                                                ? u'[' + host + u']'
                                                : host)
                                       .arg(*port);
    return *port;
}

void Gateway::shutdown(int graceMs)
{
    if (!m_server) {
        m_stopped = true;
        Q_EMIT stopped();
        return;
    }
    connect(m_server, &http::HttpServer::drained, this, [this] {
        m_graceTimer.stop();
        if (!m_stopped) {
            m_stopped = true;
            Q_EMIT stopped();
        }
    });
    if (m_server->inFlight() > 0)
        qCInfo(lcGateway) << "waiting up to" << graceMs << "ms for" << m_server->inFlight()
                          << "request(s) in flight";
    m_graceTimer.start(graceMs);
    m_liveTimer.stop();
    m_events->closeAll(); // endless streams would hold the drain for the whole grace period
    m_server->stopAccepting();
}

QStringList Gateway::applyConfig(config::Config next)
{
    QStringList restartNeeded;
    if (next.gateway.host != m_config.gateway.host)
        restartNeeded.append(u"gateway.host"_s);
    if (next.gateway.port != m_config.gateway.port)
        restartNeeded.append(u"gateway.port"_s);
    if (next.gateway.limits != m_config.gateway.limits)
        restartNeeded.append(u"gateway.limits"_s);
    if (next.gateway.log != m_config.gateway.log)
        restartNeeded.append(u"gateway.log"_s);
    if (next.gateway.vramIntervalMs != m_config.gateway.vramIntervalMs)
        restartNeeded.append(u"gateway.telemetry"_s);
    next.gateway.host = m_config.gateway.host;
    next.gateway.port = m_config.gateway.port;
    next.gateway.limits = m_config.gateway.limits;
    // Providers that registered over HTTP are not in the file; they stay until they time out.
    for (const config::ProviderConfig &provider : std::as_const(m_config.providers)) {
        if (m_dynamic && m_dynamic->isDynamic(provider.name) && !next.provider(provider.name))
            next.providers.append(provider);
    }
    const bool checksChanged
        = next.gateway.healthCheckIntervalMs != m_config.gateway.healthCheckIntervalMs
        || next.gateway.healthCheckTimeoutMs != m_config.gateway.healthCheckTimeoutMs;
    // In place: the catalog, the health checker and in-flight calls hold references to it and
    // look providers up by name for each attempt.
    const bool budgetsChanged = next.budgets != m_config.budgets;
    m_config = std::move(next);
    m_engine->setConfig(m_config);
    m_cache->setLimits(m_config.gateway.cache);
    if (budgetsChanged)
        rebuildBudgets();
    m_keys->configure(m_config);
    m_gate->configure(m_config);
    if (m_vram)
        m_vram->setProviders(m_config.providers);
    if (auto *checker = qobject_cast<providers::HealthChecker *>(m_healthChecker.data());
        checker && checksChanged) {
        checker->stop();
        checker->start(m_config.gateway.healthCheckIntervalMs,
                       m_config.gateway.healthCheckTimeoutMs);
    }
    qCInfo(lcGateway).noquote() << u"configuration applied: %1 provider(s), %2 route(s)%3"_s.arg(
        QString::number(m_config.providers.size()), QString::number(m_config.routes.size()),
        restartNeeded.isEmpty() ? QString()
                                : u"; restart to apply "_s + restartNeeded.join(u", "_s));
    Q_EMIT configApplied();
    return restartNeeded;
}

quint16 Gateway::port() const
{
    return m_server ? m_server->port() : 0;
}

int Gateway::inFlight() const
{
    return m_server ? m_server->inFlight() : 0;
}

void Gateway::handle(http::HttpExchange *exchange)
{
    exchange->addResponseHeader(
        QByteArrayLiteral("x-request-id"),
        base::RequestId::fromClientOrNew(exchange->request().header("x-request-id")));
    if (!m_gate->admit(exchange))
        return;
    m_router->dispatch(exchange);
}

void Gateway::sendJson(http::HttpExchange *exchange, int status, const QByteArray &json)
{
    exchange->respond(status, json, { { QByteArrayLiteral("Content-Type"), kJson } });
}

void Gateway::sendError(http::HttpExchange *exchange, const base::ApiError &error)
{
    sendJson(exchange, error.status, error.toOpenAiJson());
}

void Gateway::handleHealth(http::HttpExchange *exchange)
{
    const routing::HealthSnapshot health = m_engine->health().snapshot();
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
        { u"uptime_s"_s, double(m_uptime.elapsed() / 1000) },
        { u"providers"_s, total },
        { u"providers_healthy"_s, healthy },
        { u"providers_unhealthy"_s, total - healthy },
    };
    // Still 200 when degraded: the gateway itself answers; the body says how well.
    sendJson(exchange, 200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void Gateway::handleHealthProviders(http::HttpExchange *exchange)
{
    sendJson(exchange, 200,
             QJsonDocument(m_engine->health().snapshot().toJson()).toJson(QJsonDocument::Compact));
}

} // namespace switchyard::core

namespace switchyard::core {

std::variant<routing::RoutingDecision, base::ApiError>
Gateway::decide(const routing::RequestFeatures &features)
{
    if (auto choice = m_engine->chooseRoute(features)) {
        auto decision = m_engine->decide(*choice, features);
        if (!decision)
            return base::ApiError::internal(decision.error().message);
        return std::move(*decision);
    }
    auto resolved = m_catalog->resolve(features.model);
    if (auto *resolution = std::get_if<providers::Resolution>(&resolved)) {
        const providers::Target &target = resolution->targets.first();
        if (m_dynamic && m_dynamic->isStale(target.provider->name))
            return base::ApiError::unavailable(
                u"The provider '%1' stopped sending heartbeats; it is skipped until it registers again."_s
                    .arg(target.provider->name));
        return m_engine->direct(target.id(), features);
    }
    if (m_config.defaultRoute()) {
        auto decision = m_engine->decide(
            { u"default"_s, u"no route or provider model is called '%1'"_s.arg(features.model) },
            features);
        if (decision)
            return std::move(*decision);
    }
    return std::get<base::ApiError>(resolved);
}

void Gateway::handleProxy(http::HttpExchange *exchange, api::OpenAiEndpoint endpoint)
{
    auto parsed = api::parseOpenAiRequest(endpoint, exchange->request().body);
    if (auto *error = std::get_if<base::ApiError>(&parsed)) {
        sendError(exchange, *error);
        return;
    }
    const base::WireFormat format = endpoint == api::OpenAiEndpoint::ChatCompletions
        ? base::WireFormat::OpenAiChat
        : endpoint == api::OpenAiEndpoint::Completions ? base::WireFormat::OpenAiCompletions
                                                       : base::WireFormat::OpenAiEmbeddings;
    proxy(exchange, int(format), std::move(std::get<api::ParsedRequest>(parsed)));
}

void Gateway::proxy(http::HttpExchange *exchange, int inboundFormat, api::ParsedRequest request)
{
    const auto format = base::WireFormat(inboundFormat);
    const bool anthropic = format == base::WireFormat::AnthropicMessages;
    auto errorSink = [this, anthropic](http::HttpExchange *e, const base::ApiError &error) {
        if (anthropic)
            sendAnthropicError(e, error);
        else
            sendError(e, error);
    };
    auto decision = decide(
        routing::RequestFeatures::fromRequest(request.object, exchange->request().headers));
    if (auto *error = std::get_if<base::ApiError>(&decision)) {
        errorSink(exchange, *error);
        return;
    }
    auto &routed = std::get<routing::RoutingDecision>(decision);
    if (!m_gate->admitTarget(exchange, routed.route, routed.requestedModel))
        return;
    if (!admitByBudget(exchange, routed, errorSink))
        return;
    const config::RouteConfig *route
        = routed.route.isEmpty() ? nullptr : m_config.route(routed.route);
    proxy::ProxyCall::CacheSlot cacheSlot;
    if (route && route->cache.enabled && !cache::CachePolicy::bypass(exchange->request().headers)) {
        QByteArray key = cache::CacheKey::compute(format, base::endpointName(format),
                                                  exchange->request().body, route->model);
        if (!key.isEmpty()) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (std::optional<cache::CacheEntry> hit = m_cache->lookup(key, now)) {
                m_metrics.observeCacheLookup(true);
                replayCached(exchange, format, routed, *hit);
                return;
            }
            m_metrics.observeCacheLookup(false);
            cacheSlot = { m_cache.get(), std::move(key), route->cache.ttlSeconds };
        }
    }
    const bool logBodies = route && route->logBodies;
    QPointer<http::HttpExchange> guard(exchange);
    auto start = [this, guard, format, request = std::move(request), routed, errorSink,
                  cacheSlot = std::move(cacheSlot), logBodies]() mutable {
        if (!guard || m_stopped)
            return;
        auto *call = new proxy::ProxyCall(guard, m_upstream, m_engine.get(), &m_config, format,
                                          std::move(request), std::move(routed), errorSink, this);
        call->setRecordSink([this](const base::RequestRecord &record) { recordCompleted(record); });
        if (cacheSlot.responses)
            call->setCache(std::move(cacheSlot));
        call->setLogBodies(logBodies);
        call->setConcurrencyLimiter(m_gate->limiter());
        call->start();
    };
    // Keychain keys are read in the background; the first request waits for its key.
    m_keys->whenReady(m_config, routed, exchange, std::move(start));
}

void Gateway::sendAnthropicError(http::HttpExchange *exchange, const base::ApiError &error)
{
    exchange->respond(error.status, error.toAnthropicJson(),
                      { { QByteArrayLiteral("Content-Type"), kJson } });
}

void Gateway::handleRouteDryRun(http::HttpExchange *exchange)
{
    auto parsed
        = api::parseOpenAiRequest(api::OpenAiEndpoint::ChatCompletions, exchange->request().body);
    if (auto *error = std::get_if<base::ApiError>(&parsed)) {
        sendError(exchange, *error);
        return;
    }
    auto decision = decide(routing::RequestFeatures::fromRequest(
        std::get<api::ParsedRequest>(parsed).object, exchange->request().headers));
    if (auto *error = std::get_if<base::ApiError>(&decision)) {
        sendError(exchange, *error);
        return;
    }
    const auto &d = std::get<routing::RoutingDecision>(decision);
    QJsonObject body = d.toJson();
    body.insert(u"summary"_s, d.summary());
    sendJson(exchange, 200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

} // namespace switchyard::core

namespace switchyard::core {

void Gateway::handleRegisterProvider(http::HttpExchange *exchange)
{
    // Programs on this machine, or peers holding an access token, may add providers.
    if (!exchange->request().peerAddress.isLoopback()
        && exchange->property("switchyard.token").toString().isEmpty()) {
        sendError(exchange,
                  { 403,
                    u"permission_error"_s,
                    u"Providers can only be registered from this machine."_s,
                    {},
                    u"forbidden"_s });
        return;
    }
    auto result = m_dynamic->registerProvider(exchange->request().body);
    if (auto *error = std::get_if<base::ApiError>(&result)) {
        sendError(exchange, *error);
        return;
    }
    const auto &registered = std::get<DynamicProviders::Registered>(result);
    const QJsonObject body { { u"name"_s, registered.name },
                             { u"status"_s, registered.isNew ? u"registered"_s : u"refreshed"_s },
                             { u"ttl_s"_s, registered.ttlS } };
    sendJson(exchange, registered.isNew ? 201 : 200,
             QJsonDocument(body).toJson(QJsonDocument::Compact));
}

} // namespace switchyard::core
