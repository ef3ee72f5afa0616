#include "ProviderRequest.h"

#include <QString>

using namespace Qt::StringLiterals;

namespace switchyard::providers {

upstream::UpstreamRequestSpec baseRequest(const config::ProviderConfig &provider,
                                          const QByteArray &method, const QString &urlPath)
{
    upstream::UpstreamRequestSpec spec;
    spec.method = method;
    QUrl url = provider.baseUrl;
    url.setPath(urlPath);
    spec.url = url;
    spec.timeouts.connectMs = provider.timeouts.connectMs;
    spec.timeouts.firstByteMs = provider.timeouts.firstByteMs;
    spec.timeouts.streamIdleMs = provider.timeouts.streamIdleMs;
    spec.timeouts.totalMs = provider.timeouts.totalMs;
    spec.headers.append(
        { QByteArrayLiteral("User-Agent"), QByteArrayLiteral("switchyard/" SWITCHYARD_VERSION) });
    return spec;
}

Result<QByteArray> providerKey(const config::ProviderConfig &provider)
{
    if (!provider.apiKey)
        return QByteArray();
    if (provider.apiKey->source != config::SecretRef::Source::Env)
        return Error {
            ErrorCode::Unavailable,
            u"provider '%1' takes its API key from the OS keychain ('%2'), which this build "
            "of the gateway cannot read; use {\"env\": NAME} for now"_s.arg(provider.name,
                                                                            provider.apiKey->name)
        };
    const QByteArray key = qgetenv(provider.apiKey->name.toLocal8Bit().constData());
    if (key.isEmpty())
        return Error {
            ErrorCode::Unavailable,
            u"provider '%1' needs its API key in the environment variable %2, which is not set"_s
                .arg(provider.name, provider.apiKey->name)
        };
    return key;
}

} // namespace switchyard::providers
