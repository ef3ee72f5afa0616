#include "HealthRegistry.h"

#include "routing/Clock.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::routing {

namespace {

QString seconds(qint64 ms)
{
    return u"%1 s"_s.arg((std::max<qint64>(ms, 0) + 999) / 1000);
}

} // namespace

HealthRegistry::HealthRegistry(const Clock &clock, const BreakerSettings &settings)
    : m_clock(clock), m_settings(settings)
{
}

void HealthRegistry::setKnown(const QStringList &providers, const QStringList &targetIds)
{
    for (auto it = m_providers.begin(); it != m_providers.end();) {
        // Dynamically registered providers are not in the config; keep those.
        if (it->fromConfig && !providers.contains(it.key()))
            it = m_providers.erase(it);
        else
            ++it;
    }
    for (const QString &name : providers)
        provider(name).fromConfig = true;
    for (auto it = m_targets.begin(); it != m_targets.end();) {
        if (!targetIds.contains(it->first) && it->second.stats.inFlight() == 0
            && !m_providers.contains(providerOf(it->first)))
            it = m_targets.erase(it);
        else
            ++it;
    }
    for (const QString &id : targetIds)
        target(id);
}

HealthRegistry::AttemptId HealthRegistry::beginAttempt(const QString &targetId)
{
    TargetState &state = target(targetId);
    const bool probe = state.breaker.tryAcquireProbe(m_clock.nowMs());
    state.stats.attemptStarted();
    const AttemptId id = m_nextAttempt++;
    m_attempts.insert(id, { targetId, probe });
    return id;
}

void HealthRegistry::endAttempt(AttemptId attempt, const Outcome &outcome)
{
    const auto it = m_attempts.constFind(attempt);
    if (it == m_attempts.constEnd())
        return;
    const OpenAttempt open = *it;
    m_attempts.erase(it);
    TargetState &state = target(open.targetId);
    const qint64 now = m_clock.nowMs();
    state.stats.attemptEnded();

    if (outcome.kind == OutcomeKind::Success) {
        state.stats.recordSuccess(outcome.ttftMs, outcome.totalMs);
        state.breaker.recordSuccess(now, open.probe);
        return;
    }
    if (outcome.kind == OutcomeKind::Http429 && outcome.retryAfterMs > 0) {
        // The provider told us when to come back: wait exactly that long instead of letting
        // a rate limit trip the breaker.
        state.coolDownUntilMs
            = std::max(state.coolDownUntilMs,
                       now + std::min(outcome.retryAfterMs, m_settings.maxRetryAfterMs));
        state.stats.recordFailure(outcome.message, now);
        if (open.probe)
            state.breaker.releaseProbe();
        return;
    }
    if (!countsAgainstTarget(outcome.kind)) {
        if (open.probe)
            state.breaker.releaseProbe();
        return;
    }
    state.stats.recordFailure(
        outcome.message.isEmpty() ? outcomeKindName(outcome.kind) : outcome.message, now);
    state.breaker.recordFailure(now, open.probe);
}

Availability HealthRegistry::availability(const QString &targetId) const
{
    const auto providerIt = m_providers.constFind(providerOf(targetId));
    if (providerIt != m_providers.constEnd()) {
        if (providerIt->stale)
            return { false, u"provider stale (heartbeat expired)"_s };
        if (providerIt->checkFailed)
            return { false,
                     u"provider unhealthy (health check: %1)"_s.arg(
                         providerIt->checkError.isEmpty() ? u"failed"_s : providerIt->checkError) };
    }
    const auto it = m_targets.find(targetId);
    if (it == m_targets.end())
        return {};
    const qint64 now = m_clock.nowMs();
    const TargetState &state = it->second;
    if (now < state.coolDownUntilMs)
        return { false,
                 u"cooling down after 429 (%1 left)"_s.arg(seconds(state.coolDownUntilMs - now)) };
    switch (state.breaker.state(now)) {
    case BreakerState::Closed:
        return {};
    case BreakerState::Open:
        return { false,
                 u"breaker open (probe in %1)"_s.arg(seconds(state.breaker.openUntilMs() - now)) };
    case BreakerState::HalfOpen:
        if (state.breaker.probeInFlight())
            return { false, u"breaker half-open, probe in flight"_s };
        return {};
    }
    return {};
}

