#pragma once

#include "admin/AdminPaths.h"
#include "base/Result.h"
#include "cli/AdminOutcome.h"
#include "cli/AdminRequest.h"
#include "cli/TextTable.h"
#include "store/LogQuery.h"

#include <QByteArray>
#include <QStringList>

namespace switchyard::cli {

/// `switchyard logs` and `switchyard stats`: the request to admin::LogQueries, the answer as
/// text; also the row formatting `logs --follow` uses.
class LogCommands final
{
public:
    /// The request's filters; --since is taken relative to \a nowMs.
    static Result<store::LogFilter> filter(const AdminRequest &request, qint64 nowMs);
    /// The log as a table (newest last), or a JSON array with --json.
    static AdminOutcome logs(const admin::AdminPaths &paths, const AdminRequest &request,
                             qint64 nowMs);
    /// The statistics of the request's period as a table with a total, or JSON with --json.
    static AdminOutcome stats(const admin::AdminPaths &paths, const AdminRequest &request,
                              qint64 nowMs);

    /// The empty log table (header and alignment).
    static TextTable logTable();
    /// The empty log table with fixed minimum widths, for rows printed as they come.
    static TextTable followTable();
    /// The cells of \a row in logTable()'s columns.
    static QStringList logCells(const store::LogRow &row);
    /// One compact JSON object and a newline.
    static QByteArray jsonLine(const store::LogRow &row);
};

} // namespace switchyard::cli
