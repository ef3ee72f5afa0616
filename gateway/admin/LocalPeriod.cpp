#include "LocalPeriod.h"

#include <QDateTime>

namespace switchyard::admin {

qint64 startOfLocalDay(qint64 nowMs)
{
    return QDateTime::fromMSecsSinceEpoch(nowMs).date().startOfDay().toMSecsSinceEpoch();
}

qint64 startOfLocalMonth(qint64 nowMs)
{
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs).date();
    return QDate(today.year(), today.month(), 1).startOfDay().toMSecsSinceEpoch();
}

} // namespace switchyard::admin
