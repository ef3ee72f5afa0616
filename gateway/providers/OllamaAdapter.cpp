#include "OllamaAdapter.h"

#include "providers/ProviderRequest.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

using namespace Qt::StringLiterals;

namespace switchyard::providers {

namespace {

Result<upstream::UpstreamRequestSpec> baseSpec(const config::ProviderConfig &provider,
                                               const QByteArray &method, const QString &path)
{
    // Ollama itself has no keys; a reverse proxy in front of it may want one.
    auto key = providerKey(provider);
    if (!key)
        return key.error();
    QString basePath = provider.baseUrl.path();
    if (basePath.endsWith(u"/v1"_s))
        basePath.chop(3); // a base URL written for the OpenAI-compatible API still works
    upstream::UpstreamRequestSpec spec = baseRequest(provider, method, basePath + path);
    if (!key->isEmpty())
        spec.headers.append({ QByteArrayLiteral("Authorization"), QByteArray("Bearer " + *key) });
    return spec;
}

} // namespace

Result<upstream::UpstreamRequestSpec>
OllamaAdapter::buildChatRequest(const config::ProviderConfig &provider, const QByteArray &body)
{
    auto spec = baseSpec(provider, QByteArrayLiteral("POST"), u"/api/chat"_s);
    if (!spec)
        return spec;
    spec->headers.append(
        { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
    spec->body = body;
    return spec;
}

Result<upstream::UpstreamRequestSpec>
OllamaAdapter::buildTagsRequest(const config::ProviderConfig &provider)
{
    return baseSpec(provider, QByteArrayLiteral("GET"), u"/api/tags"_s);
}

Result<upstream::UpstreamRequestSpec>
OllamaAdapter::buildPsRequest(const config::ProviderConfig &provider)
{
    return baseSpec(provider, QByteArrayLiteral("GET"), u"/api/ps"_s);
}

Result<upstream::UpstreamRequestSpec>
OllamaAdapter::buildKeepAliveRequest(const config::ProviderConfig &provider, const QString &model,
                                     const QJsonValue &keepAlive)
{
    auto spec = baseSpec(provider, QByteArrayLiteral("POST"), u"/api/generate"_s);
    if (!spec)
        return spec;
    spec->headers.append(
        { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
    // An empty prompt loads (or, with keep_alive 0, unloads) the model without generating.
    spec->body
        = QJsonDocument(QJsonObject { { u"model"_s, model }, { u"keep_alive"_s, keepAlive } })
              .toJson(QJsonDocument::Compact);
    return spec;
}

} // namespace switchyard::providers
