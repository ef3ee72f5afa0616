#pragma once

#include <QString>
#include <QStringList>

namespace switchyard::base {

/// The data dir holds cached answers, the request log (with bodies where a route logs them)
/// and the config: only its owner may read it. On Linux and macOS new files are created 0600
/// and directories 0700, and existing ones are tightened; on Windows the per-user profile's
/// ACL already does this and these are no-ops.
class PrivateFiles final
{
public:
    /// From now on this process creates files 0600 and directories 0700 (umask 077), SQLite's
    /// -wal/-shm and QSaveFile's included.
    static void restrictNewFiles();
    /// Makes \a dir 0700 and each existing file of \a files 0600; returns the paths whose
    /// mode changed (so the caller can say so once).
    static QStringList tighten(const QString &dir, const QStringList &files);
};

} // namespace switchyard::base
