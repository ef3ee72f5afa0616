#include "Retention.h"

#include "store/Database.h"
#include "store/SqlUtil.h"
#include "store/Transaction.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace switchyard::store {

namespace {

// Rows per DELETE transaction, so a big purge does not hold the write lock for long.
constexpr qint64 kDeleteChunk = 5'000;
constexpr qint64 kMsPerDay = 24LL * 60 * 60 * 1000;

Result<qint64> deleteChunk(QSqlDatabase &db, const QString &sql, const QVariant &bound)
{
    Transaction transaction(db);
    if (Status status = transaction.begin(); !status)
        return status.error();
    QSqlQuery query(db);
    query.prepare(sql);
    query.bindValue(0, bound);
    if (!query.exec())
        return sqlError(u"retention"_s, query.lastError());
    const qint64 removed = query.numRowsAffected();
    if (Status status = transaction.commit(); !status)
        return status.error();
    return removed;
}

Result<qint64> deleteOlderThan(QSqlDatabase &db, qint64 cutoffMs)
{
    qint64 total = 0;
    forever
    {
        Result<qint64> removed = deleteChunk(
            db,
            u"DELETE FROM request_log WHERE id IN (SELECT id FROM request_log "
            "WHERE started_at_ms < ? ORDER BY started_at_ms LIMIT %1)"_s.arg(kDeleteChunk),
            cutoffMs);
        if (!removed)
            return removed;
        total += *removed;
        if (*removed < kDeleteChunk)
            return total;
    }
}

Result<qint64> deleteOldestUntilUnder(Database &db, qint64 maxBytes)
{
    QSqlDatabase &c = db.connection();
    qint64 total = 0;
    forever
    {
        Result<qint64> used = Retention::usedBytes(db);
        if (!used)
            return used;
        if (*used <= maxBytes)
            return total;
        Result<QVariant> count = scalar(c, u"SELECT count(*) FROM request_log"_s);
        if (!count)
            return count.error();
        const qint64 rows = count->toLongLong();
        if (rows == 0)
            return total; // what is left is not the log's; nothing more to do here
        // Remove the share of rows the excess represents, at least a few; the loop measures
        // again, so an estimate on the low side costs a round, not rows the cap did not need.
        const double excess = double(*used - maxBytes) / double(*used);
        const qint64 chunk
            = std::clamp<qint64>(qint64(std::ceil(double(rows) * excess)) + 8, 1, kDeleteChunk);
        Result<qint64> removed
            = deleteChunk(c,
                          u"DELETE FROM request_log WHERE id IN (SELECT id FROM request_log "
                          "ORDER BY started_at_ms LIMIT ?)"_s,
                          chunk);
        if (!removed)
            return removed;
        total += *removed;
    }
}

// PRAGMA incremental_vacuum frees one page per step, and QSqlQuery steps a statement that
// returns no columns only once: run it once per free page, in one transaction.
Status releaseFreePages(QSqlDatabase &db)
{
    Result<QVariant> freePages = scalar(db, u"PRAGMA freelist_count"_s);
    if (!freePages)
        return freePages.error();
    const qint64 pages = freePages->toLongLong();
    if (pages == 0)
        return {};
    Transaction transaction(db);
    if (Status status = transaction.begin(); !status)
        return status;
    QSqlQuery vacuum(db);
    if (!vacuum.prepare(u"PRAGMA incremental_vacuum(1)"_s))
        return sqlError(u"incremental_vacuum"_s, vacuum.lastError());
    for (qint64 i = 0; i < pages; ++i) {
        if (!vacuum.exec())
            return sqlError(u"incremental_vacuum"_s, vacuum.lastError());
    }
    vacuum.finish();
    return transaction.commit();
}

} // namespace

Result<qint64> Retention::usedBytes(Database &db)
{
    QSqlDatabase &c = db.connection();
    Result<QVariant> pages = scalar(c, u"PRAGMA page_count"_s);
    Result<QVariant> freePages = scalar(c, u"PRAGMA freelist_count"_s);
    Result<QVariant> pageSize = scalar(c, u"PRAGMA page_size"_s);
    if (!pages || !freePages || !pageSize)
        return Error { ErrorCode::Io, u"cannot read the size of the store"_s };
    return (pages->toLongLong() - freePages->toLongLong()) * pageSize->toLongLong();
}

Result<RetentionReport> Retention::run(Database &db, const StoreSettings &settings, qint64 nowMs)
{
    QSqlDatabase &c = db.connection();
    RetentionReport report;
    if (settings.retentionDays > 0) {
        Result<qint64> aged = deleteOlderThan(c, nowMs - settings.retentionDays * kMsPerDay);
        if (!aged)
            return aged.error();
        report.agedRows = *aged;
    }
    if (settings.maxBytes > 0) {
        Result<qint64> capped = deleteOldestUntilUnder(db, settings.maxBytes);
        if (!capped)
            return capped.error();
        report.cappedRows = *capped;
    }
    Result<qint64> expired
        = deleteChunk(c, u"DELETE FROM cache_entries WHERE expires_ms <= ?"_s, nowMs);
    if (!expired)
        return expired.error();
    report.expiredCacheEntries = *expired;

    // Hand freed pages back to the file system, then fold the WAL in and truncate it. A
    // checkpoint blocked by a reader's snapshot is not an error: the next pass retries.
    if (Status status = releaseFreePages(c); !status)
        return status.error();
    if (Status status = execSql(c, u"PRAGMA wal_checkpoint(TRUNCATE)"_s); !status)
        return status.error();
    return report;
}

} // namespace switchyard::store
