#pragma once

#include "routing/RouteCandidate.h"
#include "routing/Strategy.h"

#include <QHash>
#include <QList>
#include <QString>

namespace switchyard::routing {

class RandomSource;

/// Orders a route's candidates by its strategy. Holds the state of the rotating strategies
/// (round-robin position, smooth weighted round-robin credits) per route.
class StrategyOrder final
{
public:
    /// What the order may depend on besides the candidates.
    struct Request
    {
        qint64 promptTokens = 0;
        qint64 outputTokens = 512; ///< max_tokens, or a typical answer when not given
        bool stream = false;
    };

    /// Share of latency-optimized decisions that put a random other target first, so a target
    /// that was slow once gets measured again instead of being avoided forever.
    static constexpr double exploreProbability = 0.05;

    explicit StrategyOrder(RandomSource &random);

    /// Every candidate, best first, each with its reason.
    QList<RouteCandidate> order(Strategy strategy, const QString &route,
                                QList<RouteCandidate> candidates, const Request &request);
    /// Forgets rotation state (config reloaded).
    void reset();

private:
    void byLocality(QList<RouteCandidate> &candidates, bool localFirst) const;
    void byCost(QList<RouteCandidate> &candidates, const Request &request) const;
    void byLatency(QList<RouteCandidate> &candidates);
    void roundRobin(QList<RouteCandidate> &candidates, const QString &route);
    void weighted(QList<RouteCandidate> &candidates, const QString &route);
    void leastBusy(QList<RouteCandidate> &candidates) const;

    RandomSource &m_random;
    QHash<QString, quint64> m_turn;
    QHash<QString, QHash<QString, qint64>> m_credit;
};

} // namespace switchyard::routing
