#pragma once

#include "base/Result.h"
#include "store/Database.h"
#include "store/RecordCodec.h"
#include "store/WriteJob.h"

#include <QSqlQuery>

#include <memory>
#include <vector>

namespace switchyard::store {

/// The writer thread's side of the request log: one read-write connection with prepared
/// statements, writing a batch of jobs and its daily aggregates in one transaction.
class RequestLogSink final
{
public:
    /// Opens (creating and migrating) \a path on the calling thread.
    static Result<std::unique_ptr<RequestLogSink>> open(const QString &path);
    ~RequestLogSink();
    Q_DISABLE_COPY_MOVE(RequestLogSink)

    /// Writes \a jobs in one transaction; returns how many request_log rows it inserted.
    Result<qint64> write(const std::vector<WriteJob> &jobs);
    Database &database() { return *m_db; }

private:
    explicit RequestLogSink(std::unique_ptr<Database> db);
    Status prepare();
    Status insertRecord(const base::RequestRecord &r);
    Status insertCacheEntry(const CacheEntryRow &e);
    Status removeCacheEntry(const CacheRemoval &r);

    // Declared first so the prepared queries below are finalized before the connection closes.
    std::unique_ptr<Database> m_db;
    QSqlQuery m_insertLog;
    QSqlQuery m_upsertAggregate;
    QSqlQuery m_upsertCache;
    QSqlQuery m_deleteCache;
    RecordCodec m_codec;
};

} // namespace switchyard::store
