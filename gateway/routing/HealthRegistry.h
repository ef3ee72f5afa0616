#pragma once

#include "routing/BreakerSettings.h"
#include "routing/CircuitBreaker.h"
#include "routing/HealthSnapshot.h"
#include "routing/Outcome.h"
#include "routing/TargetStats.h"

#include <QHash>
#include <QMap>
#include <QString>
#include <QStringList>

#include <map>

namespace switchyard::routing {

class Clock;

/// Whether a target may get traffic now, and if not why.
struct Availability
{
    bool available = true;
    QString reason; ///< "breaker open (retry in 12 s)", "cooling down after 429 (8 s left)"…
};

/// Per-provider and per-target health: breakers, latency stats, in-flight counts, cooldowns,
/// and flags set from outside (active health checks, heartbeat staleness). Lives in the
/// gateway thread; hands out plain snapshots for /health/providers and the UI.
class HealthRegistry final
{
public:
    using AttemptId = quint64;

    explicit HealthRegistry(const Clock &clock,
                            const BreakerSettings &settings = BreakerSettings());

    /// Targets and providers from the config; state of ones still listed is kept.
    void setKnown(const QStringList &providers, const QStringList &targetIds);

    /// Call when a request really goes to \a targetId (after any fallback decision). Claims
    /// the half-open probe if the target is waiting for one.
    AttemptId beginAttempt(const QString &targetId);
    /// Records how the attempt ended. Unknown or already ended ids are ignored, so a caller may
    /// end an attempt from its destructor as Cancelled without tracking whether it did.
    void endAttempt(AttemptId attempt, const Outcome &outcome);

    Availability availability(const QString &targetId) const;
    bool isAvailable(const QString &targetId) const { return availability(targetId).available; }

    /// Result of an active health check (e.g. GET /models); a failed one marks the provider
    /// unhealthy and its targets unavailable.
    void setProviderCheck(const QString &provider, bool healthy, const QString &error = {});
    /// A dynamically registered provider whose heartbeat expired.
    void setProviderStale(const QString &provider, bool stale);

    /// Null for a target never seen.
    const TargetStats *stats(const QString &targetId) const;
    BreakerState breakerState(const QString &targetId) const;

    HealthSnapshot snapshot() const;

private:
    struct TargetState
    {
        explicit TargetState(const BreakerSettings &settings) : breaker(settings) { }
        CircuitBreaker breaker;
        TargetStats stats;
        qint64 coolDownUntilMs = 0; ///< from a 429's Retry-After
    };
    struct ProviderState
    {
        bool checkFailed = false;
        QString checkError;
        bool stale = false;
        bool fromConfig = false;
    };
    struct OpenAttempt
    {
        QString targetId;
        bool probe = false;
    };

    TargetState &target(const QString &targetId);
    ProviderState &provider(const QString &name);
    ProviderHealth providerHealth(const QString &name, const ProviderState &state) const;
    static QString providerOf(const QString &targetId);

    const Clock &m_clock;
    BreakerSettings m_settings;
    // QMap: snapshots list providers and targets in a stable order.
    QMap<QString, ProviderState> m_providers;
    std::map<QString, TargetState> m_targets;
    QHash<AttemptId, OpenAttempt> m_attempts;
    AttemptId m_nextAttempt = 1;
};

} // namespace switchyard::routing
