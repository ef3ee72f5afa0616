#pragma once

#include <QString>

namespace switchyard::store {
class RequestLogWriter;
}

namespace switchyard::services {

/// What the composition (Runtime) hands the gateway besides the config. Every pointer may be
/// null (tests, a gateway without a data dir); the objects outlive the gateway and are safe to
/// use from its thread.
struct GatewayServices
{
    store::RequestLogWriter *logWriter = nullptr; ///< thread-safe, never blocks
    QString dataDir; ///< empty: no data dir (nothing is read back at start-up)
    QString databasePath; ///< the SQLite store, for read-only queries at start-up
};

} // namespace switchyard::services
