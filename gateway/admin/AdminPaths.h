#pragma once

#include <QDir>
#include <QString>

namespace switchyard::admin {

/// Where the admin API finds the config file and the store (the CLI resolves them from its
/// options; the app has them from core::Runtime).
struct AdminPaths
{
    QString dataDir {};
    QString configPath {}; ///< absolute
    /// The SQLite store in the data dir.
    QString databasePath() const { return QDir(dataDir).filePath(QStringLiteral("switchyard.db")); }
};

} // namespace switchyard::admin
