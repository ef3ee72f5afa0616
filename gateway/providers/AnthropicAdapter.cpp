#include "AnthropicAdapter.h"

#include "providers/ProviderRequest.h"

#include <QString>

using namespace Qt::StringLiterals;

namespace switchyard::providers {

base::WireFormat AnthropicAdapter::upstreamFormat(base::WireFormat) const
{
    return base::WireFormat::AnthropicMessages;
}

Result<upstream::UpstreamRequestSpec>
AnthropicAdapter::buildRequest(const config::ProviderConfig &provider, base::WireFormat,
                               const QByteArray &body, bool stream,
                               const base::HeaderList &clientHeaders) const
{
    auto spec = authorizedRequest(provider, QByteArrayLiteral("POST"),
                                  provider.baseUrl.path() + u"/messages"_s, authStyle());
    if (!spec)
        return spec;
    const QByteArray version = base::headerValue(clientHeaders, "anthropic-version");
    spec->headers.append({ QByteArrayLiteral("anthropic-version"),
                           version.isEmpty() ? QByteArray(kDefaultVersion) : version });
    for (const auto &[name, value] : clientHeaders) {
        if (QByteArrayView(name).compare("anthropic-beta", Qt::CaseInsensitive) == 0)
            spec->headers.append({ QByteArrayLiteral("anthropic-beta"), value });
    }
    spec->headers.append(
        { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
    spec->headers.append({ QByteArrayLiteral("Accept"),
                           stream ? QByteArrayLiteral("text/event-stream")
                                  : QByteArrayLiteral("application/json") });
    spec->body = body;
    return spec;
}

Result<upstream::UpstreamRequestSpec>
AnthropicAdapter::modelsRequest(const config::ProviderConfig &provider) const
{
    auto spec = authorizedRequest(provider, QByteArrayLiteral("GET"),
                                  provider.baseUrl.path() + u"/models"_s, authStyle());
    if (spec)
        spec->headers.append(
            { QByteArrayLiteral("anthropic-version"), QByteArray(kDefaultVersion) });
    return spec;
}

QStringList AnthropicAdapter::parseModels(const QByteArray &body) const
{
    return modelListIds(body);
}

Result<upstream::UpstreamRequestSpec>
AnthropicAdapter::probeRequest(const config::ProviderConfig &provider) const
{
    return healthProbe(provider, modelsRequest(provider));
}

Result<upstream::UpstreamRequestSpec>
AnthropicAdapter::loadRequest(const config::ProviderConfig &provider, const QString &, bool) const
{
    return cannotLoadModels(provider);
}

Result<upstream::UpstreamRequestSpec>
AnthropicAdapter::loadedModelsRequest(const config::ProviderConfig &provider) const
{
    return cannotReportLoadedModels(provider);
}

QList<ResidentModel> AnthropicAdapter::parseLoadedModels(const QByteArray &) const
{
    return {};
}

} // namespace switchyard::providers
