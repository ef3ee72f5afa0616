#include "Accounting.h"

#include "config/Config.h"
#include "cost/BudgetTracker.h"
#include "cost/CostCalculator.h"
#include "cost/PriceTable.h"
#include "http/HttpExchange.h"
#include "routing/RoutingDecision.h"
#include "store/LogReader.h"
#include "store/RequestLogWriter.h"

#include <QDateTime>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcAccounting, "switchyard.gateway")
// Off by default (one line per request costs ~20 % of throughput on a busy gateway); turn on
// with QT_LOGGING_RULES="switchyard.access.info=true".
Q_LOGGING_CATEGORY(lcAccess, "switchyard.access", QtWarningMsg)

namespace switchyard::services {

Accounting::Accounting(const config::Config &config, std::function<int()> inFlight, QObject *parent)
    : QObject(parent), m_config(config), m_inFlight(std::move(inFlight))
{
    qRegisterMetaType<base::RequestRecord>();
    qRegisterMetaType<QList<base::RequestRecord>>();
    qRegisterMetaType<telemetry::LiveSnapshot>();
    auto prices = cost::PriceTable::loadBundled();
    if (!prices)
        qCWarning(lcAccounting).noquote() << "no bundled price table:" << prices.error().message;
    m_prices = std::make_unique<cost::PriceTable>(prices ? std::move(*prices) : cost::PriceTable());
    // Records leave the gateway thread in batches: one queued signal (and one wake-up of the
    // receiving thread) per 100 ms, not per request.
    m_recordFlush.setSingleShot(true);
    m_recordFlush.setInterval(100);
    connect(&m_recordFlush, &QTimer::timeout, this, &Accounting::flush);
    m_liveTimer.setInterval(1000);
    connect(&m_liveTimer, &QTimer::timeout, this, &Accounting::emitLiveSnapshot);
}

Accounting::~Accounting() = default;

void Accounting::start()
{
    m_liveTimer.start();
}

void Accounting::stop()
{
    m_liveTimer.stop();
}

void Accounting::setCompletionHook(std::function<void(const base::RequestRecord &)> hook)
{
    m_completionHook = std::move(hook);
}

void Accounting::flush()
{
    if (m_completed.isEmpty())
        return;
    if (m_services.logWriter)
        m_services.logWriter->enqueue(m_completed);
    Q_EMIT requestsCompleted(std::exchange(m_completed, {}));
}

QList<telemetry::MetricsGauges::Budget> Accounting::budgetGauges() const
{
    QList<telemetry::MetricsGauges::Budget> gauges;
    if (m_budgets) {
        for (const cost::BudgetStatus &status : m_budgets->status())
            gauges.append({ status.budget.scopeString(), status.budget.periodString(),
                            status.spentUsd, status.budget.limitUsd });
    }
    return gauges;
}

void Accounting::rebuildBudgets()
{
    // Spend so far comes from the request log; rows still queued for the writer go first.
    if (m_services.logWriter)
        m_services.logWriter->flush();
    std::unique_ptr<store::LogReader> reader;
    if (!m_services.databasePath.isEmpty()) {
        if (auto opened = store::LogReader::open(m_services.databasePath))
            reader = std::move(*opened);
        else
            qCWarning(lcAccounting).noquote()
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
        qCWarning(lcAccounting).noquote() << message;
        Q_EMIT budgetWarning(message, exceeded);
    });
    m_costDay = now.date();
    const QDateTime dayStart(now.date(), QTime(0, 0));
    const QDateTime monthStart(QDate(now.date().year(), now.date().month(), 1), QTime(0, 0));
    m_costToday = spendSince(dayStart).value_or(store::Spend {}).total;
    m_costMonth = spendSince(monthStart).value_or(store::Spend {}).total;
}

bool Accounting::admitByBudget(http::HttpExchange *exchange, routing::RoutingDecision &decision,
                               base::WireFormat format)
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
    exchange->respondError(
        { 429,
          u"rate_limit_error"_s,
          u"The %1 budget for %2 is used up ($%3 of $%4); it resets %5."_s.arg(
              hit->budget.periodString(), hit->budget.scopeString(),
              QString::number(hit->spentUsd, 'f', 2), QString::number(hit->limitUsd, 'f', 2),
              hit->periodEnd.toString(Qt::ISODate)),
          {},
          u"budget_exceeded"_s },
        format);
    return false;
}

void Accounting::recordCompleted(const base::RequestRecord &finished)
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
    if (m_completionHook)
        m_completionHook(record);
    qCInfo(lcAccess).noquote() << record.summary();
    m_metrics.observe(record);
    m_live.add(record, QDateTime::currentMSecsSinceEpoch());
    m_completed.append(record);
    if (!m_recordFlush.isActive())
        m_recordFlush.start();
}

void Accounting::emitLiveSnapshot()
{
    telemetry::LiveSnapshot snapshot = m_live.snapshot(QDateTime::currentMSecsSinceEpoch());
    snapshot.inFlight = m_inFlight ? m_inFlight() : 0;
    const bool sameDay = m_costDay == QDate::currentDate();
    snapshot.costTodayUsd = sameDay ? m_costToday : 0;
    snapshot.costMonthUsd
        = sameDay || m_costDay.month() == QDate::currentDate().month() ? m_costMonth : 0;
    Q_EMIT liveSnapshot(snapshot);
}

} // namespace switchyard::services
