#pragma once

#include "config/Config.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

namespace switchyard::secrets {
class SecretResolver;
class SecretStore;
} // namespace switchyard::secrets

namespace switchyard::routing {
struct RoutingDecision;
}

namespace switchyard::services {

/// The gateway's provider keys from the OS keychain: read once in the background when the
/// config names them, held in wiping memory, and handed to upstream requests of this thread
/// (providers::setKeychainLookup). The keychain is only touched when a provider uses it.
class GatewayKeys final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayKeys)

public:
    explicit GatewayKeys(QObject *parent = nullptr);
    ~GatewayKeys() override;

    /// Reads the keychain keys \a config refers to (again: `keys set` may have changed them).
    void configure(const config::Config &config);
    /// Runs \a next once every keychain key the decision's providers need has been read (or
    /// failed: the attempt then fails with the keychain's message). At once when none is
    /// pending. Dropped if \a context dies first.
    void whenReady(const config::Config &config, const routing::RoutingDecision &decision,
                   QObject *context, std::function<void()> next);
    /// The upstream refused the provider's key: read it again for the next request.
    void keyRejected(const config::ProviderConfig &provider);

private:
    void ensureResolver();

    QPointer<secrets::SecretStore> m_store;
    QPointer<secrets::SecretResolver> m_resolver;
    QHash<QString, QString> m_errors; ///< keychain name -> why it could not be read
};

} // namespace switchyard::services
