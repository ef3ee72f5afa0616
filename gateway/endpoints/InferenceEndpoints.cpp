#include "InferenceEndpoints.h"

#include "api/ModelName.h"
#include "api/OpenAiValidation.h"
#include "api/canonical/Codecs.h"
#include "http/HttpExchange.h"
#include "http/Router.h"
#include "routing/TokenEstimator.h"
#include "services/GatewayContext.h"
#include "services/RequestPipeline.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::endpoints {

namespace {

// Parses a body that must be a JSON object; the error is the caller's to shape.
std::optional<QJsonObject> jsonObject(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return std::nullopt;
    return doc.object();
}

// The context of a body its codec validated by decoding it: the decoded request is kept, so
// nothing decodes it again. These APIs always carry usage in streams; never edit them.
api::RequestContext decodedContext(base::WireFormat format, const QByteArray &raw,
                                   QJsonObject object, api::canonical::Request decoded)
{
    api::RequestContext request;
    request.format = format;
    request.raw = raw;
    request.object = std::move(object);
    request.model = decoded.model;
    request.canonical = std::move(decoded);
    request.stream = request.object.value(u"stream"_s).toBool(false);
    request.clientWantsUsage = true;
    return request;
}

} // namespace

InferenceEndpoints::InferenceEndpoints(const services::GatewayContext &context) : m_context(context)
{
}

void InferenceEndpoints::addRoutes(http::Router &router)
{
    for (const QByteArray &prefix : { QByteArrayLiteral("/v1"), QByteArray() }) {
        router.add("POST", prefix + "/chat/completions", [this](http::HttpExchange *e) {
            handleOpenAi(e, api::OpenAiEndpoint::ChatCompletions);
        });
        router.add("POST", prefix + "/completions", [this](http::HttpExchange *e) {
            handleOpenAi(e, api::OpenAiEndpoint::Completions);
        });
        router.add("POST", prefix + "/embeddings", [this](http::HttpExchange *e) {
            handleOpenAi(e, api::OpenAiEndpoint::Embeddings);
        });
        router.add("POST", prefix + "/messages",
                   [this](http::HttpExchange *e) { handleMessages(e); });
        router.add("POST", prefix + "/responses",
                   [this](http::HttpExchange *e) { handleResponses(e); });
        router.add("POST", prefix + "/messages/count_tokens",
                   [this](http::HttpExchange *e) { handleCountTokens(e); });
    }
}

void InferenceEndpoints::handleOpenAi(http::HttpExchange *exchange, api::OpenAiEndpoint endpoint)
{
    auto parsed = api::parseOpenAiRequest(endpoint, exchange->request().body);
    if (auto *error = std::get_if<base::ApiError>(&parsed)) {
        exchange->respondError(*error, base::WireFormat::OpenAiChat);
        return;
    }
    m_context.pipeline->run(exchange, std::move(std::get<api::RequestContext>(parsed)));
}

void InferenceEndpoints::handleMessages(http::HttpExchange *exchange)
{
    // Validate as Anthropic does, answer as Anthropic does.
    handleDecoded(exchange, base::WireFormat::AnthropicMessages,
                  base::ApiError::invalidRequest(u"The request body must be a JSON object."_s));
}

void InferenceEndpoints::handleResponses(http::HttpExchange *exchange)
{
    handleDecoded(exchange, base::WireFormat::OpenAiResponses,
                  base::ApiError::invalidRequest(u"The request body must be a JSON object."_s, {},
                                                 u"invalid_json"_s));
}

void InferenceEndpoints::handleDecoded(http::HttpExchange *exchange, base::WireFormat format,
                                       const base::ApiError &notAnObject)
{
    const QByteArray &body = exchange->request().body;
    std::optional<QJsonObject> object = jsonObject(body);
    if (!object) {
        exchange->respondError(notAnObject, format);
        return;
    }
    const api::canonical::Codec *codec = api::canonical::codecFor(format);
    if (!codec) {
        exchange->respondError(
            { 501,
              u"api_error"_s,
              u"The %1 API is not available in this build."_s.arg(
                  format == base::WireFormat::AnthropicMessages ? u"Messages"_s : u"Responses"_s),
              {},
              u"not_implemented"_s },
            format);
        return;
    }
    auto decoded = codec->decodeRequest(*object);
    if (auto *error = std::get_if<base::ApiError>(&decoded)) {
        exchange->respondError(*error, format);
        return;
    }
    if (auto error = api::checkModelName(std::get<api::canonical::Request>(decoded).model)) {
        exchange->respondError(*error, format);
        return;
    }
    m_context.pipeline->run(exchange,
                            decodedContext(format, body, std::move(*object),
                                           std::get<api::canonical::Request>(std::move(decoded))));
}

void InferenceEndpoints::handleCountTokens(http::HttpExchange *exchange)
{
    const std::optional<QJsonObject> object = jsonObject(exchange->request().body);
    if (!object || !object->value(u"messages"_s).isArray()) {
        exchange->respondError(
            base::ApiError::invalidRequest(
                u"messages: Field required (a JSON object with a messages array)."_s),
            base::WireFormat::AnthropicMessages);
        return;
    }
    // A local estimate: no provider is asked, so it is instant and free.
    const qint64 tokens = routing::TokenEstimator::estimateRequest(*object);
    exchange->respondJson(200,
                          QJsonDocument(QJsonObject { { u"input_tokens"_s, tokens } })
                              .toJson(QJsonDocument::Compact));
}

} // namespace switchyard::endpoints