void HealthRegistry::setProviderCheck(const QString &name, bool healthy, const QString &error)
{
    ProviderState &state = provider(name);
    state.checkFailed = !healthy;
    state.checkError = healthy ? QString() : error;
}

void HealthRegistry::setProviderStale(const QString &name, bool stale)
{
    provider(name).stale = stale;
}

const TargetStats *HealthRegistry::stats(const QString &targetId) const
{
    const auto it = m_targets.find(targetId);
    return it == m_targets.end() ? nullptr : &it->second.stats;
}

BreakerState HealthRegistry::breakerState(const QString &targetId) const
{
    const auto it = m_targets.find(targetId);
    return it == m_targets.end() ? BreakerState::Closed : it->second.breaker.state(m_clock.nowMs());
}

HealthSnapshot HealthRegistry::snapshot() const
{
    HealthSnapshot snapshot;
    QMap<QString, ProviderState> providers = m_providers;
    for (const auto &[id, state] : m_targets) {
        if (!providers.contains(providerOf(id)))
            providers.insert(providerOf(id), ProviderState());
    }
    int healthy = 0;
    int usable = 0;
    for (auto it = providers.cbegin(); it != providers.cend(); ++it) {
        ProviderHealth health = providerHealth(it.key(), *it);
        healthy += health.state == HealthState::Healthy ? 1 : 0;
        usable += health.state == HealthState::Healthy || health.state == HealthState::Degraded ? 1
                                                                                                : 0;
        snapshot.providers.append(std::move(health));
    }
    const auto count = int(snapshot.providers.size());
    if (healthy == count)
        snapshot.overall = HealthState::Healthy;
    else if (usable == 0)
        snapshot.overall = HealthState::Unhealthy;
    else
        snapshot.overall = HealthState::Degraded;
    return snapshot;
}

ProviderHealth HealthRegistry::providerHealth(const QString &name, const ProviderState &state) const
{
    ProviderHealth health;
    health.name = name;
    const qint64 now = m_clock.nowMs();
    qint64 lastErrorAt = -1;
    int unavailable = 0;
    for (auto it = m_targets.lower_bound(name + u'/'); it != m_targets.end(); ++it) {
        if (providerOf(it->first) != name)
            break;
        const TargetState &t = it->second;
        const Availability availability = this->availability(it->first);
        TargetHealth th;
        th.id = it->first;
        th.breaker = t.breaker.state(now);
        th.available = availability.available;
        th.unavailableReason = availability.reason;
        th.ewmaTtftMs = t.stats.ewmaTtftMs();
        th.ewmaTotalMs = t.stats.ewmaTotalMs();
        th.inFlight = t.stats.inFlight();
        th.consecutiveFailures = t.breaker.consecutiveFailures();
        th.successes = t.stats.successes();
        th.failures = t.stats.failures();
        th.lastError = t.stats.lastError();
        th.lastErrorAgoMs = t.stats.lastErrorAtMs() < 0 ? -1 : now - t.stats.lastErrorAtMs();
        if (t.stats.lastErrorAtMs() > lastErrorAt) {
            lastErrorAt = t.stats.lastErrorAtMs();
            health.lastError = t.stats.lastError();
        }
        unavailable += availability.available ? 0 : 1;
        health.targets.append(th);
    }
    if (state.stale) {
        health.state = HealthState::Stale;
    } else if (state.checkFailed) {
        health.state = HealthState::Unhealthy;
        health.lastError = state.checkError;
    } else if (unavailable > 0) {
        health.state
            = unavailable == health.targets.size() ? HealthState::Unhealthy : HealthState::Degraded;
    }
    return health;
}

HealthRegistry::TargetState &HealthRegistry::target(const QString &targetId)
{
    auto it = m_targets.find(targetId);
    if (it == m_targets.end())
        it = m_targets.emplace(targetId, TargetState(m_settings)).first;
    return it->second;
}

HealthRegistry::ProviderState &HealthRegistry::provider(const QString &name)
{
    return m_providers[name];
}

QString HealthRegistry::providerOf(const QString &targetId)
{
    return targetId.section(u'/', 0, 0);
}

} // namespace switchyard::routing
