#include "ModelEndpoints.h"

#include "config/Config.h"
#include "http/HttpExchange.h"
#include "http/Router.h"
#include "providers/ModelCatalog.h"
#include "providers/ProviderOperations.h"
#include "services/GatewayContext.h"
#include "upstream/UpstreamClient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <memory>

using namespace Qt::StringLiterals;

namespace switchyard::endpoints {

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

namespace {

// The answer of a provider operation, as JSON or as the error it became.
void reply(http::HttpExchange *exchange, const providers::ProviderOperations::Answer &answer)
{
    if (!exchange)
        return;
    if (const auto *error = std::get_if<base::ApiError>(&answer))
        exchange->respondError(*error, base::WireFormat::OpenAiChat);
    else
        exchange->respondJson(
            200, QJsonDocument(std::get<QJsonObject>(answer)).toJson(QJsonDocument::Compact));
}

} // namespace

ModelEndpoints::ModelEndpoints(const services::GatewayContext &context, QObject *parent)
    : QObject(parent), m_context(context)
{
}

void ModelEndpoints::addRoutes(http::Router &router)
{
    for (const QByteArray &prefix : { QByteArrayLiteral("/v1"), QByteArray() }) {
        router.addPrefix("POST", prefix + "/models/",
                         [this](http::HttpExchange *e) { handleLoad(e); });
        router.add("GET", prefix + "/models", [this](http::HttpExchange *e) { handleList(e); });
        router.addPrefix("GET", prefix + "/models/",
                         [this](http::HttpExchange *e) { handleRetrieve(e); });
    }
    router.addPrefix("GET", "/v1/switchyard/providers/",
                     [this](http::HttpExchange *e) { handleLoaded(e); });
}

qint64 ModelEndpoints::createdSecs() const
{
    return QDateTime::currentSecsSinceEpoch() - m_context.uptime.elapsed() / 1000;
}

void ModelEndpoints::handleLoad(http::HttpExchange *exchange)
{
    // POST /v1/models/{id}/load | /unload: warm a local model up, or free its memory.
    const QByteArray &path = exchange->request().path;
    const bool load = path.endsWith("/load");
    if (!load && !path.endsWith("/unload")) {
        exchange->respondError(
            base::ApiError::notFound(u"Use POST /v1/models/{id}/load or /unload."_s),
            base::WireFormat::OpenAiChat);
        return;
    }
    const qsizetype at = path.indexOf("/models/") + 8;
    const QString id = QUrl::fromPercentEncoding(path.mid(at, path.lastIndexOf('/') - at));
    auto resolved = m_context.catalog->resolve(id);
    if (auto *error = std::get_if<base::ApiError>(&resolved)) {
        exchange->respondError(*error, base::WireFormat::OpenAiChat);
        return;
    }
    const providers::Target target = std::get<providers::Resolution>(resolved).targets.first();
    QPointer<http::HttpExchange> guard(exchange);
    providers::ProviderOperations::loadModel(
        m_context.upstream, target, load, this,
        [guard](const providers::ProviderOperations::Answer &answer) { reply(guard, answer); });
}

void ModelEndpoints::handleList(http::HttpExchange *exchange)
{
    const qint64 created = createdSecs();
    QJsonArray data;
    // Claude Code's model picker asks with Anthropic headers and wants Anthropic's shape.
    const bool anthropic = exchange->request().hasHeader("anthropic-version")
        || exchange->request().hasHeader("x-api-key");
    const QString createdAt = QDateTime::fromSecsSinceEpoch(created, Qt::UTC).toString(Qt::ISODate);
    for (const auto &entry : m_context.catalog->list()) {
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
    exchange->respondJson(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void ModelEndpoints::handleRetrieve(http::HttpExchange *exchange)
{
    // The id may itself contain '/' ("openai/gpt-4o"), so take everything after /models/.
    const QByteArray &path = exchange->request().path;
    const qsizetype at = path.indexOf("/models/") + 8;
    const QString id = QUrl::fromPercentEncoding(path.mid(at));
    const qint64 created = createdSecs();
    for (const auto &entry : m_context.catalog->list()) {
        if (entry.id == id) {
            exchange->respondJson(
                200, QJsonDocument(modelObject(entry, created)).toJson(QJsonDocument::Compact));
            return;
        }
    }
    auto resolved = m_context.catalog->resolve(id);
    if (auto *resolution = std::get_if<providers::Resolution>(&resolved)) {
        // Known through a provider that discovers models, or by its bare name.
        const auto &target = resolution->targets.first();
        exchange->respondJson(
            200,
            QJsonDocument(modelObject({ id, target.provider->name,
                                        target.provider->info(target.model).contextLength,
                                        target.provider->isLocal(),
                                        target.provider->info(target.model).capabilities },
                                      created))
                .toJson(QJsonDocument::Compact));
        return;
    }
    exchange->respondError(std::get<base::ApiError>(resolved), base::WireFormat::OpenAiChat);
}

void ModelEndpoints::handleLoaded(http::HttpExchange *exchange)
{
    // GET /v1/switchyard/providers/{name}/loaded: what a local server holds in memory now.
    const QByteArray &path = exchange->request().path;
    const QByteArray prefix = QByteArrayLiteral("/v1/switchyard/providers/");
    if (!path.endsWith("/loaded")) {
        exchange->respondError(
            base::ApiError::notFound(u"Use GET /v1/switchyard/providers/{name}/loaded."_s),
            base::WireFormat::OpenAiChat);
        return;
    }
    const QString name
        = QString::fromUtf8(path.mid(prefix.size(), path.size() - prefix.size() - 7));
    const config::ProviderConfig *provider = m_context.config->provider(name);
    if (!provider) {
        exchange->respondError(base::ApiError::notFound(u"No provider called '%1'."_s.arg(name)),
                               base::WireFormat::OpenAiChat);
        return;
    }
    QPointer<http::HttpExchange> guard(exchange);
    providers::ProviderOperations::loadedModels(
        m_context.upstream, *provider, this,
        [guard](const providers::ProviderOperations::Answer &answer) { reply(guard, answer); });
}

} // namespace switchyard::endpoints
