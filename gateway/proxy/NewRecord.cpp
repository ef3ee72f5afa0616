#include "NewRecord.h"

#include "http/HttpExchange.h"
#include "routing/RoutingDecision.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace switchyard::proxy {

base::RequestRecord newRecord(const http::HttpExchange &exchange, base::WireFormat inbound,
                              const routing::RoutingDecision &decision)
{
    base::RequestRecord record;
    record.requestId = exchange.request().header("x-request-id");
    for (const auto &[name, value] : exchange.responseHeaders()) {
        if (name == "x-request-id")
            record.requestId = value; // the id the client is told
    }
    record.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    record.endpoint = base::endpointName(inbound);
    record.inboundApi
        = inbound == base::WireFormat::AnthropicMessages ? u"anthropic"_s : u"openai"_s;
    record.requestedModel = decision.requestedModel;
    record.tokenName = exchange.property("switchyard.token").toString();
    record.route = decision.route;
    record.ruleReason = decision.ruleReason;
    return record;
}

} // namespace switchyard::proxy
