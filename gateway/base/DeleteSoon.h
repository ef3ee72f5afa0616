#pragma once

class QObject;

namespace switchyard::base {

/// QObject::deleteLater(), batched per thread: one zero-interval timer per event-loop pass
/// instead of one posted event (and one dispatcher wake-up syscall) per object. The gateway
/// creates and drops several objects per request, so this shows up in throughput.
/// Objects already deleted by then are skipped.
void deleteSoon(QObject *object);

} // namespace switchyard::base
