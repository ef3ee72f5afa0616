#include "BudgetTracker.h"

#include "base/RequestRecord.h"

#include <QDate>
#include <QTime>

#include <algorithm>
#include <utility>

namespace switchyard::cost {

qint64 BudgetHit::retryAfterSeconds(const QDateTime &now) const
{
    return std::max<qint64>(1, now.secsTo(periodEnd));
}

BudgetTracker::BudgetTracker(QList<config::BudgetConfig> budgets, Clock clock)
    : m_budgets(std::move(budgets)), m_clock(std::move(clock))
{
    const QDateTime t = now();
    m_states.resize(m_budgets.size());
    for (qsizetype i = 0; i < m_budgets.size(); ++i)
        m_states[i].periodStart = periodStartAt(m_budgets.at(i).period, t);
}

QDateTime BudgetTracker::now() const
{
    return (m_clock ? m_clock() : QDateTime::currentDateTime()).toLocalTime();
}

QDateTime BudgetTracker::periodStartAt(config::BudgetPeriod period, const QDateTime &at) const
{
    const QDate day = at.toLocalTime().date();
    if (period == config::BudgetPeriod::Daily)
        return QDateTime(day, QTime(0, 0));
    return QDateTime(QDate(day.year(), day.month(), 1), QTime(0, 0));
}

QDateTime BudgetTracker::periodEndAfter(config::BudgetPeriod period, const QDateTime &start)
{
    // Built from the date rather than by adding seconds, so a DST change keeps midnight.
    const QDate day = start.date();
    return QDateTime(period == config::BudgetPeriod::Daily ? day.addDays(1) : day.addMonths(1),
                     QTime(0, 0));
}

QDateTime BudgetTracker::currentPeriodStart(config::BudgetPeriod period) const
{
    return periodStartAt(period, now());
}

void BudgetTracker::rollOver(qsizetype i, const QDateTime &now)
{
    State &state = m_states[i];
    const QDateTime start = periodStartAt(m_budgets.at(i).period, now);
    if (state.periodStart == start)
        return;
    state = State();
    state.periodStart = start;
}

double BudgetTracker::spentNow(qsizetype i, const QDateTime &now) const
{
    const State &state = m_states.at(i);
    return state.periodStart == periodStartAt(m_budgets.at(i).period, now) ? state.spent : 0.0;
}

bool BudgetTracker::covers(const config::BudgetConfig &budget, const QString &provider,
                           const QString &route) const
{
    switch (budget.scope) {
    case config::BudgetScope::Overall:
        return true;
    case config::BudgetScope::Provider:
        return !provider.isEmpty() && budget.name == provider;
    case config::BudgetScope::Route:
        return !route.isEmpty() && budget.name == route;
    }
    return false;
}

void BudgetTracker::seed(config::BudgetScope scope, const QString &name,
                         config::BudgetPeriod period, double spentUsd)
{
    const QDateTime t = now();
    for (qsizetype i = 0; i < m_budgets.size(); ++i) {
        const config::BudgetConfig &b = m_budgets.at(i);
        if (b.scope != scope || b.period != period
            || (scope != config::BudgetScope::Overall && b.name != name))
            continue;
        rollOver(i, t);
        State &state = m_states[i];
        state.spent = std::max(0.0, spentUsd);
        // A restart must not repeat warnings the user already had for this period.
        state.warnAnnounced = state.spent >= b.warnAt * b.limitUsd;
        state.limitAnnounced = state.spent >= b.limitUsd;
    }
}

void BudgetTracker::add(const base::RequestRecord &record)
{
    if (!record.costKnown)
        return;
    addCost(record.provider, record.route, record.costUsd);
}

void BudgetTracker::addCost(const QString &provider, const QString &route, double costUsd)
{
    if (!(costUsd > 0))
        return;
    const QDateTime t = now();
    for (qsizetype i = 0; i < m_budgets.size(); ++i) {
        if (!covers(m_budgets.at(i), provider, route))
            continue;
        rollOver(i, t);
        m_states[i].spent += costUsd;
        announce(i, t);
    }
}

void BudgetTracker::announce(qsizetype i, const QDateTime &now)
{
    const config::BudgetConfig &b = m_budgets.at(i);
    State &state = m_states[i];
    auto raise = [&](BudgetWarning::Level level) {
        BudgetWarning warning;
        warning.budget = b;
        warning.level = level;
        warning.spentUsd = state.spent;
        warning.periodEnd = periodEndAfter(b.period, periodStartAt(b.period, now));
        m_pending.append(warning);
        if (m_handler)
            m_handler(warning);
    };
    if (!state.warnAnnounced && state.spent >= b.warnAt * b.limitUsd) {
        state.warnAnnounced = true;
        // warn_at 1.0 means "only tell me at the limit": one message, not two.
        if (b.warnAt < 1.0)
            raise(BudgetWarning::Level::Warning);
    }
    if (!state.limitAnnounced && state.spent >= b.limitUsd) {
        state.limitAnnounced = true;
        raise(BudgetWarning::Level::Exceeded);
    }
}

std::optional<BudgetHit> BudgetTracker::blocked(const QString &provider, const QString &route) const
{
    const QDateTime t = now();
    std::optional<BudgetHit> hit;
    for (qsizetype i = 0; i < m_budgets.size(); ++i) {
        const config::BudgetConfig &b = m_budgets.at(i);
        if (!b.block || !covers(b, provider, route))
            continue;
        const double spent = spentNow(i, t);
        if (spent < b.limitUsd)
            continue;
        const QDateTime end = periodEndAfter(b.period, periodStartAt(b.period, t));
        if (!hit || end > hit->periodEnd)
            hit = BudgetHit { b, spent, b.limitUsd, end };
    }
    return hit;
}

QStringList BudgetTracker::blockedProviders() const
{
    const QDateTime t = now();
    QStringList providers;
    for (qsizetype i = 0; i < m_budgets.size(); ++i) {
        const config::BudgetConfig &b = m_budgets.at(i);
        if (b.scope == config::BudgetScope::Provider && b.block && spentNow(i, t) >= b.limitUsd
            && !providers.contains(b.name))
            providers.append(b.name);
    }
    return providers;
}

QList<BudgetWarning> BudgetTracker::takeWarnings()
{
    return std::exchange(m_pending, {});
}

void BudgetTracker::setWarningHandler(std::function<void(const BudgetWarning &)> handler)
{
    m_handler = std::move(handler);
}

QList<BudgetStatus> BudgetTracker::status() const
{
    const QDateTime t = now();
    QList<BudgetStatus> result;
    for (qsizetype i = 0; i < m_budgets.size(); ++i) {
        const config::BudgetConfig &b = m_budgets.at(i);
        BudgetStatus s;
        s.budget = b;
        s.spentUsd = spentNow(i, t);
        s.periodStart = periodStartAt(b.period, t);
        s.periodEnd = periodEndAfter(b.period, s.periodStart);
        s.warned = s.spentUsd >= b.warnAt * b.limitUsd;
        s.exceeded = s.spentUsd >= b.limitUsd;
        s.blocking = s.exceeded && b.block;
        result.append(s);
    }
    return result;
}

} // namespace switchyard::cost
