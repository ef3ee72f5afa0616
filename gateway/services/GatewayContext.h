#pragma once

#include <QElapsedTimer>
#include <QPointer>

#include <functional>

namespace switchyard::config {
struct Config;
}
namespace switchyard::cache {
class ResponseCache;
}
namespace switchyard::providers {
class ModelCatalog;
}
namespace switchyard::routing {
class RoutingEngine;
}
namespace switchyard::telemetry {
class VramMonitor;
}
namespace switchyard::upstream {
class UpstreamClient;
}

namespace switchyard::services {

class Accounting;
class DynamicProviders;
class EventStream;
class GatewayKeys;
class RequestPipeline;
class SecurityGate;

/// The objects one gateway's endpoints share, all living in the gateway thread and owned by
/// core::Gateway. Endpoints hold a reference to it and read the pointers when a request
/// comes: the upstream client and the VRAM monitor only exist once the gateway started.
struct GatewayContext
{
    config::Config *config = nullptr; ///< the live config, updated in place on reloads
    routing::RoutingEngine *engine = nullptr;
    providers::ModelCatalog *catalog = nullptr;
    cache::ResponseCache *cache = nullptr;
    QPointer<upstream::UpstreamClient> upstream;
    QPointer<telemetry::VramMonitor> vram;
    SecurityGate *gate = nullptr;
    GatewayKeys *keys = nullptr;
    Accounting *accounting = nullptr;
    DynamicProviders *dynamic = nullptr;
    EventStream *events = nullptr;
    RequestPipeline *pipeline = nullptr;
    QElapsedTimer uptime;
    std::function<int()> inFlight; ///< requests being served now
};

} // namespace switchyard::services
