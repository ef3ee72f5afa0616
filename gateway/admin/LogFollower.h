#pragma once

#include "admin/AdminPaths.h"
#include "store/LogQuery.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>

namespace switchyard::store {
class LogReader;
}

namespace switchyard::admin {

/// Follows the request log (`switchyard logs --follow`, a live request list): reports the
/// last rows matching a filter, then polls the store for newer ones until stopped or
/// destroyed. Opens a read-only connection in its own thread and never holds a read
/// transaction between polls, so the gateway's writer is never blocked. Waits quietly for a
/// store that does not exist yet.
class LogFollower final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFollower)

public:
    /// Follows the store of \a paths; \a filter's since, model, provider and limit apply.
    LogFollower(AdminPaths paths, store::LogFilter filter, QObject *parent = nullptr);
    ~LogFollower() override;

    /// Reports the matching rows there are now (rowsAdded(), from inside this call), then polls
    /// every \a intervalMs.
    void start(int intervalMs = 500);
    /// Stops polling.
    void stop();

Q_SIGNALS:
    /// New matching rows, oldest first; never empty.
    void rowsAdded(const QList<switchyard::store::LogRow> &rows);
    /// The store cannot be read; following has stopped.
    void failed(const QString &message);

private:
    bool ensureReader();
    void poll();
    void report(const QList<store::LogRow> &rows);

    AdminPaths m_paths;
    store::LogFilter m_filter;
    std::unique_ptr<store::LogReader> m_reader;
    qint64 m_lastId = 0;
    QTimer m_timer;
};

} // namespace switchyard::admin
