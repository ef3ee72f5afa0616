#pragma once

#include <QtGlobal>

namespace switchyard::routing {

/// When a target's circuit breaker opens and how long it stays open.
struct BreakerSettings
{
    int consecutiveFailures = 5; ///< open after this many failures in a row
    qint64 windowMs = 30'000; ///< sliding window for the error rate
    int minRequestsInWindow = 10; ///< no error-rate verdict on fewer requests
    double maxErrorRate = 0.5; ///< open when the window's failure share exceeds this
    qint64 cooldownMs = 30'000; ///< first open period; doubles per failed probe
    qint64 maxCooldownMs = 300'000;
    qint64 maxRetryAfterMs = 3'600'000; ///< cap on a provider's Retry-After
};

} // namespace switchyard::routing
