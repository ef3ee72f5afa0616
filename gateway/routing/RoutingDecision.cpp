#include "RoutingDecision.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace switchyard::routing {

qsizetype
RoutingDecision::nextAttempt(qsizetype failedIndex, OutcomeKind kind, int attemptsMade,
                             const std::function<bool(const PlannedAttempt &)> &usable) const
{
    if (!retry.shouldTryNext(kind, attemptsMade))
        return -1;
    // A plain value (not an optional) keeps GCC 12's -Wmaybe-uninitialized quiet at -O2.
    const qint64 mustExceed = failedIndex >= 0 && failedIndex < attempts.size()
        ? attempts.at(failedIndex).contextLength.value_or(estimatedPromptTokens)
        : estimatedPromptTokens;
    for (qsizetype i = failedIndex + 1; i < attempts.size(); ++i) {
        if (usable && !usable(attempts.at(i)))
            continue;
        if (kind != OutcomeKind::ContextLength)
            return i;
        const std::optional<qint64> window = attempts.at(i).contextLength;
        // Unknown windows might fit; known ones must beat what already failed, or at least
        // hold the estimated prompt when the failed target's window was not known.
        if (!window || *window > mustExceed)
            return i;
    }
    return -1;
}

QString RoutingDecision::summary() const
{
    QStringList parts;
    for (const auto &a : attempts)
        parts.append(a.targetId + u" ["_s + a.reason + u']');
    for (const auto &s : skipped)
        parts.append(s.targetId + u" [skipped: "_s + s.reason + u']');
    QString head = route;
    if (!ruleReason.isEmpty())
        head += u" ("_s + ruleReason + u')';
    head += u' ' + strategyName(strategy);
    if (degraded)
        head += u" DEGRADED"_s;
    return head + u": "_s + parts.join(u", "_s);
}

QJsonObject RoutingDecision::toJson() const
{
    QJsonArray attemptArray;
    for (const auto &a : attempts) {
        QJsonObject o { { u"target"_s, a.targetId },
                        { u"reason"_s, a.reason },
                        { u"local"_s, a.local } };
        if (a.contextLength)
            o.insert(u"context_length"_s, *a.contextLength);
        attemptArray.append(o);
    }
    QJsonArray skippedArray;
    for (const auto &s : skipped)
        skippedArray.append(QJsonObject { { u"target"_s, s.targetId }, { u"reason"_s, s.reason } });
    QJsonObject o { { u"requested_model"_s, requestedModel },
                    { u"route"_s, route },
                    { u"strategy"_s, strategyName(strategy) },
                    { u"estimated_prompt_tokens"_s, estimatedPromptTokens },
                    { u"attempts"_s, attemptArray },
                    { u"skipped"_s, skippedArray },
                    { u"degraded"_s, degraded } };
    if (!ruleReason.isEmpty())
        o.insert(u"rule"_s, ruleReason);
    return o;
}

} // namespace switchyard::routing
