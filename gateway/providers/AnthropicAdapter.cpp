#include "AnthropicAdapter.h"

#include <QString>

using namespace Qt::StringLiterals;

namespace switchyard::providers {

namespace {

Result<upstream::UpstreamRequestSpec> baseSpec(const config::ProviderConfig &provider,
                                               const QByteArray &method, const QString &path)
{
    upstream::UpstreamRequestSpec spec;
    spec.method = method;
    QUrl url = provider.baseUrl;
    url.setPath(url.path() + path);
    spec.url = url;
    spec.timeouts.connectMs = provider.timeouts.connectMs;
    spec.timeouts.firstByteMs = provider.timeouts.firstByteMs;
    spec.timeouts.streamIdleMs = provider.timeouts.streamIdleMs;
    spec.timeouts.totalMs = provider.timeouts.totalMs;
    spec.headers.append(
        { QByteArrayLiteral("User-Agent"), QByteArrayLiteral("switchyard/" SWITCHYARD_VERSION) });
    if (provider.apiKey) {
        if (provider.apiKey->source != config::SecretRef::Source::Env)
            return Error {
                ErrorCode::Unavailable,
                u"provider '%1' takes its API key from the OS keychain ('%2'), which this build "
                "of the gateway cannot read; use {\"env\": NAME} for now"_s.arg(
                    provider.name, provider.apiKey->name)
            };
        const QByteArray key = qgetenv(provider.apiKey->name.toLocal8Bit().constData());
        if (key.isEmpty())
            return Error {
                ErrorCode::Unavailable,
                u"provider '%1' needs its API key in the environment variable %2, which is not set"_s
                    .arg(provider.name, provider.apiKey->name)
            };
        spec.headers.append({ QByteArrayLiteral("x-api-key"), key });
    }
    return spec;
}

} // namespace

Result<upstream::UpstreamRequestSpec>
AnthropicAdapter::buildMessagesRequest(const config::ProviderConfig &provider,
                                       const QByteArray &body, bool stream,
                                       const http::HeaderList &clientHeaders)
{
    auto spec = baseSpec(provider, QByteArrayLiteral("POST"), u"/messages"_s);
    if (!spec)
        return spec;
    const QByteArray version = http::headerValue(clientHeaders, "anthropic-version");
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
