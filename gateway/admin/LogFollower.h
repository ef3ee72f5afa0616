#pragma once

#include "admin/AdminPaths.h"
#include "admin/TextTable.h"
#include "store/LogQuery.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace switchyard::store {
class LogReader;
}

namespace switchyard::admin {

/// `switchyard logs --follow`: prints the last rows matching a filter, then polls the store
/// for rows with a larger id until the application quits. Opens a read-only connection in
/// its own thread and never holds a read transaction between polls, so the gateway's writer
/// is never blocked.
class LogFollower final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFollower)

public:
    LogFollower(AdminPaths paths, store::LogFilter filter, bool json, QObject *parent = nullptr);
    ~LogFollower() override;

    /// Prints what is there (output()), then polls every \a intervalMs.
    void start(int intervalMs = 500);

Q_SIGNALS:
    /// Text for stdout: the header and rows, or JSON lines.
    void output(const QByteArray &text);
    /// The store cannot be read; following stops.
    void failed(const QString &message);

private:
    bool ensureReader();
    void poll();
    void print(const QList<store::LogRow> &rows);

    AdminPaths m_paths;
    store::LogFilter m_filter;
    bool m_json = false;
    std::unique_ptr<store::LogReader> m_reader;
    TextTable m_table;
    qint64 m_lastId = 0;
    QTimer m_timer;
};

} // namespace switchyard::admin
