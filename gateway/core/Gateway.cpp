#include "Gateway.h"

#include "base/RequestId.h"
#include "cache/ResponseCache.h"
#include "endpoints/HealthEndpoints.h"
#include "endpoints/InferenceEndpoints.h"
#include "endpoints/ModelEndpoints.h"
#include "endpoints/SwitchyardEndpoints.h"
#include "http/HttpExchange.h"
#include "http/HttpServer.h"
#include "http/Router.h"
#include "providers/HealthChecker.h"
#include "providers/ModelCatalog.h"
#include "providers/ProviderAdapters.h"
#include "routing/RoutingEngine.h"
#include "routing/SystemClock.h"
#include "routing/SystemRandom.h"
#include "services/Accounting.h"
#include "services/CatalogResolver.h"
#include "services/DynamicProviders.h"
#include "services/EventStream.h"
#include "services/GatewayKeys.h"
#include "services/RequestPipeline.h"
#include "services/SecurityGate.h"
#include "telemetry/VramMonitor.h"
#include "upstream/UpstreamClient.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcGateway, "switchyard.gateway")

namespace switchyard::core {

Gateway::Gateway(config::Config config, QObject *parent)
    : QObject(parent), m_config(std::move(config))
{
    qRegisterMetaType<routing::HealthSnapshot>();
    m_catalog = std::make_unique<providers::ModelCatalog>(m_config);
    m_cache = std::make_unique<cache::ResponseCache>(m_config.gateway.cache);
    routing::BreakerSettings breaker;
    breaker.consecutiveFailures = m_config.gateway.breakerFailures;
    breaker.cooldownMs = m_config.gateway.breakerCooldownMs;
    m_engine = std::make_unique<routing::RoutingEngine>(std::make_unique<routing::SystemClock>(),
                                                        std::make_unique<routing::SystemRandom>(),
                                                        breaker);
    m_engine->setConfig(m_config);

    services::GatewayContext &c = m_context;
    c.config = &m_config;
    c.engine = m_engine.get();
    c.catalog = m_catalog.get();
    c.cache = m_cache.get();
    c.inFlight = [this] {
        return inFlight();
    };
    c.keys = new services::GatewayKeys(this);
    c.gate = new services::SecurityGate(this);
    c.gate->configure(m_config);
    c.accounting = new services::Accounting(m_config, c.inFlight, this);
    c.events = new services::EventStream(this);
    c.dynamic = new services::DynamicProviders(
        m_config, *m_engine, [this] { m_engine->setConfig(m_config); }, this);
    c.pipeline = new services::RequestPipeline(m_context, this);
    m_resolver = std::make_unique<services::CatalogResolver>(*m_catalog, c.dynamic);
    m_engine->setModelResolver(m_resolver.get());

    // A finished request counts against its access token's daily budget, and a 401/403 makes
    // the provider's keychain key be read again.
    c.accounting->setCompletionHook([this](const base::RequestRecord &record) {
        m_context.gate->completed(record);
        for (const base::AttemptRecord &attempt : std::as_const(record.attempts)) {
            if (attempt.outcome == u"401"_s || attempt.outcome == u"403"_s) {
                if (const config::ProviderConfig *p
                    = m_config.provider(attempt.target.section(u'/', 0, 0)))
                    m_context.keys->keyRejected(*p);
            }
        }
    });
    connect(c.accounting, &services::Accounting::requestsCompleted, c.events,
            &services::EventStream::publish);
    connect(c.accounting, &services::Accounting::requestsCompleted, this,
            &Gateway::requestsCompleted);
    connect(c.accounting, &services::Accounting::liveSnapshot, this, &Gateway::liveSnapshot);
    connect(c.accounting, &services::Accounting::budgetWarning, this, &Gateway::budgetWarning);

    m_router = std::make_unique<http::Router>();
    m_endpoints.push_back(std::make_unique<endpoints::HealthEndpoints>(m_context));
    m_endpoints.push_back(std::make_unique<endpoints::InferenceEndpoints>(m_context));
    m_endpoints.push_back(std::make_unique<endpoints::ModelEndpoints>(m_context));
    m_endpoints.push_back(std::make_unique<endpoints::SwitchyardEndpoints>(m_context));
    for (const auto &group : m_endpoints)
        group->addRoutes(*m_router);

    m_healthTimer.setInterval(1000);
    connect(&m_healthTimer, &QTimer::timeout, this,
            [this] { Q_EMIT healthSnapshot(m_engine->health().snapshot()); });
    m_graceTimer.setSingleShot(true);
    connect(&m_graceTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcGateway) << "grace period over with" << inFlight()
                             << "request(s) still in flight; closing them";
        finishStop();
    });
}

Gateway::~Gateway()
{
    m_context.accounting->flush(); // the last requests still reach the request log
    // Order matters: connections and their calls go before the upstream client they use.
    delete m_server;
    m_context.pipeline->abortAll();
    delete m_healthChecker;
    delete m_context.upstream;
    m_endpoints.clear();
}

void Gateway::setServices(const services::GatewayServices &services)
{
    m_context.accounting->setServices(services);
}

namespace {
QHostAddress listenAddress(const QString &host)
{
    return host == u"localhost"_s ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
}

bool isLoopbackHost(const QString &host)
{
    return listenAddress(host).isLoopback();
}
} // namespace

