#pragma once

#include "base/Result.h"

#include <QString>

namespace switchyard::cli {

/// `--since`: a duration back from \a nowMs ("30s", "15m", "2h", "7d") or an ISO 8601 date
/// (local midnight) or date-time (local time unless it names an offset). Ms since the epoch.
Result<qint64> parseSince(const QString &text, qint64 nowMs);

/// "2024-05-01 14:03:07" in local time, for tables.
QString localTime(qint64 ms);

} // namespace switchyard::cli
