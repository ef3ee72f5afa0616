#pragma once

#include <QString>

namespace switchyard::store {

/// Where the store lives and how the request-log writer batches, bounds and prunes it.
struct StoreSettings
{
    QString path {}; ///< the SQLite file
    int queueCapacity = 100'000; ///< rows waiting for the writer; more are dropped and counted
    int batchRows = 2'000; ///< rows per transaction; this many waiting wakes the writer early
    int flushIntervalMs = 250; ///< the writer commits what is waiting at least this often
    int retentionDays = 30; ///< request_log rows older than this are deleted; 0 = keep
    qint64 maxBytes = 1024LL * 1024 * 1024; ///< oldest rows go while the file is larger; 0 = no cap
    int retentionCheckMs = 10 * 60 * 1000; ///< how often retention runs (also once at start)
};

} // namespace switchyard::store
