#include "ProviderRequest.h"

#include "config/ProviderPresets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

std::pair<QByteArray, QByteArray> authHeader(AuthStyle style, const QByteArray &key)
{
    switch (style) {
    case AuthStyle::ApiKeyHeader:
        return { QByteArrayLiteral("x-api-key"), key };
    case AuthStyle::Bearer:
        break;
    }
    return { QByteArrayLiteral("Authorization"), QByteArray("Bearer " + key) };
}

Result<upstream::UpstreamRequestSpec> authorizedRequest(const config::ProviderConfig &provider,
                                                        const QByteArray &method,
                                                        const QString &urlPath, AuthStyle style)
{
    auto key = providerKey(provider);
    if (!key)
        return key.error();
    upstream::UpstreamRequestSpec spec = baseRequest(provider, method, urlPath);
    if (!key->isEmpty())
        spec.headers.append(authHeader(style, *key));
    return spec;
}

Result<upstream::UpstreamRequestSpec> healthProbe(const config::ProviderConfig &provider,
                                                  Result<upstream::UpstreamRequestSpec> modelList)
{
    if (!modelList)
        return modelList;
    // llama.cpp and vLLM have a proper health endpoint at the server root; use it unless the
    // model list is needed for discovery.
    if (const auto preset = config::findPreset(provider.preset);
        preset && !preset->healthPath.isEmpty() && !provider.discoverModels) {
        QUrl url = modelList->url;
        QString root = provider.baseUrl.path();
        if (root.endsWith(u"/v1"_s))
            root.chop(3);
        url.setPath(root + preset->healthPath);
        modelList->url = url;
    }
    return modelList;
}

QStringList modelListIds(const QByteArray &body)
{
    QStringList ids;
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    for (const QJsonValue &m : root.value(u"data"_s).toArray())
        ids.append(m[u"id"_s].toString());
    for (const QJsonValue &m : root.value(u"models"_s).toArray())
        ids.append(m[u"name"_s].toString());
    ids.removeAll(QString());
    return ids;
}

Error cannotLoadModels(const config::ProviderConfig &provider)
{
    return { ErrorCode::Unsupported,
             u"The provider '%1' (%2) cannot load or unload models; only local servers that "
             "manage models (Ollama) can."_s.arg(provider.name,
                                                 config::providerKindName(provider.kind)) };
}

Error cannotReportLoadedModels(const config::ProviderConfig &provider)
{
    return { ErrorCode::Unsupported,
             u"The provider '%1' (%2) does not report loaded models; Ollama does."_s.arg(
                 provider.name, config::providerKindName(provider.kind)) };
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
