#pragma once

#include "base/Result.h"
#include "config/Config.h"
#include "routing/BreakerSettings.h"
#include "routing/HealthRegistry.h"
#include "routing/ModelResolver.h"
#include "routing/RequestFeatures.h"
#include "routing/RoutingDecision.h"
#include "routing/RuleSet.h"
#include "routing/StrategyOrder.h"

#include <memory>
#include <optional>
#include <variant>

namespace switchyard::routing {

class Clock;
class RandomSource;

/// The route a request goes to and why.
struct RouteChoice
{
    QString route;
    QString reason; ///< the rule's reason, or empty when the client named the route
};

/// Decides where each request goes: rules pick a route, the route's strategy orders its
/// healthy targets, the health registry says which are healthy. Pure logic, no I/O; lives in
/// the gateway thread.
class RoutingEngine final
{
public:
    RoutingEngine(std::unique_ptr<Clock> clock, std::unique_ptr<RandomSource> random,
                  const BreakerSettings &breaker = BreakerSettings());
    ~RoutingEngine();
    Q_DISABLE_COPY_MOVE(RoutingEngine)

    /// Takes (a copy of) a validated config; health state of targets still listed survives.
    void setConfig(const config::Config &config);

    /// First matching rule, else the requested model when it names a route. std::nullopt for
    /// anything else: resolve it as provider/model or a bare model, then fall back to the
    /// "default" route. Requests naming an explicit "provider/model" skip the rules.
    std::optional<RouteChoice> chooseRoute(const RequestFeatures &features) const;
    /// Plans the attempts for \a choice; NotFound if the route does not exist.
    Result<RoutingDecision> decide(const RouteChoice &choice, const RequestFeatures &features);
    /// chooseRoute + decide; std::nullopt when the request is not for a route.
    std::optional<RoutingDecision> route(const RequestFeatures &features);
    /// Where a request goes, the whole decision: a route (rules, the route the client named),
    /// else the provider model the resolver finds, else the "default" route; the resolver's
    /// error when nothing matches. Needs setModelResolver().
    std::variant<RoutingDecision, base::ApiError> decideRequest(const RequestFeatures &features);
    /// Resolves model names that are not routes; not owned, must outlive the engine's use.
    void setModelResolver(const ModelResolver *resolver) { m_resolver = resolver; }
    /// A one-attempt plan for a resolved "provider/model", so the proxy has one code path.
    RoutingDecision direct(const QString &targetId, const RequestFeatures &features) const;

    /// Index of the next attempt after attempts[failedIndex] failed with \a kind, or -1. Like
    /// RoutingDecision::nextAttempt, but also skips targets that became unavailable since the
    /// decision (unless it was degraded anyway).
    qsizetype nextAttempt(const RoutingDecision &decision, qsizetype failedIndex, OutcomeKind kind,
                          int attemptsMade) const;

    HealthRegistry &health() { return m_health; }
    const HealthRegistry &health() const { return m_health; }
    const Clock &clock() const { return *m_clock; }

private:
    RouteCandidate candidate(const config::RouteTarget &target, int index, bool stream) const;

    std::unique_ptr<Clock> m_clock;
    std::unique_ptr<RandomSource> m_random;
    HealthRegistry m_health;
    StrategyOrder m_order;
    config::Config m_config;
    RuleSet m_rules;
    const ModelResolver *m_resolver = nullptr;
};

} // namespace switchyard::routing
