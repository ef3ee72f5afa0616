#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace switchyard::routing {

/// How a route orders its healthy targets; names as in config.json.
enum class Strategy {
    Fallback,
    LocalFirst,
    CloudFirst,
    CostOptimized,
    LatencyOptimized,
    RoundRobin,
    Weighted,
    LeastBusy,
};

std::optional<Strategy> strategyFromName(QStringView name);
QString strategyName(Strategy strategy);

} // namespace switchyard::routing
