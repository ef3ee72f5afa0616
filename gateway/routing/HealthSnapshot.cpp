#include "HealthSnapshot.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace switchyard::routing {

QString healthStateName(HealthState state)
{
    switch (state) {
    case HealthState::Healthy:
        return u"healthy"_s;
    case HealthState::Degraded:
        return u"degraded"_s;
    case HealthState::Unhealthy:
        return u"unhealthy"_s;
    case HealthState::Stale:
        return u"stale"_s;
    }
    return u"healthy"_s;
}

QJsonObject HealthSnapshot::toJson() const
{
    QJsonArray providerArray;
    for (const ProviderHealth &p : providers) {
        QJsonArray targetArray;
        for (const TargetHealth &t : p.targets) {
            QJsonObject o { { u"id"_s, t.id },
                            { u"breaker"_s, breakerStateName(t.breaker) },
                            { u"available"_s, t.available },
                            { u"in_flight"_s, t.inFlight },
                            { u"consecutive_failures"_s, t.consecutiveFailures },
                            { u"successes"_s, t.successes },
                            { u"failures"_s, t.failures } };
            if (!t.available)
                o.insert(u"unavailable_reason"_s, t.unavailableReason);
            if (t.ewmaTtftMs)
                o.insert(u"ewma_ttft_ms"_s, qRound64(*t.ewmaTtftMs));
            if (t.ewmaTotalMs)
                o.insert(u"ewma_total_ms"_s, qRound64(*t.ewmaTotalMs));
            if (t.lastErrorAgoMs >= 0) {
                o.insert(u"last_error"_s, t.lastError);
                o.insert(u"last_error_ago_ms"_s, t.lastErrorAgoMs);
            }
            targetArray.append(o);
        }
        QJsonObject provider { { u"name"_s, p.name },
                               { u"state"_s, healthStateName(p.state) },
                               { u"targets"_s, targetArray } };
        if (!p.lastError.isEmpty())
            provider.insert(u"last_error"_s, p.lastError);
        providerArray.append(provider);
    }
    return QJsonObject { { u"status"_s, healthStateName(overall) },
                         { u"providers"_s, providerArray } };
}

} // namespace switchyard::routing
