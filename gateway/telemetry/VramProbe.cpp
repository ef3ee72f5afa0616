#include "VramProbe.h"

namespace switchyard::telemetry {

VramProbe::VramProbe(QObject *parent) : QObject(parent) { }

} // namespace switchyard::telemetry
