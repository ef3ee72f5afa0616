#pragma once

#include <QtGlobal>

namespace switchyard::routing {

/// Monotonic milliseconds; a seam so breaker cooldowns and windows are testable.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
};

} // namespace switchyard::routing
