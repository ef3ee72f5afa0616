#include "Strategy.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace switchyard::routing {

namespace {

constexpr std::array names {
    std::pair { Strategy::Fallback, u"fallback" },
    std::pair { Strategy::LocalFirst, u"local-first" },
    std::pair { Strategy::CloudFirst, u"cloud-first" },
    std::pair { Strategy::CostOptimized, u"cost-optimized" },
    std::pair { Strategy::LatencyOptimized, u"latency-optimized" },
    std::pair { Strategy::RoundRobin, u"round-robin" },
    std::pair { Strategy::Weighted, u"weighted" },
    std::pair { Strategy::LeastBusy, u"least-busy" },
};

} // namespace

std::optional<Strategy> strategyFromName(QStringView name)
{
    for (const auto &[strategy, text] : names) {
        if (name == QStringView(text))
            return strategy;
    }
    return std::nullopt;
}

QString strategyName(Strategy strategy)
{
    for (const auto &[s, text] : names) {
        if (s == strategy)
            return QString::fromUtf16(text);
    }
    return u"fallback"_s;
}

} // namespace switchyard::routing
