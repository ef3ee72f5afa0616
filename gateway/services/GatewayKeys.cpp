#include "GatewayKeys.h"

#include "providers/ProviderRequest.h"
#include "routing/RoutingDecision.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/KeychainService.h"
#include "secrets/SecretBytes.h"
#include "secrets/SecretResolver.h"

#include <QSet>

#include <memory>

using namespace Qt::StringLiterals;

namespace switchyard::services {

namespace {

bool isKeychain(const config::ProviderConfig *provider)
{
    return provider && provider->apiKey
        && provider->apiKey->source == config::SecretRef::Source::Keychain;
}

} // namespace

GatewayKeys::GatewayKeys(QObject *parent) : QObject(parent) { }

GatewayKeys::~GatewayKeys()
{
    providers::setKeychainLookup({});
}

void GatewayKeys::ensureResolver()
{
    if (m_resolver)
        return;
    m_store = new secrets::KeychainSecretStore(secrets::keychainServiceName(), this);
    m_resolver = new secrets::SecretResolver(m_store, this);
    providers::setKeychainLookup([this](const config::SecretRef &ref) -> Result<QByteArray> {
        if (const secrets::SecretBytes *key = m_resolver->cached(ref))
            return key->view().toByteArray();
        const QString error = m_errors.value(ref.name);
        return Error { ErrorCode::Unavailable,
                       error.isEmpty()
                           ? u"the key '%1' is still being read from the OS keychain"_s.arg(
                               ref.name)
                           : error };
    });
}

void GatewayKeys::configure(const config::Config &config)
{
    QList<config::SecretRef> refs;
    for (const config::ProviderConfig &provider : config.providers) {
        if (isKeychain(&provider))
            refs.append(*provider.apiKey);
    }
    if (refs.isEmpty() && !m_resolver)
        return; // no keychain use: never touch the Secret Service
    ensureResolver();
    m_resolver->clear();
    m_errors.clear();
    for (const config::SecretRef &ref : std::as_const(refs)) {
        m_resolver->resolve(ref, this,
                            [this, name = ref.name](Result<const secrets::SecretBytes *> r) {
                                if (r)
                                    m_errors.remove(name);
                                else
                                    m_errors.insert(name, r.error().message);
                            });
    }
}

void GatewayKeys::whenReady(const config::Config &config, const routing::RoutingDecision &decision,
                            QObject *context, std::function<void()> next)
{
    QList<config::SecretRef> pending;
    QSet<QString> seen;
    if (m_resolver) {
        for (const routing::PlannedAttempt &attempt : decision.attempts) {
            const config::ProviderConfig *provider = config.provider(attempt.provider);
            if (!isKeychain(provider) || seen.contains(provider->apiKey->name))
                continue;
            seen.insert(provider->apiKey->name);
            if (!m_resolver->cached(*provider->apiKey)
                && !m_errors.contains(provider->apiKey->name))
                pending.append(*provider->apiKey);
        }
    }
    if (pending.isEmpty()) {
        next();
        return;
    }
    auto remaining = std::make_shared<int>(int(pending.size()));
    auto shared = std::make_shared<std::function<void()>>(std::move(next));
    QPointer<QObject> guard(context);
    for (const config::SecretRef &ref : std::as_const(pending)) {
        m_resolver->resolve(ref, this,
                            [this, guard, remaining, shared,
                             name = ref.name](Result<const secrets::SecretBytes *> r) {
                                if (r)
                                    m_errors.remove(name);
                                else
                                    m_errors.insert(name, r.error().message);
                                if (--*remaining == 0 && guard)
                                    (*shared)();
                            });
    }
}

void GatewayKeys::keyRejected(const config::ProviderConfig &provider)
{
    if (m_resolver && isKeychain(&provider))
        m_resolver->invalidate(provider.apiKey->name);
}

} // namespace switchyard::services
