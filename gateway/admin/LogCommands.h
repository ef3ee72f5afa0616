#pragma once

#include "admin/AdminPaths.h"
#include "admin/AdminRequest.h"
#include "admin/TextTable.h"
#include "base/Result.h"
#include "store/LogQuery.h"

#include <QByteArray>
#include <QStringList>

namespace switchyard::admin {

/// `switchyard logs` (without --follow) and `switchyard stats`, read from the store on a
/// read-only connection; also the row formatting LogFollower shares.
class LogCommands final
{
public:
    /// The request's filters; --since is taken relative to \a nowMs.
    static Result<store::LogFilter> filter(const AdminRequest &request, qint64 nowMs);
    static AdminOutcome logs(const AdminPaths &paths, const AdminRequest &request, qint64 nowMs);
    static AdminOutcome stats(const AdminPaths &paths, const AdminRequest &request, qint64 nowMs);

    /// The empty log table (header and alignment).
    static TextTable logTable();
    static QStringList logCells(const store::LogRow &row);
    /// One compact JSON object and a newline.
    static QByteArray jsonLine(const store::LogRow &row);
};

} // namespace switchyard::admin
