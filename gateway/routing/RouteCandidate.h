#pragma once

#include <QString>

#include <optional>

namespace switchyard::routing {

/// One target of a route with everything the strategies compare, gathered at decision time.
struct RouteCandidate
{
    QString id; ///< "provider/model"
    int listIndex = 0; ///< position in the route's targets: every tie keeps this order
    int weight = 1;
    bool local = false;
    std::optional<double> inputPerMTok;
    std::optional<double> outputPerMTok;
    std::optional<qint64> contextLength;
    std::optional<double> latencyMs; ///< EWMA the latency strategy compares
    int inFlight = 0;
    QString reason; ///< why it sits where it sits, filled by the strategy
};

} // namespace switchyard::routing
