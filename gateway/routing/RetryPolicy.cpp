#include "RetryPolicy.h"

#include <algorithm>

namespace switchyard::routing {

RetryPolicy::RetryPolicy(const config::RetryConfig &config, qsizetype targetCount)
    : m_maxAttempts(config.attempts > 0 ? config.attempts
                                        : int(std::max<qsizetype>(targetCount, 1))),
      m_backoffMs(config.backoffMs)
{
    m_on.clear();
    for (const QString &name : config.on) {
        for (OutcomeKind kind :
             { OutcomeKind::Connect, OutcomeKind::Timeout, OutcomeKind::Http429,
               OutcomeKind::Http5xx, OutcomeKind::ContextLength, OutcomeKind::BadResponse }) {
            if (outcomeKindName(kind) == name)
                m_on.append(kind);
        }
    }
}

bool RetryPolicy::retriesOn(OutcomeKind kind) const
{
    return m_on.contains(kind);
}

bool RetryPolicy::shouldTryNext(OutcomeKind kind, int attemptsMade) const
{
    return retriesOn(kind) && attemptsMade < m_maxAttempts;
}

} // namespace switchyard::routing
