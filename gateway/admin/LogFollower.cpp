#include "LogFollower.h"

#include "store/LogReader.h"

#include <QFileInfo>

#include <algorithm>

namespace switchyard::admin {

LogFollower::LogFollower(AdminPaths paths, store::LogFilter filter, QObject *parent)
    : QObject(parent), m_paths(std::move(paths)), m_filter(std::move(filter))
{
    connect(&m_timer, &QTimer::timeout, this, &LogFollower::poll);
}

LogFollower::~LogFollower() = default;

bool LogFollower::ensureReader()
{
    if (m_reader)
        return true;
    if (!QFileInfo::exists(m_paths.databasePath()))
        return false; // the gateway has not created the store yet: keep waiting
    auto reader = store::LogReader::open(m_paths.databasePath());
    if (!reader) {
        m_timer.stop();
        Q_EMIT failed(reader.error().message);
        return false;
    }
    m_reader = std::move(*reader);
    return true;
}

void LogFollower::start(int intervalMs)
{
    if (ensureReader()) {
        store::LogFilter initial = m_filter;
        initial.order = store::LogFilter::Order::NewestFirst;
        auto rows = m_reader->requests(initial);
        // Follow from the newest row of all, matching or not.
        store::LogFilter newest;
        newest.limit = 1;
        auto last = m_reader->requests(newest);
        if (!rows || !last) {
            Q_EMIT failed(rows ? last.error().message : rows.error().message);
            return;
        }
        std::reverse(rows->begin(), rows->end());
        report(*rows);
        m_lastId = last->isEmpty() ? 0 : last->first().id;
    }
    m_timer.start(intervalMs);
}

void LogFollower::stop()
{
    m_timer.stop();
}

void LogFollower::poll()
{
    if (!ensureReader())
        return;
    store::LogFilter next = m_filter;
    next.afterId = m_lastId;
    next.order = store::LogFilter::Order::OldestFirst;
    next.limit = 10'000;
    auto rows = m_reader->requests(next);
    if (!rows) {
        m_timer.stop();
        Q_EMIT failed(rows.error().message);
        return;
    }
    if (rows->isEmpty())
        return;
    m_lastId = rows->last().id;
    report(*rows);
}

void LogFollower::report(const QList<store::LogRow> &rows)
{
    if (!rows.isEmpty())
        Q_EMIT rowsAdded(rows);
}

} // namespace switchyard::admin
