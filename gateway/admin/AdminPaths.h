#pragma once

#include <QDir>
#include <QString>

namespace switchyard::admin {

/// Where the admin commands find the config file and the store.
struct AdminPaths
{
    QString dataDir {};
    QString configPath {}; ///< absolute
    QString databasePath() const { return QDir(dataDir).filePath(QStringLiteral("switchyard.db")); }
};

} // namespace switchyard::admin
