#pragma once

#include <QtGlobal>

namespace switchyard::admin {

/// Local midnight that starts the day of \a nowMs (ms since the epoch), e.g. for "today".
qint64 startOfLocalDay(qint64 nowMs);
/// Local midnight that starts the month of \a nowMs (ms since the epoch), e.g. for "this month".
qint64 startOfLocalMonth(qint64 nowMs);

} // namespace switchyard::admin
