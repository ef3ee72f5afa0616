#include "AnthropicAdapter.h"

#include "providers/ProviderRequest.h"

#include <QString>

using namespace Qt::StringLiterals;

namespace switchyard::providers {

namespace {

Result<upstream::UpstreamRequestSpec> baseSpec(const config::ProviderConfig &provider,
                                               const QByteArray &method, const QString &path)
{
    auto key = providerKey(provider);
    if (!key)
        return key.error();
    upstream::UpstreamRequestSpec spec
        = baseRequest(provider, method, provider.baseUrl.path() + path);
    if (!key->isEmpty())
        spec.headers.append({ QByteArrayLiteral("x-api-key"), *key });
    return spec;
}

} // namespace

Result<upstream::UpstreamRequestSpec>
AnthropicAdapter::buildMessagesRequest(const config::ProviderConfig &provider,
                                       const QByteArray &body, bool stream,
                                       const base::HeaderList &clientHeaders)
{
    auto spec = baseSpec(provider, QByteArrayLiteral("POST"), u"/messages"_s);
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
AnthropicAdapter::buildModelsRequest(const config::ProviderConfig &provider)
{
    auto spec = baseSpec(provider, QByteArrayLiteral("GET"), u"/models"_s);
    if (spec)
        spec->headers.append(
            { QByteArrayLiteral("anthropic-version"), QByteArray(kDefaultVersion) });
    return spec;
}

} // namespace switchyard::providers
