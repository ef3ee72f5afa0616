#include "RequestRecord.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace switchyard::api {

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

} // namespace switchyard::api
