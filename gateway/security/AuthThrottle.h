#pragma once

#include <QHash>
#include <QString>

namespace switchyard::security {

/// Slows down guessing: counts failed authentications per peer address and says how long to
/// hold the next refusal back. Apply the delay to failed attempts only (hold back the 401),
/// never before checking a token, so a page spamming bad tokens from 127.0.0.1 cannot slow
/// down well-behaved clients on the same address.
class AuthThrottle final
{
public:
    struct Settings
    {
        int freeFailures = 3; ///< failures answered without delay
        int baseDelayMs = 250; ///< delay after the first failure beyond the free ones
        int maxDelayMs = 5000; ///< the delay doubles per failure up to this
        qint64 forgetAfterMs = 15 * 60 * 1000; ///< a peer quiet this long starts over
        qsizetype maxPeers = 4096; ///< memory bound; the longest-quiet peers go first
    };

    AuthThrottle();
    explicit AuthThrottle(const Settings &settings);

    /// Milliseconds to wait before answering \a peer's next failed attempt.
    int delayFor(const QString &peer, qint64 nowMs) const;
    void recordFailure(const QString &peer, qint64 nowMs);
    /// A valid credential from \a peer: its count starts over.
    void recordSuccess(const QString &peer);

    qsizetype trackedPeers() const { return m_peers.size(); }

private:
    struct Entry
    {
        int failures = 0;
        qint64 lastFailureMs = 0;
    };

    void makeRoom(qint64 nowMs);

    Settings m_settings;
    QHash<QString, Entry> m_peers;
};

} // namespace switchyard::security
