#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <deque>
#include <functional>

namespace switchyard::security {

/// Caps requests running at once per provider (a local model server handles a few at a time)
/// with a bounded FIFO of waiters that time out. Single-threaded: use it from the gateway
/// thread only. Callbacks run synchronously, from acquire(), release() or the queue timer.
class ConcurrencyLimiter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConcurrencyLimiter)

public:
    /// \a granted false comes with a reason for the client ("queue full", "waited N ms").
    using Callback = std::function<void(bool granted, const QString &reason)>;

    struct Limits
    {
        int maxConcurrent = 0; ///< 0: unlimited
        int maxQueue = 0; ///< waiters beyond the running ones; 0: refuse at once when busy
        int queueTimeoutMs = 0; ///< 0: wait as long as it takes
    };

    explicit ConcurrencyLimiter(QObject *parent = nullptr);
    ~ConcurrencyLimiter() override;

    void setLimits(const QString &provider, const Limits &limits);

    /// Calls \a callback with true once a slot of \a provider is held (at once when one is
    /// free), or with false when the queue is full or the wait timed out. A waiter whose
    /// \a context is destroyed is dropped without a call. Every grant needs one release().
    void acquire(const QString &provider, QObject *context, Callback callback);
    /// Frees a slot; the oldest live waiter gets it.
    void release(const QString &provider);

    int running(const QString &provider) const;
    /// Waiters, including any whose context died and that were not yet dropped.
    int queued(const QString &provider) const;

private:
    struct Waiter
    {
        QPointer<QObject> context;
        Callback callback;
        qint64 enqueuedMs = 0;
        qint64 deadlineMs = 0; ///< 0: none
    };
    struct Provider
    {
        Limits limits;
        int running = 0;
        std::deque<Waiter> queue;
    };

    void grantWaiting(const QString &provider);
    void dropDead(Provider &provider);
    void expire();
    void armTimer();

    QHash<QString, Provider> m_providers;
    QTimer m_timer;
};

} // namespace switchyard::security
