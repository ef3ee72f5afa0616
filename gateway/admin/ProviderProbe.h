#pragma once

#include "base/Result.h"
#include "config/Config.h"
#include "providers/ProviderOperations.h"
#include "upstream/UpstreamTypes.h"

#include <QObject>

namespace switchyard::secrets {
class SecretBytes;
class SecretResolver;
} // namespace switchyard::secrets
namespace switchyard::upstream {
class UpstreamClient;
} // namespace switchyard::upstream

namespace switchyard::admin {

/// `switchyard providers test`: sends the health checker's probe (GET models, Ollama's tags,
/// or the preset's health path) through its own UpstreamClient with a timeout. Env key
/// references are read from the environment, keychain ones through a SecretResolver.
class ProviderProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderProbe)

public:
    /// A probe with its own UpstreamClient.
    explicit ProviderProbe(QObject *parent = nullptr);
    ~ProviderProbe() override;

    /// Starts the probe; finished() follows exactly once, from the event loop.
    void start(const config::ProviderConfig &provider, int timeoutMs);

    /// The probe request for \a provider, with \a key (when given) as its credential instead
    /// of what the provider's key reference names.
    static Result<upstream::UpstreamRequestSpec>
    buildRequest(const config::ProviderConfig &provider, const secrets::SecretBytes *key);

Q_SIGNALS:
    /// The probe is done: ok, or what went wrong.
    void finished(const switchyard::providers::ProbeResult &result);

private:
    void send(Result<upstream::UpstreamRequestSpec> spec, int timeoutMs);
    void finish(const providers::ProbeResult &result);

    upstream::UpstreamClient *m_client = nullptr;
    secrets::SecretResolver *m_resolver = nullptr;
};

} // namespace switchyard::admin
