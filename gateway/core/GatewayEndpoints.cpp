#include "Gateway.h"

// Gateway, second part: the endpoints of particular APIs (Anthropic messages and token
// counts, OpenAI Responses, model lists, model load/unload).

#include "api/OpenAiValidation.h"
#include "api/canonical/Codecs.h"
#include "base/ApiError.h"
#include "base/RequestId.h"
#include "base/WireFormat.h"
#include "core/DynamicProviders.h"
#include "http/HttpExchange.h"
#include "http/HttpServer.h"
#include "http/Router.h"
#include "providers/HealthChecker.h"
#include "providers/ModelCatalog.h"
#include "providers/ProviderOperations.h"
#include "proxy/ProxyCall.h"
#include "routing/RequestFeatures.h"
#include "routing/RoutingEngine.h"
#include "routing/SystemClock.h"
#include "routing/SystemRandom.h"
#include "routing/TokenEstimator.h"
#include "upstream/UpstreamClient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace switchyard::core {

namespace {
const QByteArray kJson = QByteArrayLiteral("application/json");
}

void Gateway::handleMessages(http::HttpExchange *exchange)
{
    // Validate as Anthropic does, answer as Anthropic does.
    const QJsonDocument doc = QJsonDocument::fromJson(exchange->request().body);
    if (!doc.isObject()) {
        sendAnthropicError(
            exchange, base::ApiError::invalidRequest(u"The request body must be a JSON object."_s));
        return;
    }
    auto decoded = api::canonical::codecFor(base::WireFormat::AnthropicMessages)
                       ->decodeRequest(doc.object());
    if (auto *error = std::get_if<base::ApiError>(&decoded)) {
        sendAnthropicError(exchange, *error);
        return;
    }
    api::ParsedRequest request;
    request.object = doc.object();
    request.model = std::get<api::canonical::Request>(decoded).model;
    request.stream = request.object.value(u"stream"_s).toBool(false);
    request.clientWantsUsage = true; // Anthropic streams always carry usage; never edit them
    proxy(exchange, int(base::WireFormat::AnthropicMessages), std::move(request));
}

void Gateway::handleResponses(http::HttpExchange *exchange)
{
    const QJsonDocument doc = QJsonDocument::fromJson(exchange->request().body);
    if (!doc.isObject()) {
        sendError(exchange,
                  base::ApiError::invalidRequest(u"The request body must be a JSON object."_s, {},
                                                 u"invalid_json"_s));
        return;
    }
    const api::canonical::Codec *codec
        = api::canonical::codecFor(base::WireFormat::OpenAiResponses);
    if (!codec) {
        sendError(exchange,
                  { 501,
                    u"api_error"_s,
                    u"The Responses API is not available in this build."_s,
                    {},
                    u"not_implemented"_s });
        return;
    }
    auto decoded = codec->decodeRequest(doc.object());
    if (auto *error = std::get_if<base::ApiError>(&decoded)) {
        sendError(exchange, *error);
        return;
    }
    api::ParsedRequest request;
    request.object = doc.object();
    request.model = std::get<api::canonical::Request>(decoded).model;
    request.stream = request.object.value(u"stream"_s).toBool(false);
    request.clientWantsUsage = true;
    proxy(exchange, int(base::WireFormat::OpenAiResponses), std::move(request));
}

void Gateway::handleModelLoad(http::HttpExchange *exchange)
{
    // POST /v1/models/{id}/load | /unload: warm a local model up, or free its memory.
    const QByteArray &path = exchange->request().path;
    const bool load = path.endsWith("/load");
    if (!load && !path.endsWith("/unload")) {
        sendError(exchange,
                  base::ApiError::notFound(u"Use POST /v1/models/{id}/load or /unload."_s));
        return;
    }
    const qsizetype at = path.indexOf("/models/") + 8;
    const QString id = QUrl::fromPercentEncoding(path.mid(at, path.lastIndexOf('/') - at));
    auto resolved = m_catalog->resolve(id);
    if (auto *error = std::get_if<base::ApiError>(&resolved)) {
        sendError(exchange, *error);
        return;
    }
    const providers::Target target = std::get<providers::Resolution>(resolved).targets.first();
    QPointer<http::HttpExchange> guard(exchange);
    providers::ProviderOperations::loadModel(
        m_upstream, target, load, this,
        [this, guard](const providers::ProviderOperations::Answer &answer) {
            if (!guard)
                return;
            if (const auto *error = std::get_if<base::ApiError>(&answer))
                sendError(guard, *error);
            else
                sendJson(
                    guard, 200,
                    QJsonDocument(std::get<QJsonObject>(answer)).toJson(QJsonDocument::Compact));
        });
}

void Gateway::handleCountTokens(http::HttpExchange *exchange)
{
    const QJsonDocument doc = QJsonDocument::fromJson(exchange->request().body);
    if (!doc.isObject() || !doc.object().value(u"messages"_s).isArray()) {
        sendAnthropicError(
            exchange,
            base::ApiError::invalidRequest(
                u"messages: Field required (a JSON object with a messages array)."_s));
        return;
    }
    // A local estimate: no provider is asked, so it is instant and free.
    const qint64 tokens = routing::TokenEstimator::estimateRequest(doc.object());
    sendJson(exchange, 200,
             QJsonDocument(QJsonObject { { u"input_tokens"_s, tokens } })
                 .toJson(QJsonDocument::Compact));
}

