#include "OllamaAdapter.h"

#include "providers/OpenAiAdapter.h"
#include "providers/ProviderRequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

using namespace Qt::StringLiterals;

namespace switchyard::providers {

namespace {

// The server root: a base URL written for the OpenAI-compatible API (…/v1) still works.
QString rootPath(const config::ProviderConfig &provider)
{
    QString basePath = provider.baseUrl.path();
    if (basePath.endsWith(u"/v1"_s))
        basePath.chop(3);
    return basePath;
}

} // namespace

base::WireFormat OllamaAdapter::upstreamFormat(base::WireFormat inbound) const
{
    const bool chatLike = inbound == base::WireFormat::OpenAiChat
        || inbound == base::WireFormat::AnthropicMessages
        || inbound == base::WireFormat::OpenAiResponses;
    // The native API gets the right context window and keep_alive; completions and
    // embeddings exist only on Ollama's OpenAI-compatible /v1.
    return chatLike ? base::WireFormat::OllamaChat : inbound;
}

Result<upstream::UpstreamRequestSpec>
OllamaAdapter::buildRequest(const config::ProviderConfig &provider, base::WireFormat format,
                            const QByteArray &body, bool stream, const base::HeaderList &) const
{
    if (format != base::WireFormat::OllamaChat) {
        // Ollama's OpenAI-compatible API (completions, embeddings) lives under /v1.
        QString apiPath = provider.baseUrl.path();
        if (!apiPath.endsWith(u"/v1"_s))
            apiPath += u"/v1"_s;
        return OpenAiAdapter::compatibleRequest(provider, apiPath, format, body, stream);
    }
    auto spec = authorizedRequest(provider, QByteArrayLiteral("POST"),
                                  rootPath(provider) + u"/api/chat"_s, authStyle());
    if (!spec)
        return spec;
    spec->headers.append(
        { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
    spec->body = body;
    return spec;
}

Result<upstream::UpstreamRequestSpec>
OllamaAdapter::modelsRequest(const config::ProviderConfig &provider) const
{
    return authorizedRequest(provider, QByteArrayLiteral("GET"),
                             rootPath(provider) + u"/api/tags"_s, authStyle());
}

QStringList OllamaAdapter::parseModels(const QByteArray &body) const
{
    return modelListIds(body);
}

Result<upstream::UpstreamRequestSpec>
OllamaAdapter::probeRequest(const config::ProviderConfig &provider) const
{
    return healthProbe(provider, modelsRequest(provider));
}

Result<upstream::UpstreamRequestSpec>
OllamaAdapter::loadRequest(const config::ProviderConfig &provider, const QString &model,
                           bool load) const
{
    auto spec = authorizedRequest(provider, QByteArrayLiteral("POST"),
                                  rootPath(provider) + u"/api/generate"_s, authStyle());
    if (!spec)
        return spec;
    spec->headers.append(
        { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
    // An empty prompt loads (or, with keep_alive 0, unloads) the model without generating.
    const QJsonValue keepAlive = load ? QJsonValue(u"30m"_s) : QJsonValue(0);
    spec->body
        = QJsonDocument(QJsonObject { { u"model"_s, model }, { u"keep_alive"_s, keepAlive } })
              .toJson(QJsonDocument::Compact);
    return spec;
}

Result<upstream::UpstreamRequestSpec>
OllamaAdapter::loadedModelsRequest(const config::ProviderConfig &provider) const
{
    return authorizedRequest(provider, QByteArrayLiteral("GET"), rootPath(provider) + u"/api/ps"_s,
                             authStyle());
}

QList<ResidentModel> OllamaAdapter::parseLoadedModels(const QByteArray &body) const
{
    // {"models":[{"name","size","size_vram","expires_at"}]}
    QList<ResidentModel> models;
    for (const QJsonValue &m : QJsonDocument::fromJson(body).object().value(u"models"_s).toArray())
        models.append({ m[u"name"_s].toString(), m[u"size"_s].toInteger(),
                        m[u"size_vram"_s].toInteger(), m[u"expires_at"_s] });
    return models;
}

} // namespace switchyard::providers
