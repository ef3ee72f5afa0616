#pragma once

#include "routing/BreakerSettings.h"

#include <QString>

#include <deque>
#include <utility>

namespace switchyard::routing {

enum class BreakerState { Closed, Open, HalfOpen };

QString breakerStateName(BreakerState state);

/// Per-target circuit breaker. Closed: traffic flows and failures are counted. Open: the
/// target is skipped until the cooldown ends. Then HalfOpen: exactly one probe request may go;
/// its success closes the breaker, its failure re-opens it with a doubled cooldown.
/// Times are the caller's clock, so it is pure logic.
class CircuitBreaker final
{
public:
    explicit CircuitBreaker(const BreakerSettings &settings = BreakerSettings());

    /// Open turns into HalfOpen by itself once the cooldown has passed.
    BreakerState state(qint64 nowMs) const;
    /// Closed, or HalfOpen with the probe still free.
    bool allowsRequest(qint64 nowMs) const;
    /// Claims the half-open probe; true when this attempt is it.
    bool tryAcquireProbe(qint64 nowMs);
    bool probeInFlight() const { return m_probeInFlight; }

    void recordSuccess(qint64 nowMs, bool wasProbe);
    void recordFailure(qint64 nowMs, bool wasProbe);
    /// The probe ended without telling us anything about the target (cancelled, 4xx…).
    void releaseProbe();

    int consecutiveFailures() const { return m_consecutiveFailures; }
    /// When an Open breaker lets its probe through; meaningless when Closed.
    qint64 openUntilMs() const { return m_openUntilMs; }
    qint64 currentCooldownMs() const { return m_cooldownMs; }

private:
    void open(qint64 nowMs);
    void prune(qint64 nowMs);

    BreakerSettings m_settings;
    BreakerState m_state = BreakerState::Closed;
    int m_consecutiveFailures = 0;
    qint64 m_openUntilMs = 0;
    qint64 m_cooldownMs = 0;
    bool m_probeInFlight = false;
    std::deque<std::pair<qint64, bool>> m_window; ///< (time, failed)
};

} // namespace switchyard::routing
