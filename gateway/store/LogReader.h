#pragma once

#include "base/Result.h"
#include "store/CacheEntryRow.h"
#include "store/Database.h"
#include "store/LogQuery.h"

#include <QList>
#include <QString>

#include <memory>

namespace switchyard::store {

/// Queries the store on its own read-only connection, which belongs to the thread that opened
/// it. Every query releases its read snapshot when it returns, so the writer's WAL can be
/// checkpointed.
class LogReader final
{
public:
    /// Opens \a path read-only; the file must exist with the current schema.
    static Result<std::unique_ptr<LogReader>> open(const QString &path);
    ~LogReader();
    Q_DISABLE_COPY_MOVE(LogReader)

    /// Request-log rows matching \a filter.
    Result<QList<LogRow>> requests(const LogFilter &filter);
    /// Totals per provider+model of requests started in [fromMs, toMs), ordered by both.
    Result<QList<StatsRow>> stats(qint64 fromMs, qint64 toMs);
    /// Money spent in [fromMs, toMs): whole local days from daily_aggregates (which outlive
    /// log retention), the partial days at either end from the log.
    Result<Spend> spend(qint64 fromMs, qint64 toMs);
    /// Response-cache entries that have not expired at \a nowMs, oldest first.
    Result<QList<CacheEntryRow>> cacheEntries(qint64 nowMs);
    /// "ok", or what PRAGMA integrity_check (or opening it) reported.
    QString integrityCheck();
    /// Rows in request_log.
    Result<qint64> rowCount();

private:
    explicit LogReader(std::unique_ptr<Database> db);
    Status addSpendFromLog(Spend &spend, qint64 fromMs, qint64 toMs);
    Status addSpendFromAggregates(Spend &spend, const QString &fromDay, const QString &toDay);

    std::unique_ptr<Database> m_db;
};

} // namespace switchyard::store
