#include "RecordCodec.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTime>

using namespace Qt::StringLiterals;

namespace switchyard::store {

QString RecordCodec::attemptsToJson(const QList<base::AttemptRecord> &attempts)
{
    QJsonArray array;
    for (const base::AttemptRecord &a : attempts) {
        QJsonObject o { { u"target"_s, a.target }, { u"outcome"_s, a.outcome } };
        if (!a.detail.isEmpty())
            o.insert(u"detail"_s, a.detail);
        array.append(o);
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<base::AttemptRecord> RecordCodec::attemptsFromJson(const QString &json)
{
    QList<base::AttemptRecord> attempts;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        attempts.append({ o.value(u"target"_s).toString(), o.value(u"outcome"_s).toString(),
                          o.value(u"detail"_s).toString() });
    }
    return attempts;
}

qint64 RecordCodec::startOfDayMs(QDate day)
{
    return day.startOfDay().toMSecsSinceEpoch();
}

QString RecordCodec::dayOf(qint64 ms)
{
    if (ms < m_dayStartMs || ms >= m_dayEndMs) {
        const QDate day = QDateTime::fromMSecsSinceEpoch(ms).date();
        m_day = day.toString(Qt::ISODate);
        m_dayStartMs = startOfDayMs(day);
        m_dayEndMs = startOfDayMs(day.addDays(1));
    }
    return m_day;
}

} // namespace switchyard::store
