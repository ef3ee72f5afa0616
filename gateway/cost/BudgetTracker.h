#pragma once

#include "config/BudgetConfig.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace switchyard::base {
struct RequestRecord;
}

namespace switchyard::cost {

/// A blocking budget that is used up.
struct BudgetHit
{
    config::BudgetConfig budget;
    double spentUsd = 0;
    double limitUsd = 0;
    QDateTime periodEnd; ///< local time the budget resets

    /// Seconds until the reset, for a Retry-After header (at least 1).
    qint64 retryAfterSeconds(const QDateTime &now) const;
};

/// A threshold a budget crossed: once at warnAt·limit, once at the limit, per period.
struct BudgetWarning
{
    enum class Level { Warning, Exceeded };
    config::BudgetConfig budget;
    Level level = Level::Warning;
    double spentUsd = 0;
    QDateTime periodEnd;
};

/// One budget's state for the UI and metrics.
struct BudgetStatus
{
    config::BudgetConfig budget;
    double spentUsd = 0;
    QDateTime periodStart;
    QDateTime periodEnd;
    bool warned = false; ///< spent >= warnAt·limit
    bool exceeded = false; ///< spent >= limit
    bool blocking = false; ///< exceeded and the budget blocks
};

/// Sums the cost of finished requests per budget and period and says which budgets block.
/// Periods follow the local calendar: a daily budget resets at local midnight, a monthly one on
/// the first of the month. Not thread-safe: the gateway thread owns it.
class BudgetTracker final
{
public:
    using Clock = std::function<QDateTime()>;

    /// \a clock defaults to QDateTime::currentDateTime.
    explicit BudgetTracker(QList<config::BudgetConfig> budgets, Clock clock = {});

    const QList<config::BudgetConfig> &budgets() const { return m_budgets; }
    /// Start of the current \a period: what a store should sum spend from for seed().
    QDateTime currentPeriodStart(config::BudgetPeriod period) const;

    /// Sets what \a scope/\a name spent so far in the current \a period (from the request log
    /// at start-up). Thresholds the seeded spend already crossed are not announced again.
    void seed(config::BudgetScope scope, const QString &name, config::BudgetPeriod period,
              double spentUsd);
    /// Adds a finished request's cost to the overall budgets and to those of its provider and
    /// route.
    void add(const base::RequestRecord &record);
    /// Adds \a costUsd directly (what add() does with a record).
    void addCost(const QString &provider, const QString &route, double costUsd);

    /// The used-up blocking budget that covers a request to \a provider on \a route (either
    /// may be empty), the one that resets last when several do; nothing when none blocks.
    std::optional<BudgetHit> blocked(const QString &provider, const QString &route) const;
    /// Providers whose own blocking budget is used up, so routing can skip them.
    QStringList blockedProviders() const;

    /// Warnings raised since the last call, oldest first.
    QList<BudgetWarning> takeWarnings();
    /// Also called for each warning as it is raised (optional).
    void setWarningHandler(std::function<void(const BudgetWarning &)> handler);

    QList<BudgetStatus> status() const;

private:
    struct State
    {
        QDateTime periodStart;
        double spent = 0;
        bool warnAnnounced = false;
        bool limitAnnounced = false;
    };

    QDateTime now() const;
    QDateTime periodStartAt(config::BudgetPeriod period, const QDateTime &at) const;
    static QDateTime periodEndAfter(config::BudgetPeriod period, const QDateTime &start);
    void rollOver(qsizetype i, const QDateTime &now);
    double spentNow(qsizetype i, const QDateTime &now) const;
    bool covers(const config::BudgetConfig &budget, const QString &provider,
                const QString &route) const;
    void announce(qsizetype i, const QDateTime &now);

    QList<config::BudgetConfig> m_budgets;
    QList<State> m_states;
    Clock m_clock;
    QList<BudgetWarning> m_pending;
    std::function<void(const BudgetWarning &)> m_handler;
};

} // namespace switchyard::cost
