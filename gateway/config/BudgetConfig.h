#pragma once

#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace switchyard::base {
class ConfigValidator;
}

namespace switchyard::config {

/// What a budget counts: all spend, one provider's, or one route's.
enum class BudgetScope { Overall, Provider, Route };
/// The window a budget's spend is summed over, in local time.
enum class BudgetPeriod { Daily, Monthly };

/// One entry of the config's "budgets" array.
struct BudgetConfig
{
    BudgetScope scope = BudgetScope::Overall;
    QString name; ///< provider or route name; empty for Overall
    BudgetPeriod period = BudgetPeriod::Monthly;
    double limitUsd = 0;
    double warnAt = 0.8; ///< fraction of the limit that raises a warning
    bool block = false; ///< refuse requests in scope once the limit is reached

    /// "overall", "provider:NAME" or "route:NAME", as written in the config.
    QString scopeString() const;
    /// "daily" or "monthly".
    QString periodString() const;
    /// "provider:fa monthly" — unique within a valid budget list.
    QString id() const;

    friend bool operator==(const BudgetConfig &, const BudgetConfig &) = default;
};

/// Reads `"budgets": [{"scope": "overall" | "provider:NAME" | "route:NAME",
/// "period": "daily" | "monthly", "limit_usd": 50, "warn_at": 0.8, "block": true}]`. Problems
/// are reported to \a validator with their field path under \a path ("budgets"); a missing
/// value is an empty list. Provider and route names are not checked against the config here.
QList<BudgetConfig> parseBudgets(const QJsonValue &value, base::ConfigValidator &validator,
                                 const QString &path);
/// The JSON that parseBudgets() reads back into \a budgets.
QJsonArray budgetsToJson(const QList<BudgetConfig> &budgets);

} // namespace switchyard::config
