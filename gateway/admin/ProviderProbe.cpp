#include "ProviderProbe.h"

#include "providers/ProviderAdapters.h"
#include "providers/ProviderRequest.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/KeychainService.h"
#include "secrets/SecretResolver.h"
#include "upstream/UpstreamClient.h"

using namespace Qt::StringLiterals;

namespace switchyard::admin {

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
                                providers::ProbeResult result;
                                result.error = key.error().message;
                                finish(result);
                                return;
                            }
                            send(buildRequest(provider, *key), timeoutMs);
                        });
}

void ProviderProbe::send(Result<upstream::UpstreamRequestSpec> spec, int timeoutMs)
{
    providers::ProviderOperations::probe(
        m_client, std::move(spec), timeoutMs, this,
        [this](const providers::ProbeResult &result) { finish(result); });
}

void ProviderProbe::finish(const providers::ProbeResult &result)
{
    Q_EMIT finished(result);
}

} // namespace switchyard::admin
