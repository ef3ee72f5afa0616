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

namespace {
// One gateway per thread: tests run several gateways in one process.
thread_local KeychainLookup t_keychainLookup;
} // namespace

void setKeychainLookup(KeychainLookup lookup)
{
    t_keychainLookup = std::move(lookup);
}

Result<QByteArray> providerKey(const config::ProviderConfig &provider)
{
    if (!provider.apiKey)
        return QByteArray();
    if (provider.apiKey->source != config::SecretRef::Source::Env) {
        if (!t_keychainLookup)
            return Error { ErrorCode::Unavailable,
                           u"provider '%1' takes its API key from the OS keychain ('%2'), which "
                           "is not available here"_s.arg(provider.name, provider.apiKey->name) };
        auto key = t_keychainLookup(*provider.apiKey);
        if (!key)
            return Error { key.error().code,
                           u"provider '%1': %2"_s.arg(provider.name, key.error().message) };
        return key;
    }
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
