#pragma once

#include "base/RequestRecord.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace switchyard::store {

/// Which request_log rows LogReader::requests returns.
struct LogFilter
{
    enum class Order { NewestFirst, OldestFirst };

    std::optional<qint64> sinceMs {}; ///< started at or after (ms since the epoch)
    std::optional<qint64> untilMs {}; ///< started before
    QString model {}; ///< matches the requested or the final model; empty = any
    QString provider {}; ///< empty = any
    qint64 afterId = 0; ///< only rows with a larger id (for --follow)
    int limit = 100; ///< 0 = no limit
    Order order = Order::NewestFirst;
    bool withBodies = false; ///< also load request/response bodies
};

/// One request_log row.
struct LogRow
{
    qint64 id = 0; ///< grows with every row written
    base::RequestRecord record {};
};

/// Totals of one provider+model over a time range.
struct StatsRow
{
    QString provider {};
    QString model {};
    qint64 requests = 0;
    qint64 errors = 0; ///< status >= 400
    qint64 tokensIn = 0;
    qint64 tokensOut = 0;
    qint64 tokensCached = 0;
    qint64 tokensReasoning = 0;
    double costUsd = 0;
    qint64 cacheHits = 0;
    qint64 latencyP50Ms = 0;
    qint64 latencyP95Ms = 0;
    qint64 ttftP50Ms = -1; ///< -1: no row had a time to first token
};

/// Money spent over a time range, for budgets.
struct Spend
{
    double total = 0;
    QHash<QString, double> byProvider {};
    QHash<QString, double> byRoute {}; ///< "" collects direct provider requests
};

} // namespace switchyard::store
