#pragma once

#include "base/RequestRecord.h"
#include "base/WireFormat.h"

namespace switchyard::http {
class HttpExchange;
}
namespace switchyard::routing {
struct RoutingDecision;
}

namespace switchyard::proxy {

/// The request-log record of a request that is about to be answered along \a decision:
/// request id, start time, endpoint and API, requested model, access token, route and rule.
/// The proxy and cache replays fill in the rest.
base::RequestRecord newRecord(const http::HttpExchange &exchange, base::WireFormat inbound,
                              const routing::RoutingDecision &decision);

} // namespace switchyard::proxy