namespace {
QJsonObject modelObject(const providers::ModelEntry &entry, qint64 created)
{
    QJsonObject o { { u"id"_s, entry.id },
                    { u"object"_s, u"model"_s },
                    { u"created"_s, created },
                    { u"owned_by"_s, entry.ownedBy } };
    // Extra fields (allowed by the spec's open Model object) that tools use for context sizing.
    if (entry.contextLength)
        o.insert(u"context_length"_s, *entry.contextLength);
    if (entry.local)
        o.insert(u"local"_s, true);
    if (!entry.capabilities.isEmpty())
        o.insert(u"capabilities"_s, QJsonArray::fromStringList(entry.capabilities));
    return o;
}
} // namespace

void Gateway::handleListModels(http::HttpExchange *exchange)
{
    const qint64 created = QDateTime::currentSecsSinceEpoch() - m_uptime.elapsed() / 1000;
    QJsonArray data;
    // Claude Code's model picker asks with Anthropic headers and wants Anthropic's shape.
    const bool anthropic = exchange->request().hasHeader("anthropic-version")
        || exchange->request().hasHeader("x-api-key");
    const QString createdAt = QDateTime::fromSecsSinceEpoch(created, Qt::UTC).toString(Qt::ISODate);
    for (const auto &entry : m_catalog->list()) {
        if (anthropic)
            data.append(QJsonObject { { u"type"_s, u"model"_s },
                                      { u"id"_s, entry.id },
                                      { u"display_name"_s, entry.id },
                                      { u"created_at"_s, createdAt } });
        else
            data.append(modelObject(entry, created));
    }
    const QJsonObject body = anthropic
        ? QJsonObject { { u"data"_s, data },
                        { u"has_more"_s, false },
                        { u"first_id"_s, data.isEmpty() ? QJsonValue() : data.first()[u"id"_s] },
                        { u"last_id"_s, data.isEmpty() ? QJsonValue() : data.last()[u"id"_s] } }
        : QJsonObject { { u"object"_s, u"list"_s }, { u"data"_s, data } };
    sendJson(exchange, 200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void Gateway::handleRetrieveModel(http::HttpExchange *exchange)
{
    // The id may itself contain '/' ("openai/gpt-4o"), so take everything after /models/.
    const QByteArray &path = exchange->request().path;
    const qsizetype at = path.indexOf("/models/") + 8;
    const QString id = QUrl::fromPercentEncoding(path.mid(at));
    const qint64 created = QDateTime::currentSecsSinceEpoch() - m_uptime.elapsed() / 1000;
    for (const auto &entry : m_catalog->list()) {
        if (entry.id == id) {
            sendJson(exchange, 200,
                     QJsonDocument(modelObject(entry, created)).toJson(QJsonDocument::Compact));
            return;
        }
    }
    auto resolved = m_catalog->resolve(id);
    if (auto *resolution = std::get_if<providers::Resolution>(&resolved)) {
        // Known through a provider that discovers models, or by its bare name.
        const auto &target = resolution->targets.first();
        sendJson(exchange, 200,
                 QJsonDocument(modelObject({ id, target.provider->name,
                                             target.provider->info(target.model).contextLength,
                                             target.provider->isLocal(),
                                             target.provider->info(target.model).capabilities },
                                           created))
                     .toJson(QJsonDocument::Compact));
        return;
    }
    sendError(exchange, std::get<base::ApiError>(resolved));
}

void Gateway::handleLoadedModels(http::HttpExchange *exchange)
{
    // GET /v1/switchyard/providers/{name}/loaded: what a local server holds in memory now.
    const QByteArray &path = exchange->request().path;
    const QByteArray prefix = QByteArrayLiteral("/v1/switchyard/providers/");
    if (!path.endsWith("/loaded")) {
        sendError(exchange,
                  base::ApiError::notFound(u"Use GET /v1/switchyard/providers/{name}/loaded."_s));
        return;
    }
    const QString name
        = QString::fromUtf8(path.mid(prefix.size(), path.size() - prefix.size() - 7));
    const config::ProviderConfig *provider = m_config.provider(name);
    if (!provider) {
        sendError(exchange, base::ApiError::notFound(u"No provider called '%1'."_s.arg(name)));
        return;
    }
    QPointer<http::HttpExchange> guard(exchange);
    providers::ProviderOperations::loadedModels(
        m_upstream, *provider, this,
        [this, guard](const providers::ProviderOperations::Answer &answer) {
            if (!guard)
                return;
            if (const auto *error = std::get_if<base::ApiError>(&answer))
                sendError(guard, *error);
            else
                sendJson(
                    guard, 200,
                    QJsonDocument(std::get<QJsonObject>(answer)).toJson(QJsonDocument::Compact));
        });
}

} // namespace switchyard::core
