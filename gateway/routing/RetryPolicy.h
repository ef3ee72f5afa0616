#pragma once

#include "config/Config.h"
#include "routing/Outcome.h"

#include <QList>

namespace switchyard::routing {

/// A route's retry block: which failures move on to the next target, how many attempts in
/// all, and how long to wait between them.
class RetryPolicy final
{
public:
    /// Defaults: every failure kind but 4xx/cancelled, one attempt per target, no backoff.
    RetryPolicy() = default;
    RetryPolicy(const config::RetryConfig &config, qsizetype targetCount);

    bool retriesOn(OutcomeKind kind) const;
    /// Whether to try another target after \a attemptsMade attempts, the last ending in \a kind.
    bool shouldTryNext(OutcomeKind kind, int attemptsMade) const;
    int maxAttempts() const { return m_maxAttempts; }
    int backoffMs() const { return m_backoffMs; }

private:
    QList<OutcomeKind> m_on { OutcomeKind::Connect,       OutcomeKind::Timeout,
                              OutcomeKind::Http429,       OutcomeKind::Http5xx,
                              OutcomeKind::ContextLength, OutcomeKind::BadResponse };
    int m_maxAttempts = 1;
    int m_backoffMs = 0;
};

} // namespace switchyard::routing
