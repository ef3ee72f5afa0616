#pragma once

#include "config/Config.h"
#include "routing/RetryPolicy.h"
#include "routing/Strategy.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace switchyard::routing {

/// One target the request may go to, in attempt order.
struct PlannedAttempt
{
    QString targetId; ///< "provider/model"
    QString provider;
    QString model; ///< the provider's model name
    QString reason; ///< "local", "cost $0.0021 est.", "latency 420 ms avg"…
    bool local = false;
    std::optional<qint64> contextLength;
};

struct SkippedTarget
{
    QString targetId;
    QString reason; ///< "breaker open (probe in 12 s)"…
};

/// Where one request goes and why; the proxy walks \c attempts in order.
struct RoutingDecision
{
    QString requestedModel;
    QString route; ///< after rules
    QString ruleReason; ///< "rule 2: has_images", empty when no rule matched
    Strategy strategy = Strategy::Fallback;
    qint64 estimatedPromptTokens = 0;
    QList<PlannedAttempt> attempts;
    QList<SkippedTarget> skipped;
    /// No target was healthy: attempts holds them all anyway, because a breaker must not turn
    /// a flaky provider into a certain 503.
    bool degraded = false;
    RetryPolicy retry;
    config::RouteTimeouts timeouts; ///< 0 = the provider's own

    /// Index of the attempt to make after attempts[failedIndex] ended in \a kind, given
    /// \a attemptsMade so far; -1 to stop. After context_length it skips targets whose
    /// known context window is not larger than the failed one's. \a usable, when given,
    /// filters out more candidates (RoutingEngine skips ones that became unhealthy).
    qsizetype nextAttempt(qsizetype failedIndex, OutcomeKind kind, int attemptsMade,
                          const std::function<bool(const PlannedAttempt &)> &usable = {}) const;
    /// One line for logs: "coder (rule 3: has_tools) local-first: local/q [local], …".
    QString summary() const;
    QJsonObject toJson() const;
};

} // namespace switchyard::routing
