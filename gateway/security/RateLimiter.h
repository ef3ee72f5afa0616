#pragma once

#include "security/TokenEntry.h"

#include <QHash>
#include <QString>

namespace switchyard::security {

/// Requests-per-minute and tokens-per-minute limits per key (a token name, or "" for the
/// whole gateway), as two token buckets per key: a full minute's allowance may be spent at
/// once, then it refills continuously. The clock is passed in, so tests are exact.
class RateLimiter final
{
public:
    enum class LimitedBy { None, Requests, Tokens };

    struct Decision
    {
        bool allowed = true;
        int retryAfterSeconds = 0; ///< when refused: wait at least this long (>= 1)
        LimitedBy limitedBy = LimitedBy::None;
    };

    /// At most \a maxKeys keys keep state; beyond that the longest-idle ones are forgotten.
    explicit RateLimiter(qsizetype maxKeys = 10'000);

    /// Limits of \a key; keys without their own limits use the default (none at first).
    void setLimit(const QString &key, const security::RateLimit &limit);
    void setDefaultLimit(const security::RateLimit &limit);

    /// Admits one request expected to use \a estimatedTokens and charges it, or refuses it and
    /// charges nothing. A request larger than a whole minute's token allowance waits for a
    /// full bucket instead of being refused forever.
    Decision check(const QString &key, qint64 estimatedTokens, qint64 nowMs);
    /// Corrects the charge of an admitted request once its real usage is known; using more
    /// than estimated leaves a debt that later requests wait for.
    void commitTokens(const QString &key, qint64 estimatedTokens, qint64 actualTokens);

    /// Keys that currently hold state (for tests and metrics).
    qsizetype trackedKeys() const { return m_buckets.size(); }

private:
    struct Bucket
    {
        double requests = 0; ///< available requests
        double tokens = 0; ///< available tokens; negative after an underestimate
        qint64 lastMs = 0;
    };

    security::RateLimit limitFor(const QString &key) const;
    static void refill(Bucket &bucket, const security::RateLimit &limit, qint64 nowMs);
    static bool isFull(const Bucket &bucket, const security::RateLimit &limit, qint64 nowMs);
    void evict(qint64 nowMs);

    QHash<QString, security::RateLimit> m_limits;
    security::RateLimit m_default;
    QHash<QString, Bucket> m_buckets;
    qsizetype m_maxKeys;
    quint32 m_checksSinceSweep = 0;
};

} // namespace switchyard::security
