#pragma once

#include "routing/Clock.h"

#include <QElapsedTimer>

namespace switchyard::routing {

/// The steady clock: immune to wall-clock jumps, which would open or close breakers.
class SystemClock final : public Clock
{
public:
    SystemClock();
    qint64 nowMs() const override;

private:
    QElapsedTimer m_timer;
};

} // namespace switchyard::routing
