#include "SystemClock.h"

namespace switchyard::routing {

SystemClock::SystemClock()
{
    m_timer.start();
}

qint64 SystemClock::nowMs() const
{
    return m_timer.elapsed();
}

} // namespace switchyard::routing
