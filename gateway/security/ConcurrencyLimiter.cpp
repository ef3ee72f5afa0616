#include "ConcurrencyLimiter.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcConcurrency, "switchyard.security.concurrency")

namespace switchyard::security {

namespace {

qint64 nowMs()
{
    return QDeadlineTimer::current().deadline();
}

} // namespace

ConcurrencyLimiter::ConcurrencyLimiter(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConcurrencyLimiter::expire);
}

ConcurrencyLimiter::~ConcurrencyLimiter() = default;

void ConcurrencyLimiter::setLimits(const QString &provider, const Limits &limits)
{
    m_providers[provider].limits = limits;
    grantWaiting(provider); // a higher cap may free slots for waiters
}

void ConcurrencyLimiter::acquire(const QString &provider, QObject *context, Callback callback)
{
    if (!context) {
        callback(false, u"no context object"_s);
        return;
    }
    Provider &p = m_providers[provider];
    if (p.limits.maxConcurrent <= 0 || (p.running < p.limits.maxConcurrent && p.queue.empty())) {
        ++p.running;
        callback(true, QString());
        return;
    }
    dropDead(p);
    if (p.running < p.limits.maxConcurrent && p.queue.empty()) {
        ++p.running;
        callback(true, QString());
        return;
    }
    if (qsizetype(p.queue.size()) >= p.limits.maxQueue) {
        const QString reason = u"queue full: %1 requests to provider '%2' are running and %3 "
                               "waiting"_s.arg(p.running)
                                   .arg(provider)
                                   .arg(p.queue.size());
        callback(false, reason);
        return;
    }
    const qint64 now = nowMs();
    p.queue.push_back(Waiter { context, std::move(callback), now,
                               p.limits.queueTimeoutMs > 0 ? now + p.limits.queueTimeoutMs : 0 });
    armTimer();
}

void ConcurrencyLimiter::release(const QString &provider)
{
    auto it = m_providers.find(provider);
    if (it == m_providers.end() || it->running <= 0) {
        qCWarning(lcConcurrency) << "release without acquire for provider" << provider;
        return;
    }
    --it->running;
    grantWaiting(provider);
}

int ConcurrencyLimiter::running(const QString &provider) const
{
    const auto it = m_providers.constFind(provider);
    return it == m_providers.cend() ? 0 : it->running;
}

int ConcurrencyLimiter::queued(const QString &provider) const
{
    const auto it = m_providers.constFind(provider);
    return it == m_providers.cend() ? 0 : int(it->queue.size());
}

void ConcurrencyLimiter::grantWaiting(const QString &provider)
{
    // Look the provider up again on every round: a callback may call acquire() or release(),
    // which can rehash m_providers.
    for (;;) {
        auto it = m_providers.find(provider);
        if (it == m_providers.end() || it->queue.empty())
            break;
        if (it->limits.maxConcurrent > 0 && it->running >= it->limits.maxConcurrent)
            break;
        Waiter waiter = std::move(it->queue.front());
        it->queue.pop_front();
        if (!waiter.context)
            continue; // its request is gone; the slot goes to the next one
        ++it->running;
        waiter.callback(true, QString());
    }
    armTimer();
}

void ConcurrencyLimiter::dropDead(Provider &provider)
{
    provider.queue.erase(std::remove_if(provider.queue.begin(), provider.queue.end(),
                                        [](const Waiter &w) { return !w.context; }),
                         provider.queue.end());
}

void ConcurrencyLimiter::expire()
{
    const qint64 now = nowMs();
    // Collect first, call afterwards: callbacks may re-enter and change the queues.
    QList<std::pair<Waiter, int>> expired;
    for (Provider &p : m_providers) {
        dropDead(p);
        for (auto it = p.queue.begin(); it != p.queue.end();) {
            if (it->deadlineMs != 0 && it->deadlineMs <= now) {
                expired.append({ std::move(*it), p.limits.queueTimeoutMs });
                it = p.queue.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto &[waiter, timeoutMs] : expired) {
        if (waiter.context)
            waiter.callback(
                false,
                u"waited %1 ms for a free slot (limit %2 ms)"_s.arg(now - waiter.enqueuedMs)
                    .arg(timeoutMs));
    }
    armTimer();
}

void ConcurrencyLimiter::armTimer()
{
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const Provider &p : std::as_const(m_providers)) {
        for (const Waiter &w : p.queue) {
            if (w.deadlineMs != 0)
                earliest = std::min(earliest, w.deadlineMs);
        }
    }
    if (earliest == std::numeric_limits<qint64>::max()) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(std::clamp<qint64>(earliest - nowMs(), 0, 24LL * 3600 * 1000)));
}

} // namespace switchyard::security
