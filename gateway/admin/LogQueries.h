#pragma once

#include "admin/AdminPaths.h"
#include "base/Result.h"
#include "store/LogQuery.h"

#include <QList>

namespace switchyard::admin {

/// Request statistics over a period, per provider and model, with their sum.
struct StatsReport
{
    QList<store::StatsRow> rows {}; ///< ordered by provider, then model
    store::StatsRow total {}; ///< counts, tokens, cost and cache hits summed; no percentiles
};

/// Reads the request log for `switchyard logs`/`stats` and the app's views, on a read-only
/// connection that never blocks the gateway's writer. A data dir without a store yet reads as
/// an empty log.
class LogQueries final
{
public:
    /// The requests matching \a filter, oldest first (the filter picks which: its order and
    /// limit apply before the rows are put oldest first).
    static Result<QList<store::LogRow>> requests(const AdminPaths &paths,
                                                 const store::LogFilter &filter);
    /// Statistics of the requests started at or after \a fromMs (ms since the epoch).
    static Result<StatsReport> stats(const AdminPaths &paths, qint64 fromMs);
};

} // namespace switchyard::admin
