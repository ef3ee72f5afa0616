#pragma once

#include <QtGlobal>

namespace switchyard::telemetry {

/// Resident memory of this process in bytes; 0 where the platform does not say.
qint64 residentMemoryBytes();

} // namespace switchyard::telemetry
