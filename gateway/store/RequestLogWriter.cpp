#include "RequestLogWriter.h"

#include "store/RequestLogSink.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QThread>

#include <algorithm>

#if defined(Q_OS_LINUX)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStore, "switchyard.store")

namespace switchyard::store {

namespace {

constexpr qint64 kWarningIntervalMs = 10'000;

} // namespace

RequestLogWriter::RequestLogWriter(const StoreSettings &settings, QObject *parent)
    : QObject(parent), m_settings(settings), m_lastDropWarningMs(-kWarningIntervalMs)
{
    m_clock.start();
}

RequestLogWriter::~RequestLogWriter()
{
    stop();
}

Status RequestLogWriter::start()
{
    QMutexLocker lock(&m_mutex);
    if (m_state != State::Idle)
        return Error { ErrorCode::AlreadyExists, u"the request-log writer was started before"_s };
    m_state = State::Starting;
    m_thread = QThread::create([this] { run(); });
    m_thread->setParent(this);
    m_thread->setObjectName(u"switchyard-store"_s);
    m_thread->start();
    while (m_state == State::Starting)
        m_progress.wait(&m_mutex);
    if (m_state == State::Failed) {
        lock.unlock();
        m_thread->wait();
        return Error { ErrorCode::Io, lastError() };
    }
    return {};
}

void RequestLogWriter::stop()
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_state != State::Running)
            return;
        m_stopping = true;
        m_paused = false;
        m_wake.wakeAll();
    }
    m_thread->wait();
}

bool RequestLogWriter::isRunning() const
{
    QMutexLocker lock(&m_mutex);
    return m_state == State::Running && !m_stopping;
}

void RequestLogWriter::enqueue(const QList<base::RequestRecord> &records)
{
    qint64 dropped = 0;
    {
        QMutexLocker lock(&m_mutex);
        const bool open = m_state == State::Idle || m_state == State::Starting
            || (m_state == State::Running && !m_stopping);
        const qsizetype room = open
            ? std::max<qsizetype>(0, m_settings.queueCapacity - qsizetype(m_queue.size()))
            : 0;
        const qsizetype taken = std::min(room, records.size());
        for (qsizetype i = 0; i < taken; ++i)
            m_queue.emplace_back(records.at(i));
        m_acceptedJobs += taken;
        dropped = records.size() - taken;
        if (qsizetype(m_queue.size()) >= m_settings.batchRows)
            m_wake.wakeOne();
    }
    if (dropped > 0)
        noteDropped(dropped);
}

void RequestLogWriter::enqueueCacheEntry(const CacheEntryRow &entry)
{
    accept(WriteJob(entry));
}

void RequestLogWriter::enqueueCacheRemoval(const QString &key)
{
    accept(WriteJob(CacheRemoval { key }));
}

void RequestLogWriter::accept(WriteJob &&job)
{
    {
        QMutexLocker lock(&m_mutex);
        const bool open = m_state == State::Idle || m_state == State::Starting
            || (m_state == State::Running && !m_stopping);
        if (open && qsizetype(m_queue.size()) < m_settings.queueCapacity) {
            m_queue.push_back(std::move(job));
            ++m_acceptedJobs;
            return;
        }
    }
    noteDropped(1);
}

void RequestLogWriter::noteDropped(qint64 count)
{
    m_droppedRows += count;
    m_droppedSinceWarning += count;
    maybeWarnDropped();
}

void RequestLogWriter::maybeWarnDropped()
{
    if (m_droppedSinceWarning.load() == 0)
        return;
    const qint64 now = m_clock.elapsed();
    qint64 last = m_lastDropWarningMs.load();
    // One thread wins the right to warn; the others keep counting for the next warning.
    if (now - last < kWarningIntervalMs || !m_lastDropWarningMs.compare_exchange_strong(last, now))
        return;
    const qint64 dropped = m_droppedSinceWarning.exchange(0);
    if (dropped > 0)
        qCWarning(lcStore,
                  "request log: dropped %lld rows (queue of %d full, or the writer not running)",
                  static_cast<long long>(dropped), m_settings.queueCapacity);
}

void RequestLogWriter::flush()
{
    QMutexLocker lock(&m_mutex);
    if (m_state != State::Running)
        return;
    const qint64 target = m_acceptedJobs;
    ++m_flushWaiters;
    m_wake.wakeOne();
    while (m_finishedJobs < target && m_state == State::Running)
        m_progress.wait(&m_mutex);
    --m_flushWaiters;
}

Result<RetentionReport> RequestLogWriter::runRetention()
{
    QMutexLocker lock(&m_mutex);
    if (m_state != State::Running || m_stopping)
        return Error { ErrorCode::Unavailable, u"the request-log writer is not running"_s };
    const qint64 ticket = ++m_retentionAsked;
    m_wake.wakeOne();
    while (m_retentionDone < ticket && m_state == State::Running)
        m_progress.wait(&m_mutex);
    if (m_retentionDone < ticket)
        return Error { ErrorCode::Unavailable, u"the request-log writer stopped"_s };
    if (!m_lastRetentionError.isEmpty())
        return Error { ErrorCode::Io, m_lastRetentionError };
    return m_lastRetention;
}

