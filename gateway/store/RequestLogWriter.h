#pragma once

#include "base/RequestRecord.h"
#include "base/Result.h"
#include "store/CacheEntryRow.h"
#include "store/Retention.h"
#include "store/StoreSettings.h"
#include "store/WriteJob.h"

#include <QElapsedTimer>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QWaitCondition>

#include <atomic>
#include <deque>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace switchyard::store {

class RequestLogSink;

/// Persists request records (and response-cache entries) from any thread without ever making
/// the caller wait for the disk: a bounded in-memory queue drained by one writer thread with
/// its own connection, in batched transactions. Also runs retention in that thread.
class RequestLogWriter final : public QObject
{
    Q_OBJECT

public:
    explicit RequestLogWriter(const StoreSettings &settings, QObject *parent = nullptr);
    /// Drains the queue and ends the thread (stop()).
    ~RequestLogWriter() override;
    Q_DISABLE_COPY_MOVE(RequestLogWriter)

    /// Starts the writer thread and waits until it has opened (created, migrated) the store.
    Status start();
    /// Writes everything queued so far, then ends the thread. Later enqueues are dropped.
    void stop();
    bool isRunning() const;

    /// Thread-safe and never blocks on disk; records beyond the queue capacity are dropped.
    void enqueue(const QList<base::RequestRecord> &records);
    /// Stores (replacing) a response-cache entry, in order with everything else queued.
    void enqueueCacheEntry(const CacheEntryRow &entry);
    void enqueueCacheRemoval(const QString &key);

    /// Blocks until everything enqueued before the call is committed (or has failed).
    void flush();
    /// Runs a retention pass in the writer thread now, after what is queued, and waits for it.
    Result<RetentionReport> runRetention();

    qint64 writtenRows() const { return m_writtenRows.load(); }
    /// Jobs refused because the queue was full or the writer was not running.
    qint64 droppedRows() const { return m_droppedRows.load(); }
    /// Rows lost because their transaction failed (see lastError()).
    qint64 failedRows() const { return m_failedRows.load(); }
    qsizetype queueDepth() const;
    QString lastError() const;

    /// Test seam: while paused the writer takes nothing from the queue (flush() waits);
    /// stop() resumes it.
    void setPaused(bool paused);

Q_SIGNALS:
    /// Emitted from the writer thread after each commit, with the rows written so far.
    void batchCommitted(qint64 totalRows);

private:
    enum class State { Idle, Starting, Running, Failed, Stopped };

    void run();
    void writeBatch(RequestLogSink &sink, const std::vector<WriteJob> &batch);
    void retentionPass(RequestLogSink &sink);
    void accept(WriteJob &&job);
    void noteDropped(qint64 count);
    void maybeWarnDropped();
    bool hasWorkLocked() const;

    const StoreSettings m_settings;
    QThread *m_thread = nullptr;

    mutable QMutex m_mutex;
    QWaitCondition m_wake; ///< the writer waits here for work
    QWaitCondition m_progress; ///< start(), flush() and runRetention() wait here
    State m_state = State::Idle;
    std::deque<WriteJob> m_queue;
    qint64 m_acceptedJobs = 0;
    qint64 m_finishedJobs = 0;
    int m_flushWaiters = 0;
    bool m_paused = false;
    bool m_stopping = false;
    qint64 m_retentionAsked = 0;
    qint64 m_retentionDone = 0;
    RetentionReport m_lastRetention;
    QString m_lastRetentionError;
    QString m_lastError;

    std::atomic<qint64> m_writtenRows { 0 };
    std::atomic<qint64> m_droppedRows { 0 };
    std::atomic<qint64> m_failedRows { 0 };
    std::atomic<qint64> m_droppedSinceWarning { 0 };
    std::atomic<qint64> m_lastDropWarningMs;
    QElapsedTimer m_clock; ///< started in the constructor; paces the drop warnings
    qint64 m_lastErrorWarningMs = 0; ///< writer thread only
};

} // namespace switchyard::store
