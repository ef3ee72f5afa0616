#include "LogQueries.h"

#include "store/LogReader.h"

#include <QFileInfo>

#include <algorithm>
#include <limits>

namespace switchyard::admin {

Result<QList<store::LogRow>> LogQueries::requests(const AdminPaths &paths,
                                                  const store::LogFilter &filter)
{
    QList<store::LogRow> rows;
    if (!QFileInfo::exists(paths.databasePath()))
        return rows; // nothing was ever logged
    auto reader = store::LogReader::open(paths.databasePath());
    if (!reader)
        return reader.error();
    auto read = (*reader)->requests(filter);
    if (!read)
        return read.error();
    rows = std::move(*read);
    if (filter.order == store::LogFilter::Order::NewestFirst)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

Result<StatsReport> LogQueries::stats(const AdminPaths &paths, qint64 fromMs)
{
    StatsReport report;
    if (QFileInfo::exists(paths.databasePath())) {
        auto reader = store::LogReader::open(paths.databasePath());
        if (!reader)
            return reader.error();
        auto read = (*reader)->stats(fromMs, std::numeric_limits<qint64>::max());
        if (!read)
            return read.error();
        report.rows = std::move(*read);
    }
    store::StatsRow &total = report.total;
    for (const store::StatsRow &s : std::as_const(report.rows)) {
        total.requests += s.requests;
        total.errors += s.errors;
        total.tokensIn += s.tokensIn;
        total.tokensOut += s.tokensOut;
        total.tokensCached += s.tokensCached;
        total.costUsd += s.costUsd;
        total.cacheHits += s.cacheHits;
    }
    return report;
}

} // namespace switchyard::admin
