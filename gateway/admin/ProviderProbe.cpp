#include "ProviderProbe.h"

#include "providers/ProviderAdapters.h"
#include "providers/ProviderRequest.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/KeychainService.h"
#include "secrets/SecretResolver.h"
#include "upstream/UpstreamClient.h"
#include "upstream/UpstreamTransfer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace switchyard::admin {

namespace {
// OpenAI and Anthropic: {"data":[{"id"}]}; Ollama /api/tags: {"models":[{"name"}]}.
int modelCount(const QByteArray &body)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    if (root.value(u"data"_s).isArray())
        return int(root.value(u"data"_s).toArray().size());
    if (root.value(u"models"_s).isArray())
        return int(root.value(u"models"_s).toArray().size());
    return -1;
}
} // namespace

ProviderProbe::ProviderProbe(QObject *parent)
    : QObject(parent), m_client(new upstream::UpstreamClient(this))
{
}

ProviderProbe::~ProviderProbe() = default;

Result<upstream::UpstreamRequestSpec>
ProviderProbe::buildRequest(const config::ProviderConfig &provider, const secrets::SecretBytes *key)
{
    config::ProviderConfig withoutKey = provider;
    if (key)
        withoutKey.apiKey.reset(); // the adapters read env references only
    // The same request HealthChecker::check sends.
    const providers::ProviderAdapter &adapter = providers::adapterFor(provider.kind);
    auto spec = adapter.probeRequest(withoutKey);
    if (!spec)
        return spec;
    if (key && !key->isEmpty())
        spec->headers.append(providers::authHeader(adapter.authStyle(), key->view().toByteArray()));
    return spec;
}

void ProviderProbe::start(const config::ProviderConfig &provider, int timeoutMs)
{
    m_clock.start();
    if (!provider.apiKey || provider.apiKey->source == config::SecretRef::Source::Env) {
        send(buildRequest(provider, nullptr), timeoutMs);
        return;
    }
    if (!m_resolver) {
        auto *store = new secrets::KeychainSecretStore(secrets::keychainServiceName(), this);
        m_resolver = new secrets::SecretResolver(store, this);
    }
    m_resolver->resolve(*provider.apiKey, this,
                        [this, provider, timeoutMs](Result<const secrets::SecretBytes *> key) {
                            if (!key) {
                                ProbeResult result;
                                result.error = key.error().message;
                                finish(result);
                                return;
                            }
                            m_clock.start(); // the keychain's time is not the provider's
                            send(buildRequest(provider, *key), timeoutMs);
                        });
}

void ProviderProbe::send(Result<upstream::UpstreamRequestSpec> spec, int timeoutMs)
{
    if (!spec) {
        ProbeResult result;
        result.error = spec.error().message;
        // finished() always comes from the event loop, never from inside start().
        QMetaObject::invokeMethod(
            this, [this, result] { finish(result); }, Qt::QueuedConnection);
        return;
    }
    spec->timeouts.connectMs = std::min(spec->timeouts.connectMs, timeoutMs);
    spec->timeouts.firstByteMs = timeoutMs;
    spec->timeouts.totalMs = timeoutMs;
    m_body.clear();
    m_transfer = m_client->start(std::move(*spec));
    connect(m_transfer, &upstream::UpstreamTransfer::dataReceived, this,
            [this](const QByteArray &data) {
                if (m_body.size() < 8 * 1024 * 1024) // a model list, not a download
                    m_body += data;
            });
    connect(m_transfer, &upstream::UpstreamTransfer::finished, this,
            [this, transfer = m_transfer](upstream::TransferError error, const QString &message) {
                ProbeResult result;
                result.latencyMs = m_clock.elapsed();
                result.status = transfer ? transfer->status() : 0;
                if (error != upstream::TransferError::None) {
                    result.error = u"no answer: %1"_s.arg(
                        message.isEmpty() ? upstream::transferErrorName(error) : message);
                } else if (result.status < 200 || result.status >= 300) {
                    result.error = result.status == 401 || result.status == 403
                        ? u"HTTP %1: check the provider's API key"_s.arg(result.status)
                        : u"HTTP %1"_s.arg(result.status);
                } else {
                    result.ok = true;
                    result.models = modelCount(m_body);
                }
                finish(result);
            });
}

void ProviderProbe::finish(ProbeResult result)
{
    Q_EMIT finished(result);
}

} // namespace switchyard::admin
