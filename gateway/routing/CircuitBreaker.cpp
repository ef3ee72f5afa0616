#include "CircuitBreaker.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::routing {

QString breakerStateName(BreakerState state)
{
    switch (state) {
    case BreakerState::Closed:
        return u"closed"_s;
    case BreakerState::Open:
        return u"open"_s;
    case BreakerState::HalfOpen:
        return u"half-open"_s;
    }
    return u"closed"_s;
}

CircuitBreaker::CircuitBreaker(const BreakerSettings &settings)
    : m_settings(settings), m_cooldownMs(settings.cooldownMs)
{
}

BreakerState CircuitBreaker::state(qint64 nowMs) const
{
    if (m_state == BreakerState::Open && nowMs >= m_openUntilMs)
        return BreakerState::HalfOpen;
    return m_state;
}

bool CircuitBreaker::allowsRequest(qint64 nowMs) const
{
    switch (state(nowMs)) {
    case BreakerState::Closed:
        return true;
    case BreakerState::HalfOpen:
        return !m_probeInFlight;
    case BreakerState::Open:
        return false;
    }
    return false;
}

bool CircuitBreaker::tryAcquireProbe(qint64 nowMs)
{
    if (state(nowMs) != BreakerState::HalfOpen || m_probeInFlight)
        return false;
    m_state = BreakerState::HalfOpen;
    m_probeInFlight = true;
    return true;
}

void CircuitBreaker::recordSuccess(qint64 nowMs, bool wasProbe)
{
    if (wasProbe) {
        m_probeInFlight = false;
        m_state = BreakerState::Closed;
        m_cooldownMs = m_settings.cooldownMs;
        m_consecutiveFailures = 0;
        m_window.clear();
        return;
    }
    // Answers to requests sent before the breaker opened say nothing about now.
    if (m_state != BreakerState::Closed)
        return;
    m_consecutiveFailures = 0;
    m_window.emplace_back(nowMs, false);
    prune(nowMs);
}

void CircuitBreaker::recordFailure(qint64 nowMs, bool wasProbe)
{
    if (wasProbe) {
        m_probeInFlight = false;
        m_cooldownMs = std::min(m_cooldownMs * 2, m_settings.maxCooldownMs);
        m_state = BreakerState::Open;
        m_openUntilMs = nowMs + m_cooldownMs;
        return;
    }
    if (m_state != BreakerState::Closed)
        return;
    ++m_consecutiveFailures;
    m_window.emplace_back(nowMs, true);
    prune(nowMs);
    const auto failures = std::count_if(m_window.begin(), m_window.end(),
                                        [](const auto &entry) { return entry.second; });
    const auto total = qsizetype(m_window.size());
    const bool rateExceeded = total >= m_settings.minRequestsInWindow
        && double(failures) / double(total) > m_settings.maxErrorRate;
    if (m_consecutiveFailures >= m_settings.consecutiveFailures || rateExceeded)
        open(nowMs);
}

void CircuitBreaker::releaseProbe()
{
    m_probeInFlight = false;
}

void CircuitBreaker::open(qint64 nowMs)
{
    m_state = BreakerState::Open;
    m_cooldownMs = m_settings.cooldownMs;
    m_openUntilMs = nowMs + m_cooldownMs;
    m_window.clear();
}

void CircuitBreaker::prune(qint64 nowMs)
{
    while (!m_window.empty() && m_window.front().first <= nowMs - m_settings.windowMs)
        m_window.pop_front();
}

} // namespace switchyard::routing
