#pragma once

#include "routing/CircuitBreaker.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace switchyard::routing {

enum class HealthState { Healthy, Degraded, Unhealthy, Stale };

QString healthStateName(HealthState state);

/// One target as /health/providers and the UI show it. Plain values: safe to queue to the UI.
struct TargetHealth
{
    QString id;
    BreakerState breaker = BreakerState::Closed;
    bool available = true;
    QString unavailableReason;
    std::optional<double> ewmaTtftMs;
    std::optional<double> ewmaTotalMs;
    int inFlight = 0;
    int consecutiveFailures = 0;
    qint64 successes = 0;
    qint64 failures = 0;
    QString lastError;
    qint64 lastErrorAgoMs = -1; ///< -1 = never failed
};

struct ProviderHealth
{
    QString name;
    HealthState state = HealthState::Healthy;
    QString lastError;
    QList<TargetHealth> targets;
};

/// Every provider's health. Overall: healthy when every provider is (or there are none:
/// nothing is failing), unhealthy when none is healthy or degraded, else degraded.
struct HealthSnapshot
{
    HealthState overall = HealthState::Healthy;
    QList<ProviderHealth> providers;

    QJsonObject toJson() const;
};

} // namespace switchyard::routing
Q_DECLARE_METATYPE(switchyard::routing::HealthSnapshot)
