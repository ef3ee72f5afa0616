#pragma once

#include "base/Result.h"
#include "config/Config.h"
#include "secrets/SecretBytes.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace switchyard::secrets {

class SecretStore;

/// Turns the config's key references into key bytes: {"env": NAME} from the environment,
/// {"keychain": NAME} from a SecretStore. Values are cached after the first success, and
/// concurrent lookups of one keychain name share a single store read. Lives in the gateway
/// thread; call it, and receive its callbacks, there.
class SecretResolver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretResolver)

public:
    using Callback = std::function<void(Result<const SecretBytes *>)>;

    /// \a store may be null: keychain references then fail with a clear message.
    explicit SecretResolver(SecretStore *store, QObject *parent = nullptr);
    ~SecretResolver() override;

    /// The cached value, or nullptr when it has not been loaded (or was invalidated). The
    /// pointer stays valid until invalidate()/clear()/destruction: use it, don't keep it.
    const SecretBytes *cached(const config::SecretRef &ref) const;

    /// Loads \a ref (from the cache when possible) and calls \a done later, in this thread,
    /// unless \a context was destroyed meanwhile.
    void resolve(const config::SecretRef &ref, QObject *context, Callback done);

    /// Starts loading every reference so that the first requests find them cached; errors
    /// are kept for nobody (the next resolve() retries).
    void prefetch(const QList<config::SecretRef> &refs);

    /// Forgets (and wipes) the cached value of keychain entry \a name, e.g. after `keys set`.
    void invalidate(const QString &name);
    /// Forgets and wipes every cached value.
    void clear();

private:
    using Key = std::pair<config::SecretRef::Source, QString>;
    struct Waiter
    {
        QPointer<QObject> context;
        Callback done;
    };
    struct PendingRead
    {
        std::vector<Waiter> waiters;
        bool stale = false; ///< invalidated while the read was running: read again
    };

    static Key keyOf(const config::SecretRef &ref);
    void start(const config::SecretRef &ref, QPointer<QObject> context, Callback done);
    Result<const SecretBytes *> resolveEnv(const config::SecretRef &ref);
    void readFromStore(const QString &name);
    void finishRead(const QString &name, Result<SecretBytes> result);

    QPointer<SecretStore> m_store;
    std::map<Key, std::unique_ptr<SecretBytes>> m_cache;
    std::map<QString, PendingRead> m_pending;
};

} // namespace switchyard::secrets