qsizetype RequestLogWriter::queueDepth() const
{
    QMutexLocker lock(&m_mutex);
    return qsizetype(m_queue.size());
}

QString RequestLogWriter::lastError() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastError;
}

void RequestLogWriter::setPaused(bool paused)
{
    QMutexLocker lock(&m_mutex);
    m_paused = paused && !m_stopping;
    m_wake.wakeAll();
}

bool RequestLogWriter::hasWorkLocked() const
{
    if (m_stopping || m_retentionAsked != m_retentionDone)
        return true;
    return !m_paused && !m_queue.empty()
        && (qsizetype(m_queue.size()) >= m_settings.batchRows || m_flushWaiters > 0);
}

void RequestLogWriter::run()
{
#if defined(Q_OS_LINUX)
    // Logging yields to serving: when every core is busy the writer gets a small share (nice
    // 10 ≈ a tenth of a normal thread's weight) and the bounded queue absorbs the burst; it
    // catches up as soon as the load drops. Sustained overload beyond the queue is counted as
    // dropped rows, never as slower answers.
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 10);
#endif
    Result<std::unique_ptr<RequestLogSink>> opened = RequestLogSink::open(m_settings.path);
    {
        QMutexLocker lock(&m_mutex);
        m_state = opened ? State::Running : State::Failed;
        if (!opened)
            m_lastError = opened.error().message;
        m_progress.wakeAll();
    }
    if (!opened)
        return;
    std::unique_ptr<RequestLogSink> sink = std::move(*opened);
    retentionPass(*sink);
    QElapsedTimer sinceRetention;
    sinceRetention.start();

    QMutexLocker lock(&m_mutex);
    forever
    {
        if (!hasWorkLocked()) {
            const qint64 interval = std::max(1, m_settings.flushIntervalMs);
            const qint64 untilRetention = m_settings.retentionCheckMs > 0
                ? m_settings.retentionCheckMs - sinceRetention.elapsed()
                : interval;
            const qint64 waitMs = std::clamp<qint64>(untilRetention, 0, interval);
            m_wake.wait(&m_mutex, QDeadlineTimer(waitMs));
        }
        while (!m_paused && !m_queue.empty()) {
            const qsizetype take
                = std::min<qsizetype>(qsizetype(m_queue.size()), m_settings.batchRows);
            std::vector<WriteJob> batch;
            batch.reserve(size_t(take));
            std::move(m_queue.begin(), m_queue.begin() + take, std::back_inserter(batch));
            m_queue.erase(m_queue.begin(), m_queue.begin() + take);
            lock.unlock();
            writeBatch(*sink, batch);
            lock.relock();
            m_finishedJobs += take;
            m_progress.wakeAll();
        }
        const bool retentionDue = m_settings.retentionCheckMs > 0
            && sinceRetention.elapsed() >= m_settings.retentionCheckMs;
        if (m_retentionAsked != m_retentionDone || retentionDue) {
            const qint64 ticket = m_retentionAsked;
            lock.unlock();
            retentionPass(*sink);
            sinceRetention.restart();
            lock.relock();
            m_retentionDone = ticket;
            m_progress.wakeAll();
        }
        if (m_stopping && m_queue.empty())
            break;
        maybeWarnDropped(); // reports drops that happened after the last warning
    }
    lock.unlock();
    sink.reset(); // the connection is closed in the thread that opened it
    lock.relock();
    m_state = State::Stopped;
    m_progress.wakeAll();
}

void RequestLogWriter::writeBatch(RequestLogSink &sink, const std::vector<WriteJob> &batch)
{
    Result<qint64> written = sink.write(batch);
    if (written) {
        const qint64 total = m_writtenRows += *written;
        Q_EMIT batchCommitted(total);
        return;
    }
    const qint64 lost = std::count_if(batch.begin(), batch.end(), [](const WriteJob &job) {
        return std::holds_alternative<base::RequestRecord>(job);
    });
    m_failedRows += lost;
    {
        QMutexLocker lock(&m_mutex);
        m_lastError = written.error().message;
    }
    const qint64 now = m_clock.elapsed();
    if (m_lastErrorWarningMs == 0 || now - m_lastErrorWarningMs >= kWarningIntervalMs) {
        m_lastErrorWarningMs = std::max<qint64>(now, 1);
        qCWarning(lcStore).noquote() << "request log: a batch of" << lost
                                     << "rows was not written:" << written.error().message;
    }
}

void RequestLogWriter::retentionPass(RequestLogSink &sink)
{
    Result<RetentionReport> report
        = Retention::run(sink.database(), m_settings, QDateTime::currentMSecsSinceEpoch());
    QMutexLocker lock(&m_mutex);
    if (report) {
        m_lastRetention = *report;
        m_lastRetentionError.clear();
    } else {
        m_lastRetentionError = report.error().message;
        m_lastError = report.error().message;
        qCWarning(lcStore).noquote() << "store retention failed:" << report.error().message;
    }
}

} // namespace switchyard::store
