#pragma once

#include "base/Result.h"

#include <QList>
#include <QSqlDatabase>
#include <QStringList>

namespace switchyard::store {

/// The store's tables and how to get there from any earlier version (PRAGMA user_version).
class Schema final
{
public:
    /// One migration step: the statements that take the schema from version i to i + 1.
    using Step = QStringList;

    /// The version this build writes; steps().size() == kCurrentVersion.
    static constexpr int kCurrentVersion = 1;

    /// Every step in order; a new schema version is one more entry at the end.
    static const QList<Step> &steps();
    /// PRAGMA user_version of \a db (0 for an empty file).
    static Result<int> version(QSqlDatabase &db);
    /// Refuses a file written by a newer build, with a message telling the user what to do.
    static Status checkNotNewer(int version, int known, const QString &path);
    /// Runs the steps \a db has not seen yet, one transaction per step, each setting
    /// user_version. A step that fails is rolled back and stops the migration.
    static Status migrate(QSqlDatabase &db, const QString &path,
                          const QList<Step> &steps = Schema::steps());
};

} // namespace switchyard::store
