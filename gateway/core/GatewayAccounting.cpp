#include "Gateway.h"
#include "base/ApiError.h"
#include "base/WireFormat.h"
#include "cache/Replay.h"
#include "cache/ResponseCache.h"
#include "core/GatewayKeys.h"
#include "core/SecurityGate.h"
#include "cost/BudgetTracker.h"
#include "cost/CostCalculator.h"
#include "cost/PriceTable.h"
#include "http/HttpExchange.h"
#include "routing/RoutingDecision.h"
#include "routing/RoutingEngine.h"
#include "store/LogReader.h"
#include "store/RequestLogWriter.h"
#include "telemetry/ProcessStats.h"
#include "telemetry/VramMonitor.h"

#include <QDateTime>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcGateway)
Q_DECLARE_LOGGING_CATEGORY(lcAccess)

// What happens to a request once it is over, or before it may start on budget grounds:
// cost, budgets, metrics, live statistics, replay from the response cache.
namespace switchyard::core {

void Gateway::rebuildBudgets()
{
    // Spend so far comes from the request log; rows still queued for the writer go first.
    if (m_services.logWriter)
        m_services.logWriter->flush();
    std::unique_ptr<store::LogReader> reader;
    if (!m_services.databasePath.isEmpty()) {
        if (auto opened = store::LogReader::open(m_services.databasePath))
            reader = std::move(*opened);
        else
            qCWarning(lcGateway).noquote()
                << "spend so far unknown (budgets start at 0):" << opened.error().message;
    }
    const QDateTime now = QDateTime::currentDateTime();
    const auto spendSince = [&](const QDateTime &from) -> std::optional<store::Spend> {
        if (!reader)
            return std::nullopt;
        auto spend = reader->spend(from.toMSecsSinceEpoch(), now.toMSecsSinceEpoch() + 1);
        return spend ? std::optional<store::Spend>(*spend) : std::nullopt;
    };
    m_budgets = std::make_unique<cost::BudgetTracker>(m_config.budgets);
    for (const config::BudgetConfig &budget : std::as_const(m_config.budgets)) {
        const auto spend = spendSince(m_budgets->currentPeriodStart(budget.period));
        if (!spend)
            continue;
        const double spent = budget.scope == config::BudgetScope::Overall ? spend->total
            : budget.scope == config::BudgetScope::Provider ? spend->byProvider.value(budget.name)
                                                            : spend->byRoute.value(budget.name);
        m_budgets->seed(budget.scope, budget.name, budget.period, spent);
    }
    m_budgets->setWarningHandler([this](const cost::BudgetWarning &warning) {
        const bool exceeded = warning.level == cost::BudgetWarning::Level::Exceeded;
        const QString message
            = (exceeded ? u"Budget %1 (%2) used up: $%3 of $%4"_s
                        : u"Budget %1 (%2) at $%3 of $%4"_s)
                  .arg(warning.budget.scopeString(), warning.budget.periodString(),
                       QString::number(warning.spentUsd, 'f', 2),
                       QString::number(warning.budget.limitUsd, 'f', 2))
            + (exceeded && warning.budget.block ? u"; requests in its scope are refused"_s
                                                : QString());
        qCWarning(lcGateway).noquote() << message;
        Q_EMIT budgetWarning(message, exceeded);
    });
    m_costDay = now.date();
    const QDateTime dayStart(now.date(), QTime(0, 0));
    const QDateTime monthStart(QDate(now.date().year(), now.date().month(), 1), QTime(0, 0));
    m_costToday = spendSince(dayStart).value_or(store::Spend {}).total;
    m_costMonth = spendSince(monthStart).value_or(store::Spend {}).total;
}

bool Gateway::admitByBudget(
    http::HttpExchange *exchange, routing::RoutingDecision &decision,
    const std::function<void(http::HttpExchange *, const base::ApiError &)> &errorSink)
{
    if (!m_budgets || m_config.budgets.isEmpty())
        return true;
    std::optional<cost::BudgetHit> hit = m_budgets->blocked(QString(), decision.route);
    if (!hit) {
        const QStringList blocked = m_budgets->blockedProviders();
        if (!blocked.isEmpty()) {
            QList<routing::PlannedAttempt> allowed;
            for (const routing::PlannedAttempt &attempt : std::as_const(decision.attempts)) {
                if (!blocked.contains(attempt.provider))
                    allowed.append(attempt);
            }
            if (allowed.isEmpty())
                hit = m_budgets->blocked(decision.attempts.first().provider, decision.route);
            else
                decision.attempts = allowed;
        }
    }
    if (!hit)
        return true;
    const QDateTime now = QDateTime::currentDateTime();
    exchange->addResponseHeader(QByteArrayLiteral("Retry-After"),
                                QByteArray::number(hit->retryAfterSeconds(now)));
    m_metrics.observeRejected(QString::fromLatin1(exchange->request().path), 429,
                              u"budget_exceeded"_s);
    errorSink(exchange,
              { 429,
                u"rate_limit_error"_s,
                u"The %1 budget for %2 is used up ($%3 of $%4); it resets %5."_s.arg(
                    hit->budget.periodString(), hit->budget.scopeString(),
                    QString::number(hit->spentUsd, 'f', 2), QString::number(hit->limitUsd, 'f', 2),
                    hit->periodEnd.toString(Qt::ISODate)),
                {},
                u"budget_exceeded"_s });
    return false;
}

void Gateway::recordCompleted(const base::RequestRecord &finished)
{
    base::RequestRecord record = finished;
    cost::CostCalculator::apply(record, *m_prices, m_config);
    if (record.costKnown && record.costUsd > 0) {
        const QDate today = QDate::currentDate();
        if (today != m_costDay) {
            m_costToday = 0;
            if (today.month() != m_costDay.month() || today.year() != m_costDay.year())
                m_costMonth = 0;
            m_costDay = today;
        }
        m_costToday += record.costUsd;
        m_costMonth += record.costUsd;
    }
    if (m_budgets)
        m_budgets->add(record);
    m_gate->completed(record);
    for (const base::AttemptRecord &attempt : std::as_const(record.attempts)) {
        if (attempt.outcome == u"401"_s || attempt.outcome == u"403"_s) {
            if (const config::ProviderConfig *p
                = m_config.provider(attempt.target.section(u'/', 0, 0)))
                m_keys->keyRejected(*p);
        }
    }
    qCInfo(lcAccess).noquote() << record.summary();
    m_metrics.observe(record);
    m_live.add(record, QDateTime::currentMSecsSinceEpoch());
    m_completed.append(record);
    if (!m_recordFlush.isActive())
        m_recordFlush.start();
}

void Gateway::emitLiveSnapshot()
{
    telemetry::LiveSnapshot snapshot = m_live.snapshot(QDateTime::currentMSecsSinceEpoch());
    snapshot.inFlight = inFlight();
    const bool sameDay = m_costDay == QDate::currentDate();
    snapshot.costTodayUsd = sameDay ? m_costToday : 0;
    snapshot.costMonthUsd
        = sameDay || m_costDay.month() == QDate::currentDate().month() ? m_costMonth : 0;
    Q_EMIT liveSnapshot(snapshot);
}

void Gateway::handleMetrics(http::HttpExchange *exchange)
{
    telemetry::MetricsGauges gauges;
    gauges.inFlight = inFlight();
    gauges.residentBytes = telemetry::residentMemoryBytes();
    gauges.uptimeSeconds = double(m_uptime.elapsed()) / 1000.0;
    if (const store::RequestLogWriter *writer = m_services.logWriter) {
        gauges.logRowsWritten = writer->writtenRows();
        gauges.logRowsDropped = writer->droppedRows();
        gauges.logQueueDepth = writer->queueDepth();
    }
    if (m_budgets) {
        for (const cost::BudgetStatus &status : m_budgets->status())
            gauges.budgets.append({ status.budget.scopeString(), status.budget.periodString(),
                                    status.spentUsd, status.budget.limitUsd });
    }
    if (const auto sample = m_vram ? m_vram->latest() : std::nullopt) {
        for (const telemetry::GpuInfo &gpu : sample->gpus)
            gauges.gpus.append(
                { QString::number(gpu.index), gpu.name, gpu.totalBytes, gpu.usedBytes });
    }
    const cache::CacheStats cacheStats = m_cache->stats();
    gauges.cacheEntries = cacheStats.entries;
    gauges.cacheBytes = cacheStats.bytes;
    for (const routing::ProviderHealth &provider : m_engine->health().snapshot().providers) {
        for (const routing::TargetHealth &target : provider.targets)
            gauges.breakers.append({ target.id,
                                     target.breaker == routing::BreakerState::Closed         ? 0
                                         : target.breaker == routing::BreakerState::HalfOpen ? 1
                                                                                             : 2 });
    }
    exchange->respond(200, m_metrics.render(gauges),
                      { { QByteArrayLiteral("Content-Type"),
                          QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8") } });
}

void Gateway::replayCached(http::HttpExchange *exchange, base::WireFormat format,
                           const routing::RoutingDecision &decision, const cache::CacheEntry &entry)
{
    QElapsedTimer clock;
    clock.start();
    const cache::Replay replay(entry);
    base::HeaderList headers = replay.headers();
    if (!decision.route.isEmpty())
        headers.append({ QByteArrayLiteral("x-switchyard-route"), decision.route.toUtf8() });
    base::RequestRecord record;
    for (const auto &[name, value] : exchange->responseHeaders()) {
        if (name == "x-request-id")
            record.requestId = value;
    }
    record.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    record.endpoint = base::endpointName(format);
    record.inboundApi
        = format == base::WireFormat::AnthropicMessages ? u"anthropic"_s : u"openai"_s;
    record.requestedModel = decision.requestedModel;
    record.tokenName = exchange->property("switchyard.token").toString();
    record.route = decision.route;
    record.ruleReason = decision.ruleReason;
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
    recordCompleted(record);
}

} // namespace switchyard::core
