#include "RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace switchyard::security {

namespace {

constexpr double kMinuteMs = 60'000.0;
constexpr quint32 kSweepEvery = 1024;

} // namespace

RateLimiter::RateLimiter(qsizetype maxKeys) : m_maxKeys(std::max<qsizetype>(1, maxKeys)) { }

void RateLimiter::setLimit(const QString &key, const security::RateLimit &limit)
{
    m_limits.insert(key, limit);
}

void RateLimiter::setDefaultLimit(const security::RateLimit &limit)
{
    m_default = limit;
}

security::RateLimit RateLimiter::limitFor(const QString &key) const
{
    return m_limits.value(key, m_default);
}

void RateLimiter::refill(Bucket &bucket, const security::RateLimit &limit, qint64 nowMs)
{
    const double elapsed = double(std::max<qint64>(0, nowMs - bucket.lastMs));
    bucket.lastMs = std::max(bucket.lastMs, nowMs);
    if (limit.requestsPerMinute > 0)
        bucket.requests
            = std::min<double>(limit.requestsPerMinute,
                               bucket.requests + elapsed * limit.requestsPerMinute / kMinuteMs);
    if (limit.tokensPerMinute > 0)
        bucket.tokens
            = std::min<double>(double(limit.tokensPerMinute),
                               bucket.tokens + elapsed * double(limit.tokensPerMinute) / kMinuteMs);
}

bool RateLimiter::isFull(const Bucket &bucket, const security::RateLimit &limit, qint64 nowMs)
{
    Bucket projected = bucket;
    refill(projected, limit, nowMs);
    return (limit.requestsPerMinute == 0 || projected.requests >= limit.requestsPerMinute)
        && (limit.tokensPerMinute == 0 || projected.tokens >= double(limit.tokensPerMinute));
}

RateLimiter::Decision RateLimiter::check(const QString &key, qint64 estimatedTokens, qint64 nowMs)
{
    const security::RateLimit limit = limitFor(key);
    if (limit.isUnlimited())
        return {};
    if (++m_checksSinceSweep >= kSweepEvery)
        evict(nowMs);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_maxKeys)
            evict(nowMs);
        it = m_buckets.insert(
            key, Bucket { double(limit.requestsPerMinute), double(limit.tokensPerMinute), nowMs });
    }
    Bucket &bucket = *it;
    refill(bucket, limit, nowMs);

    const double tokenCost
        = std::min(double(std::max<qint64>(0, estimatedTokens)), double(limit.tokensPerMinute));
    double waitMs = 0;
    LimitedBy limitedBy = LimitedBy::None;
    if (limit.requestsPerMinute > 0 && bucket.requests < 1.0) {
        waitMs = (1.0 - bucket.requests) * kMinuteMs / limit.requestsPerMinute;
        limitedBy = LimitedBy::Requests;
    }
    if (limit.tokensPerMinute > 0 && bucket.tokens < tokenCost) {
        const double tokenWait
            = (tokenCost - bucket.tokens) * kMinuteMs / double(limit.tokensPerMinute);
        if (tokenWait > waitMs) {
            waitMs = tokenWait;
            limitedBy = LimitedBy::Tokens;
        }
    }
    if (limitedBy != LimitedBy::None)
        return Decision { false, std::max(1, int(std::ceil(waitMs / 1000.0))), limitedBy };
    if (limit.requestsPerMinute > 0)
        bucket.requests -= 1.0;
    if (limit.tokensPerMinute > 0)
        bucket.tokens -= tokenCost;
    return {};
}

void RateLimiter::commitTokens(const QString &key, qint64 estimatedTokens, qint64 actualTokens)
{
    const security::RateLimit limit = limitFor(key);
    auto it = m_buckets.find(key);
    if (limit.tokensPerMinute == 0 || it == m_buckets.end())
        return;
    const double charged
        = std::min(double(std::max<qint64>(0, estimatedTokens)), double(limit.tokensPerMinute));
    // A refund never lifts the bucket above a full minute's allowance.
    it->tokens = std::min(double(limit.tokensPerMinute),
                          it->tokens + charged - double(std::max<qint64>(0, actualTokens)));
}

void RateLimiter::evict(qint64 nowMs)
{
    m_checksSinceSweep = 0;
    // A full bucket is the same as no state at all, so forgetting it changes nothing.
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        if (isFull(*it, limitFor(it.key()), nowMs))
            it = m_buckets.erase(it);
        else
            ++it;
    }
    if (m_buckets.size() < m_maxKeys)
        return;
    // Still full of active keys: forget the longest-idle quarter (loses their debt, bounded).
    QList<qint64> times;
    times.reserve(m_buckets.size());
    for (const Bucket &bucket : std::as_const(m_buckets))
        times.append(bucket.lastMs);
    const qsizetype cut = std::max<qsizetype>(1, times.size() / 4);
    std::nth_element(times.begin(), times.begin() + (cut - 1), times.end());
    const qint64 threshold = times.at(cut - 1);
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        if (it->lastMs <= threshold)
            it = m_buckets.erase(it);
        else
            ++it;
    }
}

} // namespace switchyard::security
