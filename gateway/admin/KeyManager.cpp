#include "KeyManager.h"

#include "secrets/SecretStore.h"

#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace switchyard::admin {

KeyManager::KeyManager(secrets::SecretStore &store) : m_store(store) { }

void KeyManager::set(const QString &name, secrets::SecretBytes secret, QObject *context,
                     std::function<void(Result<QString>)> done)
{
    if (secret.isEmpty()) {
        QMetaObject::invokeMethod(
            context,
            [done] {
                done(Error { ErrorCode::InvalidArgument, u"refusing to store an empty key"_s });
            },
            Qt::QueuedConnection);
        return;
    }
    const QString shown = secrets::redacted(secret);
    m_store.write(name, std::move(secret), context, [shown, done](Status status) {
        if (!status)
            return done(status.error());
        done(shown);
    });
}

void KeyManager::remove(const QString &name, QObject *context, std::function<void(Status)> done)
{
    m_store.remove(name, context, std::move(done));
}

void KeyManager::list(QObject *context, std::function<void(Result<QStringList>)> done)
{
    m_store.list(context, std::move(done));
}

QString KeyManager::checkName(const QString &name)
{
    return secrets::SecretStore::checkName(name);
}

} // namespace switchyard::admin
