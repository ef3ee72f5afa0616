#include "OpenAiAdapter.h"

#include "api/JsonBody.h"
#include "providers/ProviderRequest.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::providers {

namespace {

api::OpenAiEndpoint endpointFor(base::WireFormat format)
{
    switch (format) {
    case base::WireFormat::OpenAiCompletions:
        return api::OpenAiEndpoint::Completions;
    case base::WireFormat::OpenAiEmbeddings:
        return api::OpenAiEndpoint::Embeddings;
    case base::WireFormat::OpenAiChat:
    case base::WireFormat::AnthropicMessages:
    case base::WireFormat::OpenAiResponses:
    case base::WireFormat::OllamaChat:
        break;
    }
    return api::OpenAiEndpoint::ChatCompletions;
}

} // namespace

base::WireFormat OpenAiAdapter::upstreamFormat(base::WireFormat inbound) const
{
    // Chat for every chat-like API; completions and embeddings stay as they are.
    const bool chatLike = inbound == base::WireFormat::OpenAiChat
        || inbound == base::WireFormat::AnthropicMessages
        || inbound == base::WireFormat::OpenAiResponses;
    return chatLike ? base::WireFormat::OpenAiChat : inbound;
}

Result<upstream::UpstreamRequestSpec>
OpenAiAdapter::compatibleRequest(const config::ProviderConfig &provider, const QString &apiPath,
                                 base::WireFormat format, const QByteArray &body, bool stream)
{
    auto spec = authorizedRequest(
        provider, QByteArrayLiteral("POST"),
        apiPath + QString::fromLatin1(api::endpointPath(endpointFor(format))), AuthStyle::Bearer);
    if (!spec)
        return spec;
    spec->headers.append(
        { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
    spec->headers.append({ QByteArrayLiteral("Accept"),
                           stream ? QByteArrayLiteral("text/event-stream")
                                  : QByteArrayLiteral("application/json") });
    spec->body = body;
    return spec;
}

Result<upstream::UpstreamRequestSpec>
OpenAiAdapter::buildRequest(const config::ProviderConfig &provider, base::WireFormat format,
                            const QByteArray &body, bool stream, const base::HeaderList &) const
{
    return compatibleRequest(provider, provider.baseUrl.path(), format, body, stream);
}

Result<upstream::UpstreamRequestSpec>
OpenAiAdapter::modelsRequest(const config::ProviderConfig &provider) const
{
    auto spec = authorizedRequest(provider, QByteArrayLiteral("GET"),
                                  provider.baseUrl.path() + u"/models"_s, AuthStyle::Bearer);
    if (spec)
        spec->headers.append(
            { QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json") });
    return spec;
}

QStringList OpenAiAdapter::parseModels(const QByteArray &body) const
{
    return modelListIds(body);
}

Result<upstream::UpstreamRequestSpec>
OpenAiAdapter::probeRequest(const config::ProviderConfig &provider) const
{
    return healthProbe(provider, modelsRequest(provider));
}

Result<upstream::UpstreamRequestSpec>
OpenAiAdapter::loadRequest(const config::ProviderConfig &provider, const QString &, bool) const
{
    return cannotLoadModels(provider);
}

Result<upstream::UpstreamRequestSpec>
OpenAiAdapter::loadedModelsRequest(const config::ProviderConfig &provider) const
{
    return cannotReportLoadedModels(provider);
}

QList<ResidentModel> OpenAiAdapter::parseLoadedModels(const QByteArray &) const
{
    return {};
}

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

} // namespace switchyard::providers
