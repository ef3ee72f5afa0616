#pragma once

#include "base/Result.h"
#include "secrets/SecretBytes.h"

#include <QString>
#include <QStringList>

#include <functional>

class QObject;

namespace switchyard::secrets {
class SecretStore;
}

namespace switchyard::admin {

/// The provider API keys Switchyard keeps in a SecretStore (the OS keychain, filed under
/// secrets::keychainServiceName()): set, list, delete. Key values go in and never come out.
/// Every callback runs exactly once, later (never from inside the call), in \a context's
/// thread, and not at all when \a context is destroyed first.
class KeyManager final
{
public:
    /// Works on \a store, which must outlive this manager's pending calls.
    explicit KeyManager(secrets::SecretStore &store);

    /// Stores \a secret as the key \a name (replacing one of that name); an empty key is
    /// refused. \a done gets the key's redacted form ("sk-…abcd") to confirm it by.
    void set(const QString &name, secrets::SecretBytes secret, QObject *context,
             std::function<void(Result<QString>)> done);
    /// Deletes the key \a name; a missing one fails with ErrorCode::NotFound.
    void remove(const QString &name, QObject *context, std::function<void(Status)> done);
    /// The names of the stored keys, sorted; never their values.
    void list(QObject *context, std::function<void(Result<QStringList>)> done);

    /// Empty when \a name can name a key, else why not.
    static QString checkName(const QString &name);

private:
    secrets::SecretStore &m_store;
};

} // namespace switchyard::admin
