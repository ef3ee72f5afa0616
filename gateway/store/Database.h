#pragma once

#include "base/Result.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace switchyard::store {

/// One SQLite connection with its own connection name, usable only on the thread that opened
/// it. Closed and removed from Qt's connection list when destroyed.
class Database final
{
public:
    enum class Mode {
        ReadWrite, ///< creates the file, migrates it, WAL mode
        ReadOnly, ///< for readers: the file must exist with the current schema
    };

    /// Opens \a path on the calling thread. ReadWrite creates and migrates; both refuse a file
    /// from a newer build without modifying it.
    static Result<std::unique_ptr<Database>> open(const QString &path, Mode mode = Mode::ReadWrite);

    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    QSqlDatabase &connection() { return m_db; }
    const QString &path() const { return m_path; }
    Mode mode() const { return m_mode; }

private:
    Database(const QString &path, Mode mode);
    Status configure();

    QString m_path;
    Mode m_mode;
    QString m_name;
    QSqlDatabase m_db;
};

} // namespace switchyard::store
