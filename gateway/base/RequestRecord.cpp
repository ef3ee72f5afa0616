#include "RequestRecord.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace switchyard::base {

QString RequestRecord::summary() const
{
    QStringList attemptList;
    for (const AttemptRecord &a : attempts)
        attemptList.append(a.target + u'=' + a.outcome);
    QString line = QString::fromLatin1(requestId) + u' ' + endpoint + u' ' + requestedModel;
    if (!route.isEmpty() && route != requestedModel)
        line += u" (route "_s + route + u')';
    line += u" -> "_s + (provider.isEmpty() ? u"-"_s : provider + u'/' + model) + u' '
        + QString::number(status) + u' ' + QString::number(latencyMs) + u" ms"_s;
    if (ttftMs >= 0 && stream)
        line += u" ttft "_s + QString::number(ttftMs) + u" ms"_s;
    if (!errorCode.isEmpty())
        line += u" error "_s + errorCode;
    if (attemptList.size() > 1)
        line += u" ["_s + attemptList.join(u';') + u']';
    return line;
}

QJsonObject RequestRecord::toSummaryJson() const
{
    QJsonArray attemptList;
    for (const AttemptRecord &a : attempts)
        attemptList.append(QJsonObject { { u"target"_s, a.target }, { u"outcome"_s, a.outcome } });
    QJsonObject o {
        { u"id"_s, QString::fromLatin1(requestId) },
        { u"time"_s,
          QDateTime::fromMSecsSinceEpoch(startedAtMs, Qt::UTC).toString(Qt::ISODateWithMs) },
        { u"endpoint"_s, endpoint },
        { u"requested_model"_s, requestedModel },
        { u"route"_s, route },
        { u"provider"_s, provider },
        { u"model"_s, model },
        { u"status"_s, status },
        { u"stream"_s, stream },
        { u"latency_ms"_s, double(latencyMs) },
        { u"cache_hit"_s, cacheHit },
        { u"attempts"_s, attemptList },
    };
    if (!errorCode.isEmpty())
        o.insert(u"error"_s, errorCode);
    if (stream && ttftMs >= 0)
        o.insert(u"ttft_ms"_s, double(ttftMs));
    if (!tokenName.isEmpty())
        o.insert(u"token"_s, tokenName);
    if (usageKnown)
        o.insert(u"usage"_s,
                 QJsonObject { { u"input_tokens"_s, double(tokensIn) },
                               { u"output_tokens"_s, double(tokensOut) },
                               { u"cached_tokens"_s, double(tokensCached) },
                               { u"cache_write_tokens"_s, double(tokensCacheWrite) },
                               { u"reasoning_tokens"_s, double(tokensReasoning) } });
    if (costKnown)
        o.insert(u"cost_usd"_s, costUsd);
    return o;
}

} // namespace switchyard::base
