// LogReader's aggregate queries: per-model statistics and spend.
#include "LogReader.h"
#include "store/RecordCodec.h"
#include "store/SqlUtil.h"

#include <QDateTime>
#include <QMap>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace switchyard::store {

namespace {

/// Nearest-rank percentile of \a values (sorted in place); 0 for no values.
qint64 percentile(std::vector<qint64> &values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = qsizetype(std::ceil(p * double(values.size())));
    return values[size_t(std::clamp<qsizetype>(rank, 1, qsizetype(values.size())) - 1)];
}

struct StatsAccumulator
{
    StatsRow row;
    std::vector<qint64> latencies;
    std::vector<qint64> ttfts;
};

void addSpend(Spend &spend, const QString &provider, const QString &route, double cost)
{
    spend.total += cost;
    spend.byProvider[provider] += cost;
    spend.byRoute[route] += cost;
}

} // namespace

Result<QList<StatsRow>> LogReader::stats(qint64 fromMs, qint64 toMs)
{
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    query.prepare(u"SELECT provider, model, status, tokens_in, tokens_out, tokens_cached, "
                  "tokens_reasoning, cost_usd, cache_hit, latency_ms, ttft_ms FROM request_log "
                  "WHERE started_at_ms >= ? AND started_at_ms < ?"_s);
    query.bindValue(0, fromMs);
    query.bindValue(1, toMs);
    if (!query.exec())
        return sqlError(u"reading request_log statistics"_s, query.lastError());
    QMap<std::pair<QString, QString>, StatsAccumulator> groups; // ordered by provider, model
    while (query.next()) {
        const QString provider = query.value(0).toString();
        const QString model = query.value(1).toString();
        StatsAccumulator &a = groups[{ provider, model }];
        StatsRow &s = a.row;
        s.provider = provider;
        s.model = model;
        ++s.requests;
        s.errors += query.value(2).toInt() >= 400 ? 1 : 0;
        s.tokensIn += query.value(3).toLongLong();
        s.tokensOut += query.value(4).toLongLong();
        s.tokensCached += query.value(5).toLongLong();
        s.tokensReasoning += query.value(6).toLongLong();
        s.costUsd += query.value(7).toDouble();
        s.cacheHits += query.value(8).toBool() ? 1 : 0;
        a.latencies.push_back(query.value(9).toLongLong());
        if (const qint64 ttft = query.value(10).toLongLong(); ttft >= 0)
            a.ttfts.push_back(ttft);
    }
    if (query.lastError().isValid())
        return sqlError(u"reading request_log statistics"_s, query.lastError());
    query.finish();
    QList<StatsRow> rows;
    for (StatsAccumulator &a : groups) {
        a.row.latencyP50Ms = percentile(a.latencies, 0.50);
        a.row.latencyP95Ms = percentile(a.latencies, 0.95);
        a.row.ttftP50Ms = a.ttfts.empty() ? -1 : percentile(a.ttfts, 0.50);
        rows.append(a.row);
    }
    return rows;
}

Result<Spend> LogReader::spend(qint64 fromMs, qint64 toMs)
{
    Spend spend;
    if (fromMs >= toMs)
        return spend;
    // Whole local days inside the range come from the aggregates.
    QDate firstWhole = QDateTime::fromMSecsSinceEpoch(fromMs).date();
    if (RecordCodec::startOfDayMs(firstWhole) != fromMs)
        firstWhole = firstWhole.addDays(1);
    const QDate endWhole = QDateTime::fromMSecsSinceEpoch(toMs).date(); // exclusive
    const qint64 wholeFromMs = RecordCodec::startOfDayMs(firstWhole);
    const qint64 wholeToMs = RecordCodec::startOfDayMs(endWhole);
    if (firstWhole >= endWhole || wholeFromMs >= wholeToMs) {
        if (Status status = addSpendFromLog(spend, fromMs, toMs); !status)
            return status.error();
        return spend;
    }
    if (Status status = addSpendFromLog(spend, fromMs, wholeFromMs); !status)
        return status.error();
    if (Status status = addSpendFromAggregates(spend, firstWhole.toString(Qt::ISODate),
                                               endWhole.toString(Qt::ISODate));
        !status)
        return status.error();
    if (Status status = addSpendFromLog(spend, wholeToMs, toMs); !status)
        return status.error();
    return spend;
}

Status LogReader::addSpendFromLog(Spend &spend, qint64 fromMs, qint64 toMs)
{
    if (fromMs >= toMs)
        return {};
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    query.prepare(u"SELECT provider, route, sum(cost_usd) FROM request_log "
                  "WHERE started_at_ms >= ? AND started_at_ms < ? GROUP BY provider, route"_s);
    query.bindValue(0, fromMs);
    query.bindValue(1, toMs);
    if (!query.exec())
        return sqlError(u"reading spend from request_log"_s, query.lastError());
    while (query.next())
        addSpend(spend, query.value(0).toString(), query.value(1).toString(),
                 query.value(2).toDouble());
    query.finish();
    return {};
}

Status LogReader::addSpendFromAggregates(Spend &spend, const QString &fromDay, const QString &toDay)
{
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    // ISO dates compare as strings.
    query.prepare(u"SELECT provider, route, sum(cost_usd) FROM daily_aggregates "
                  "WHERE day >= ? AND day < ? GROUP BY provider, route"_s);
    query.bindValue(0, fromDay);
    query.bindValue(1, toDay);
    if (!query.exec())
        return sqlError(u"reading spend from daily_aggregates"_s, query.lastError());
    while (query.next())
        addSpend(spend, query.value(0).toString(), query.value(1).toString(),
                 query.value(2).toDouble());
    query.finish();
    return {};
}

} // namespace switchyard::store
