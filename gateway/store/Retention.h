#pragma once

#include "base/Result.h"
#include "store/StoreSettings.h"

namespace switchyard::store {

class Database;

/// What one retention pass removed.
struct RetentionReport
{
    qint64 agedRows = 0; ///< request_log rows older than retentionDays
    qint64 cappedRows = 0; ///< oldest rows removed to get under maxBytes
    qint64 expiredCacheEntries = 0;
};

/// Keeps the store bounded: by age, by size, expired cache entries; then gives the space back.
class Retention final
{
public:
    /// Runs one pass on the writer's connection. \a nowMs is the wall clock in ms.
    static Result<RetentionReport> run(Database &db, const StoreSettings &settings, qint64 nowMs);
    /// Bytes the store's pages hold, free pages excluded (what incremental_vacuum keeps).
    static Result<qint64> usedBytes(Database &db);
};

} // namespace switchyard::store
