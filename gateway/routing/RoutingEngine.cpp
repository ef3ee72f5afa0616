#include "RoutingEngine.h"

#include "routing/Clock.h"
#include "routing/RandomSource.h"

using namespace Qt::StringLiterals;

namespace switchyard::routing {

namespace {

// A typical answer, for pricing requests that do not cap their output.
constexpr qint64 defaultOutputTokens = 512;

PlannedAttempt planned(const RouteCandidate &c)
{
    return { c.id,    c.id.section(u'/', 0, 0), c.id.section(u'/', 1), c.reason,
             c.local, c.contextLength };
}

} // namespace

RoutingEngine::RoutingEngine(std::unique_ptr<Clock> clock, std::unique_ptr<RandomSource> random,
                             const BreakerSettings &breaker)
    : m_clock(std::move(clock)), m_random(std::move(random)), m_health(*m_clock, breaker),
      m_order(*m_random)
{
}

RoutingEngine::~RoutingEngine() = default;

void RoutingEngine::setConfig(const config::Config &config)
{
    m_config = config;
    m_rules = RuleSet(config.rules);
    m_order.reset();
    QStringList providers;
    for (const auto &p : config.providers)
        providers.append(p.name);
    QStringList targets;
    for (const auto &r : config.routes) {
        for (const auto &t : r.targetList) {
            if (!targets.contains(t.id))
                targets.append(t.id);
        }
    }
    m_health.setKnown(providers, targets);
}

std::optional<RouteChoice> RoutingEngine::chooseRoute(const RequestFeatures &features) const
{
    const qsizetype slash = features.model.indexOf(u'/');
    const bool explicitTarget = slash > 0 && !m_config.route(features.model)
        && m_config.provider(features.model.left(slash));
    if (!explicitTarget) {
        if (auto match = m_rules.match(features))
            return RouteChoice { match->route, match->reason };
    }
    if (m_config.route(features.model))
        return RouteChoice { features.model, QString() };
    return std::nullopt;
}

Result<RoutingDecision> RoutingEngine::decide(const RouteChoice &choice,
                                              const RequestFeatures &features)
{
    const config::RouteConfig *route = m_config.route(choice.route);
    if (!route)
        return Error { ErrorCode::NotFound, u"no route named '%1'"_s.arg(choice.route) };

    RoutingDecision decision;
    decision.requestedModel = features.model;
    decision.route = route->model;
    decision.ruleReason = choice.reason;
    decision.strategy = strategyFromName(route->strategy).value_or(Strategy::Fallback);
    decision.estimatedPromptTokens = features.promptTokens;
    decision.timeouts = route->timeouts;

    QList<RouteCandidate> healthy;
    QList<RouteCandidate> all;
    QStringList seen;
    for (qsizetype i = 0; i < route->targetList.size(); ++i) {
        const config::RouteTarget &target = route->targetList.at(i);
        if (seen.contains(target.id))
            continue; // listed twice: one set of health state, one place in the order
        seen.append(target.id);
        const RouteCandidate c = candidate(target, int(i), features.stream);
        all.append(c);
        const Availability availability = m_health.availability(target.id);
        if (availability.available)
            healthy.append(c);
        else
            decision.skipped.append({ target.id, availability.reason });
    }
    decision.retry = RetryPolicy(route->retry, all.size());

    const StrategyOrder::Request request {
        features.promptTokens,
        features.maxOutputTokens > 0 ? features.maxOutputTokens : defaultOutputTokens,
        features.stream,
    };
    decision.degraded = healthy.isEmpty();
    const QList<RouteCandidate> ordered = m_order.order(decision.strategy, route->model,
                                                        decision.degraded ? all : healthy, request);
    for (const RouteCandidate &c : ordered) {
        PlannedAttempt attempt = planned(c);
        if (decision.degraded) {
            const auto skipped
                = std::find_if(decision.skipped.cbegin(), decision.skipped.cend(),
                               [&](const SkippedTarget &s) { return s.targetId == c.id; });
            attempt.reason += u", unhealthy: "_s + skipped->reason;
        } else if (m_health.breakerState(c.id) == BreakerState::HalfOpen) {
            attempt.reason += u", half-open probe"_s;
        }
        decision.attempts.append(attempt);
    }
    if (decision.degraded)
        decision.skipped.clear(); // all of them are being tried after all
    return decision;
}

std::optional<RoutingDecision> RoutingEngine::route(const RequestFeatures &features)
{
    const auto choice = chooseRoute(features);
    if (!choice)
        return std::nullopt;
    auto decision = decide(*choice, features);
    if (!decision)
        return std::nullopt;
    return std::move(decision).value();
}

std::variant<RoutingDecision, base::ApiError>
RoutingEngine::decideRequest(const RequestFeatures &features)
{
    if (auto choice = chooseRoute(features)) {
        auto decision = decide(*choice, features);
        if (!decision)
            return base::ApiError::internal(decision.error().message);
        return std::move(*decision);
    }
    if (!m_resolver)
        return base::ApiError::internal(u"no model resolver is set"_s);
    auto resolved = m_resolver->resolve(features.model);
    if (const auto *model = std::get_if<ResolvedModel>(&resolved)) {
        if (auto refusal = m_resolver->unavailable(model->provider))
            return std::move(*refusal);
        return direct(model->targetId, features);
    }
    if (m_config.defaultRoute()) {
        auto decision = decide(
            { u"default"_s, u"no route or provider model is called '%1'"_s.arg(features.model) },
            features);
        if (decision)
            return std::move(*decision);
    }
    return std::get<base::ApiError>(std::move(resolved));
}

RoutingDecision RoutingEngine::direct(const QString &targetId,
                                      const RequestFeatures &features) const
{
    RoutingDecision decision;
    decision.requestedModel = features.model;
    decision.estimatedPromptTokens = features.promptTokens;
    decision.retry = RetryPolicy(config::RetryConfig(), 1);
    RouteCandidate c = candidate({ targetId, 1 }, 0, features.stream);
    const Availability availability = m_health.availability(targetId);
    c.reason = availability.available ? u"requested"_s
                                      : u"requested, unhealthy: "_s + availability.reason;
    decision.degraded = !availability.available;
    decision.attempts.append(planned(c));
    return decision;
}

qsizetype RoutingEngine::nextAttempt(const RoutingDecision &decision, qsizetype failedIndex,
                                     OutcomeKind kind, int attemptsMade) const
{
    if (decision.degraded)
        return decision.nextAttempt(failedIndex, kind, attemptsMade);
    return decision.nextAttempt(
        failedIndex, kind, attemptsMade,
        [this](const PlannedAttempt &attempt) { return m_health.isAvailable(attempt.targetId); });
}

RouteCandidate RoutingEngine::candidate(const config::RouteTarget &target, int index,
                                        bool stream) const
{
    RouteCandidate c;
    c.id = target.id;
    c.listIndex = index;
    c.weight = target.weight;
    if (const config::ProviderConfig *provider = m_config.provider(target.provider())) {
        const config::ModelInfo info = provider->info(target.model());
        c.local = provider->isLocal();
        c.inputPerMTok = info.inputPerMTok;
        c.outputPerMTok = info.outputPerMTok;
        c.contextLength = info.contextLength;
    }
    if (const TargetStats *stats = m_health.stats(target.id)) {
        c.latencyMs = stats->latencyMs(stream);
        c.inFlight = stats->inFlight();
    }
    return c;
}

} // namespace switchyard::routing
