#include "StrategyOrder.h"

#include "routing/RandomSource.h"

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace switchyard::routing {

namespace {

std::optional<double> estimatedCost(const RouteCandidate &c, qint64 promptTokens,
                                    qint64 outputTokens)
{
    if (!c.inputPerMTok || !c.outputPerMTok)
        return std::nullopt;
    return (double(promptTokens) * *c.inputPerMTok + double(outputTokens) * *c.outputPerMTok) / 1e6;
}

QString dollars(double amount)
{
    QString text = QString::number(amount, 'f', 6);
    while (text.endsWith(u'0'))
        text.chop(1);
    if (text.endsWith(u'.'))
        text.chop(1);
    return u"$"_s + text;
}

QString milliseconds(double ms)
{
    return QString::number(qRound64(ms)) + u" ms"_s;
}

} // namespace

StrategyOrder::StrategyOrder(RandomSource &random) : m_random(random) { }

void StrategyOrder::reset()
{
    m_turn.clear();
    m_credit.clear();
}

QList<RouteCandidate> StrategyOrder::order(Strategy strategy, const QString &route,
                                           QList<RouteCandidate> candidates, const Request &request)
{
    if (candidates.isEmpty())
        return candidates;
    switch (strategy) {
    case Strategy::Fallback:
        for (auto &c : candidates)
            c.reason = u"listed #%1"_s.arg(c.listIndex + 1);
        break;
    case Strategy::LocalFirst:
        byLocality(candidates, true);
        break;
    case Strategy::CloudFirst:
        byLocality(candidates, false);
        break;
    case Strategy::CostOptimized:
        byCost(candidates, request);
        break;
    case Strategy::LatencyOptimized:
        byLatency(candidates);
        break;
    case Strategy::RoundRobin:
        roundRobin(candidates, route);
        break;
    case Strategy::Weighted:
        weighted(candidates, route);
        break;
    case Strategy::LeastBusy:
        leastBusy(candidates);
        break;
    }
    return candidates;
}

void StrategyOrder::byLocality(QList<RouteCandidate> &candidates, bool localFirst) const
{
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](const RouteCandidate &a, const RouteCandidate &b) {
                         return a.local != b.local && a.local == localFirst;
                     });
    for (auto &c : candidates)
        c.reason = c.local ? u"local"_s : u"cloud"_s;
}

void StrategyOrder::byCost(QList<RouteCandidate> &candidates, const Request &request) const
{
    constexpr double unknown = std::numeric_limits<double>::infinity();
    auto cost = [&](const RouteCandidate &c) {
        return estimatedCost(c, request.promptTokens, request.outputTokens).value_or(unknown);
    };
    std::stable_sort(
        candidates.begin(), candidates.end(),
        [&](const RouteCandidate &a, const RouteCandidate &b) { return cost(a) < cost(b); });
    for (auto &c : candidates) {
        const auto estimate = estimatedCost(c, request.promptTokens, request.outputTokens);
        c.reason = estimate ? u"cost %1 est."_s.arg(dollars(*estimate)) : u"price unknown"_s;
        if (c.local)
            c.reason += u", local"_s;
    }
}

// Unmeasured targets get an optimistic prior (just better than the best measured one) so each
// is tried once; one already being tried waits behind the measured ones so a burst of requests
// does not all land on an unknown target.
void StrategyOrder::byLatency(QList<RouteCandidate> &candidates)
{
    double best = std::numeric_limits<double>::infinity();
    for (const auto &c : std::as_const(candidates)) {
        if (c.latencyMs)
            best = std::min(best, *c.latencyMs);
    }
    auto score = [&](const RouteCandidate &c) {
        if (c.latencyMs)
            return *c.latencyMs;
        if (c.inFlight > 0 || best == std::numeric_limits<double>::infinity())
            return std::numeric_limits<double>::infinity();
        return best - 1;
    };
    std::stable_sort(
        candidates.begin(), candidates.end(),
        [&](const RouteCandidate &a, const RouteCandidate &b) { return score(a) < score(b); });
    for (auto &c : candidates)
        c.reason = c.latencyMs ? u"latency %1 avg"_s.arg(milliseconds(*c.latencyMs))
                               : u"not measured yet"_s;
    if (candidates.size() > 1 && best < std::numeric_limits<double>::infinity()
        && m_random.uniform() < exploreProbability) {
        const auto pick = 1 + qsizetype(m_random.uniform() * double(candidates.size() - 1));
        RouteCandidate explored = candidates.takeAt(std::min(pick, candidates.size() - 1));
        explored.reason += u", exploring"_s;
        candidates.prepend(explored);
    }
}

void StrategyOrder::roundRobin(QList<RouteCandidate> &candidates, const QString &route)
{
    const auto n = quint64(candidates.size());
    const auto start = qsizetype(m_turn[route]++ % n);
    std::rotate(candidates.begin(), candidates.begin() + start, candidates.end());
    for (qsizetype i = 0; i < candidates.size(); ++i)
        candidates[i].reason = i == 0 ? u"round-robin turn"_s : u"next in rotation"_s;
}

// nginx's smooth weighted round-robin: every pick adds each weight to its target's credit,
// takes the target with the most credit and charges it the total. Weights 1:3 give exactly
// 1 of 4 picks to the first, spread out rather than in bursts.
void StrategyOrder::weighted(QList<RouteCandidate> &candidates, const QString &route)
{
    QHash<QString, qint64> &credit = m_credit[route];
    qint64 total = 0;
    qsizetype chosen = 0;
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        const RouteCandidate &c = candidates.at(i);
        total += c.weight;
        credit[c.id] += c.weight;
        if (credit[c.id] > credit[candidates.at(chosen).id])
            chosen = i;
    }
    credit[candidates.at(chosen).id] -= total;
    RouteCandidate first = candidates.takeAt(chosen);
    std::stable_sort(
        candidates.begin(), candidates.end(),
        [](const RouteCandidate &a, const RouteCandidate &b) { return a.weight > b.weight; });
    candidates.prepend(first);
    for (auto &c : candidates)
        c.reason = u"weight %1/%2"_s.arg(c.weight).arg(total);
}

void StrategyOrder::leastBusy(QList<RouteCandidate> &candidates) const
{
    std::stable_sort(
        candidates.begin(), candidates.end(),
        [](const RouteCandidate &a, const RouteCandidate &b) { return a.inFlight < b.inFlight; });
    for (auto &c : candidates)
        c.reason = u"%1 in flight"_s.arg(c.inFlight);
}

} // namespace switchyard::routing
