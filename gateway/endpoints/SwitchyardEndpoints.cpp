#include "SwitchyardEndpoints.h"

#include "api/OpenAiValidation.h"
#include "http/HttpExchange.h"
#include "http/Router.h"
#include "routing/RequestFeatures.h"
#include "routing/RoutingEngine.h"
#include "services/DynamicProviders.h"
#include "services/EventStream.h"
#include "services/GatewayContext.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::endpoints {

SwitchyardEndpoints::SwitchyardEndpoints(const services::GatewayContext &context)
    : m_context(context)
{
}

void SwitchyardEndpoints::addRoutes(http::Router &router)
{
    router.add("GET", "/v1/switchyard/events",
               [this](http::HttpExchange *e) { m_context.events->subscribe(e); });
    router.add("POST", "/v1/switchyard/route",
               [this](http::HttpExchange *e) { handleRouteDryRun(e); });
    router.add("POST", "/v1/switchyard/providers/register",
               [this](http::HttpExchange *e) { handleRegisterProvider(e); });
}

std::variant<routing::RoutingDecision, base::ApiError>
SwitchyardEndpoints::dryRun(const services::GatewayContext &context, const QByteArray &body,
                            const base::HeaderList &headers)
{
    auto parsed = api::parseOpenAiRequest(api::OpenAiEndpoint::ChatCompletions, body);
    if (auto *error = std::get_if<base::ApiError>(&parsed))
        return std::move(*error);
    return context.engine->decideRequest(routing::RequestFeatures::fromRequest(
        std::get<api::RequestContext>(parsed).object, headers));
}

void SwitchyardEndpoints::handleRouteDryRun(http::HttpExchange *exchange)
{
    auto decision = dryRun(m_context, exchange->request().body, exchange->request().headers);
    if (auto *error = std::get_if<base::ApiError>(&decision)) {
        exchange->respondError(*error, base::WireFormat::OpenAiChat);
        return;
    }
    const auto &d = std::get<routing::RoutingDecision>(decision);
    QJsonObject body = d.toJson();
    body.insert(u"summary"_s, d.summary());
    exchange->respondJson(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void SwitchyardEndpoints::handleRegisterProvider(http::HttpExchange *exchange)
{
    // Programs on this machine, or peers holding an access token, may add providers.
    if (!exchange->request().peerAddress.isLoopback()
        && exchange->property("switchyard.token").toString().isEmpty()) {
        exchange->respondError({ 403,
                                 u"permission_error"_s,
                                 u"Providers can only be registered from this machine."_s,
                                 {},
                                 u"forbidden"_s },
                               base::WireFormat::OpenAiChat);
        return;
    }
    auto result = m_context.dynamic->registerProvider(exchange->request().body);
    if (auto *error = std::get_if<base::ApiError>(&result)) {
        exchange->respondError(*error, base::WireFormat::OpenAiChat);
        return;
    }
    const auto &registered = std::get<services::DynamicProviders::Registered>(result);
    const QJsonObject body { { u"name"_s, registered.name },
                             { u"status"_s, registered.isNew ? u"registered"_s : u"refreshed"_s },
                             { u"ttl_s"_s, registered.ttlS } };
    exchange->respondJson(registered.isNew ? 201 : 200,
                          QJsonDocument(body).toJson(QJsonDocument::Compact));
}

} // namespace switchyard::endpoints
