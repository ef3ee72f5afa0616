#include "AuthThrottle.h"

#include <QList>

#include <algorithm>

namespace switchyard::security {

AuthThrottle::AuthThrottle() : AuthThrottle(Settings {}) { }

AuthThrottle::AuthThrottle(const Settings &settings) : m_settings(settings)
{
    m_settings.maxPeers = std::max<qsizetype>(1, m_settings.maxPeers);
}

int AuthThrottle::delayFor(const QString &peer, qint64 nowMs) const
{
    const auto it = m_peers.constFind(peer);
    if (it == m_peers.cend() || nowMs - it->lastFailureMs >= m_settings.forgetAfterMs)
        return 0;
    const int beyond = it->failures - m_settings.freeFailures;
    if (beyond <= 0)
        return 0;
    // Doubling from baseDelayMs; the shift is capped so it cannot overflow.
    const qint64 delay = qint64(m_settings.baseDelayMs) << std::min(beyond - 1, 20);
    return int(std::min<qint64>(delay, m_settings.maxDelayMs));
}

void AuthThrottle::recordFailure(const QString &peer, qint64 nowMs)
{
    auto it = m_peers.find(peer);
    if (it == m_peers.end()) {
        if (m_peers.size() >= m_settings.maxPeers)
            makeRoom(nowMs);
        it = m_peers.insert(peer, Entry {});
    } else if (nowMs - it->lastFailureMs >= m_settings.forgetAfterMs) {
        it->failures = 0;
    }
    it->failures = std::min(it->failures + 1, 1'000'000);
    it->lastFailureMs = nowMs;
}

void AuthThrottle::recordSuccess(const QString &peer)
{
    m_peers.remove(peer);
}

void AuthThrottle::makeRoom(qint64 nowMs)
{
    for (auto it = m_peers.begin(); it != m_peers.end();) {
        if (nowMs - it->lastFailureMs >= m_settings.forgetAfterMs)
            it = m_peers.erase(it);
        else
            ++it;
    }
    if (m_peers.size() < m_settings.maxPeers)
        return;
    // Everyone is recent: drop the quietest eighth in one go, so a flood of new peers costs
    // one scan per many insertions rather than one per insertion.
    QList<qint64> times;
    times.reserve(m_peers.size());
    for (const Entry &entry : std::as_const(m_peers))
        times.append(entry.lastFailureMs);
    const qsizetype cut = std::max<qsizetype>(1, times.size() / 8);
    std::nth_element(times.begin(), times.begin() + (cut - 1), times.end());
    const qint64 threshold = times.at(cut - 1);
    qsizetype removed = 0;
    for (auto it = m_peers.begin(); it != m_peers.end() && removed < cut;) {
        if (it->lastFailureMs <= threshold) {
            it = m_peers.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
}

} // namespace switchyard::security
