#pragma once

#include "base/RequestRecord.h"

#include <QDate>
#include <QList>
#include <QString>

namespace switchyard::store {

/// How RequestRecord fields that are not plain columns are stored.
class RecordCodec final
{
public:
    /// Attempts as a compact JSON array of {"target", "outcome", "detail"}.
    static QString attemptsToJson(const QList<base::AttemptRecord> &attempts);
    static QList<base::AttemptRecord> attemptsFromJson(const QString &json);
    /// Local midnight starting \a day, in ms since the epoch.
    static qint64 startOfDayMs(QDate day);

    /// The local day ("YYYY-MM-DD") of \a ms. Remembers the last day's bounds because a batch
    /// mostly falls on one day and time-zone conversion is comparatively slow.
    QString dayOf(qint64 ms);

private:
    qint64 m_dayStartMs = 1;
    qint64 m_dayEndMs = 0;
    QString m_day;
};

} // namespace switchyard::store