Result<quint16> Gateway::start()
{
    m_context.uptime.start();
    m_context.accounting->start();
    m_healthTimer.start();
    m_context.accounting->rebuildBudgets();
    m_context.keys->configure(m_config);
    m_context.upstream = new upstream::UpstreamClient(this);
    auto *checker
        = new providers::HealthChecker(m_config, m_context.upstream, m_engine->health(), this);
    connect(checker, &providers::HealthChecker::modelsDiscovered, this,
            [this](const QString &provider, const QStringList &models) {
                if (const config::ProviderConfig *p = m_config.provider(provider);
                    p && p->discoverModels)
                    m_catalog->setDiscovered(provider, models);
            });
    checker->start(m_config.gateway.healthCheckIntervalMs, m_config.gateway.healthCheckTimeoutMs);
    telemetry::VramSettings vram;
    vram.intervalMs = m_config.gateway.vramIntervalMs;
    m_context.vram = new telemetry::VramMonitor(vram, this);
    m_context.vram->setUpstreamClient(m_context.upstream);
    m_context.vram->setProviders(m_config.providers);
    connect(m_context.vram, &telemetry::VramMonitor::sampled, this, &Gateway::vramSampled);
    m_context.vram->start();
    m_healthChecker = checker;
    const QString &host = m_config.gateway.host;
    const QHostAddress address = listenAddress(host);
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

void Gateway::finishStop()
{
    m_graceTimer.stop();
    if (m_stopped)
        return;
    m_stopped = true;
    m_context.pipeline->setStopping();
    Q_EMIT stopped();
}

void Gateway::shutdown(int graceMs)
{
    if (!m_server) {
        m_stopped = true;
        m_context.pipeline->setStopping();
        Q_EMIT stopped();
        return;
    }
    connect(m_server, &http::HttpServer::drained, this, &Gateway::finishStop);
    if (m_server->inFlight() > 0)
        qCInfo(lcGateway) << "waiting up to" << graceMs << "ms for" << m_server->inFlight()
                          << "request(s) in flight";
    m_graceTimer.start(graceMs);
    m_context.accounting->stop();
    m_healthTimer.stop();
    m_context.events->closeAll(); // endless streams would hold the drain for the whole grace
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
    // A reload never weakens the start-time rule: a listener on a network address keeps
    // requiring tokens until a restart (which would then refuse to listen without them).
    if (!isLoopbackHost(m_config.gateway.host) && m_config.gateway.security.requireTokens
        && !next.gateway.security.requireTokens) {
        next.gateway.security.requireTokens = true;
        restartNeeded.append(u"gateway.security.require_tokens"_s);
        qCWarning(lcGateway).noquote()
            << "gateway.security.require_tokens stays on while listening on"
            << m_config.gateway.host << "- restart to change it (a network listener needs tokens)";
    }
    // Providers that registered over HTTP are not in the file; they stay until they time out.
    for (const config::ProviderConfig &provider : std::as_const(m_config.providers)) {
        if (m_context.dynamic->isDynamic(provider.name) && !next.provider(provider.name))
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
        m_context.accounting->rebuildBudgets();
    m_context.keys->configure(m_config);
    m_context.gate->configure(m_config);
    if (m_context.vram)
        m_context.vram->setProviders(m_config.providers);
    if (m_healthChecker && checksChanged) {
        m_healthChecker->stop();
        m_healthChecker->start(m_config.gateway.healthCheckIntervalMs,
                               m_config.gateway.healthCheckTimeoutMs);
    }
    qCInfo(lcGateway).noquote() << u"configuration applied: %1 provider(s), %2 route(s)%3"_s.arg(
        QString::number(m_config.providers.size()), QString::number(m_config.routes.size()),
        restartNeeded.isEmpty() ? QString()
                                : u"; restart to apply "_s + restartNeeded.join(u", "_s));
    Q_EMIT configApplied();
    return restartNeeded;
}

std::variant<routing::RoutingDecision, base::ApiError>
Gateway::routeDryRun(const QByteArray &body) const
{
    return endpoints::SwitchyardEndpoints::dryRun(m_context, body, {});
}

namespace {
// A plan naming only \a provider, so GatewayKeys reads the keys it needs.
routing::RoutingDecision planFor(const QString &provider)
{
    routing::RoutingDecision decision;
    routing::PlannedAttempt attempt;
    attempt.provider = provider;
    decision.attempts.append(attempt);
    return decision;
}
} // namespace

void Gateway::testProvider(const QString &name, int timeoutMs,
                           std::function<void(const providers::ProbeResult &)> done)
{
    const config::ProviderConfig *provider = m_config.provider(name);
    if (!provider || !m_context.upstream) {
        providers::ProbeResult result;
        result.error
            = provider ? u"the gateway is not running"_s : u"no provider called '%1'"_s.arg(name);
        done(result);
        return;
    }
    m_context.keys->whenReady(m_config, planFor(name), this, [this, name, timeoutMs, done] {
        const config::ProviderConfig *p = m_config.provider(name);
        if (!p) { // removed by a reload meanwhile
            providers::ProbeResult result;
            result.error = u"no provider called '%1'"_s.arg(name);
            done(result);
            return;
        }
        providers::ProviderOperations::probe(m_context.upstream,
                                             providers::adapterFor(p->kind).probeRequest(*p),
                                             timeoutMs, this, done);
    });
}

void Gateway::discoverModels(const QString &name, std::function<void(const ModelList &)> done)
{
    if (!m_config.provider(name) || !m_context.upstream) {
        done(base::ApiError::notFound(u"No provider called '%1'."_s.arg(name)));
        return;
    }
    m_context.keys->whenReady(m_config, planFor(name), this, [this, name, done] {
        const config::ProviderConfig *p = m_config.provider(name);
        if (!p) {
            done(base::ApiError::notFound(u"No provider called '%1'."_s.arg(name)));
            return;
        }
        providers::ProviderOperations::listModels(m_context.upstream, *p, this, done);
    });
}

routing::HealthSnapshot Gateway::health() const
{
    return m_engine->health().snapshot();
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
    if (!m_context.gate->admit(exchange))
        return;
    m_router->dispatch(exchange);
}

} // namespace switchyard::core
