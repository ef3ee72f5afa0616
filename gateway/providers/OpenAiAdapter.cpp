#include "OpenAiAdapter.h"

#include "api/JsonBody.h"
#include "providers/ProviderRequest.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::providers {

namespace {

Result<upstream::UpstreamRequestSpec> baseSpec(const config::ProviderConfig &provider,
                                               const QByteArray &method, const QByteArray &path)
{
    auto key = providerKey(provider);
    if (!key)
        return key.error();
    QString basePath = provider.baseUrl.path();
    // Ollama's OpenAI-compatible API (completions, embeddings) lives under /v1.
    if (provider.kind == u"ollama"_s && !basePath.endsWith(u"/v1"_s))
        basePath += u"/v1"_s;
    upstream::UpstreamRequestSpec spec
        = baseRequest(provider, method, basePath + QString::fromLatin1(path));
    if (!key->isEmpty())
        spec.headers.append({ QByteArrayLiteral("Authorization"), QByteArray("Bearer " + *key) });
    return spec;
}

} // namespace

QByteArray OpenAiAdapter::upstreamBody(const Target &target, const api::RequestContext &request,
                                       const QByteArray &clientBody)
{
    QByteArray body
        = api::JsonBody::setMember(clientBody, "model", api::JsonBody::quote(target.model));
    if (request.stream && !request.clientWantsUsage) {
        QJsonObject options = request.object.value(u"stream_options"_s).toObject();
        options.insert(u"include_usage"_s, true);
        body = api::JsonBody::setMember(body, "stream_options",
                                        QJsonDocument(options).toJson(QJsonDocument::Compact));
    }
    return body;
}

Result<upstream::UpstreamRequestSpec>
OpenAiAdapter::buildRequest(api::OpenAiEndpoint endpoint, const Target &target,
                            const api::RequestContext &request, const QByteArray &clientBody)
{
    auto spec = baseSpec(*target.provider, QByteArrayLiteral("POST"), api::endpointPath(endpoint));
    if (!spec)
        return spec;
    spec->headers.append(
        { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
    spec->headers.append({ QByteArrayLiteral("Accept"),
                           request.stream ? QByteArrayLiteral("text/event-stream")
                                          : QByteArrayLiteral("application/json") });
    spec->body = upstreamBody(target, request, clientBody);
    return spec;
}

Result<upstream::UpstreamRequestSpec>
OpenAiAdapter::buildModelsRequest(const config::ProviderConfig &provider)
{
    auto spec = baseSpec(provider, QByteArrayLiteral("GET"), QByteArrayLiteral("/models"));
    if (spec)
        spec->headers.append(
            { QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json") });
    return spec;
}

} // namespace switchyard::providers

namespace switchyard::providers {

Result<upstream::UpstreamRequestSpec>
OpenAiAdapter::buildRequestWithBody(api::OpenAiEndpoint endpoint,
                                    const config::ProviderConfig &provider, const QByteArray &body,
                                    bool stream)
{
    auto spec = buildModelsRequest(provider); // same base: URL, timeouts, auth
    if (!spec)
        return spec;
    spec->method = QByteArrayLiteral("POST");
    // Same base as /models (incl. Ollama's /v1), another path.
    QUrl url = spec->url;
    QString path = url.path();
    path.chop(QStringLiteral("/models").size());
    url.setPath(path + QString::fromLatin1(api::endpointPath(endpoint)));
    spec->url = url;
    spec->headers.removeIf([](const auto &h) { return h.first == "Accept"; });
    spec->headers.append(
        { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
    spec->headers.append({ QByteArrayLiteral("Accept"),
                           stream ? QByteArrayLiteral("text/event-stream")
                                  : QByteArrayLiteral("application/json") });
    spec->body = body;
    return spec;
}

} // namespace switchyard::providers
