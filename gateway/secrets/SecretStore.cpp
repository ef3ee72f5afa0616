#include "SecretStore.h"

#include <QMetaObject>
#include <QPointer>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace switchyard::secrets {

namespace {

constexpr qsizetype MaxNameLength = 256;

// One outstanding operation: whichever of the backend and the timer comes first wins.
template<typename R> struct Pending
{
    QPointer<QObject> context;
    std::function<void(R)> done;
    bool finished = false;
};

template<typename R>
std::function<void(R)> armOperation(SecretStore *store, QObject *context,
                                    std::function<void(R)> done, const QString &timeoutMessage)
{
    auto pending = std::make_shared<Pending<R>>();
    pending->context = context;
    pending->done = std::move(done);
    auto finish = [pending](R result) {
        if (pending->finished)
            return;
        pending->finished = true;
        QObject *target = pending->context.data();
        auto callback = std::move(pending->done);
        if (!target || !callback)
            return;
        // R may be move-only (SecretBytes); a shared box makes the functor copyable.
        auto box = std::make_shared<R>(std::move(result));
        QMetaObject::invokeMethod(
            target, [callback, box]() { callback(std::move(*box)); }, Qt::QueuedConnection);
    };
    QTimer::singleShot(store->timeout(), store, [finish, timeoutMessage]() {
        finish(R(Error { ErrorCode::Timeout, timeoutMessage }));
    });
    return finish;
}

} // namespace

SecretStore::SecretStore(QObject *parent) : QObject(parent) { }

SecretStore::~SecretStore() = default;

QString SecretStore::checkName(const QString &name)
{
    if (name.isEmpty())
        return u"a key name must not be empty"_s;
    if (name.size() > MaxNameLength)
        return u"a key name must be at most %1 characters long"_s.arg(MaxNameLength);
    if (name.startsWith(u"__switchyard"_s))
        return u"key names starting with '__switchyard' are reserved"_s;
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control || c.isSpace())
            return u"a key name must not contain spaces or control characters"_s;
    }
    return QString();
}

void SecretStore::read(const QString &name, QObject *context, ReadCallback done)
{
    auto finish
        = armOperation<Result<SecretBytes>>(this, context, std::move(done), timeoutMessage());
    if (const QString problem = checkName(name); !problem.isEmpty())
        return finish(Error { ErrorCode::InvalidArgument, problem });
    doRead(name, std::move(finish));
}

void SecretStore::write(const QString &name, SecretBytes secret, QObject *context,
                        StatusCallback done)
{
    auto finish = armOperation<Status>(this, context, std::move(done), timeoutMessage());
    if (const QString problem = checkName(name); !problem.isEmpty())
        return finish(Error { ErrorCode::InvalidArgument, problem });
    if (secret.isEmpty())
        return finish(Error { ErrorCode::InvalidArgument, u"refusing to store an empty key"_s });
    doWrite(name, std::move(secret), std::move(finish));
}

void SecretStore::remove(const QString &name, QObject *context, StatusCallback done)
{
    auto finish = armOperation<Status>(this, context, std::move(done), timeoutMessage());
    if (const QString problem = checkName(name); !problem.isEmpty())
        return finish(Error { ErrorCode::InvalidArgument, problem });
    doRemove(name, std::move(finish));
}

void SecretStore::list(QObject *context, ListCallback done)
{
    doList(armOperation<Result<QStringList>>(this, context, std::move(done), timeoutMessage()));
}

QString SecretStore::timeoutMessage() const
{
    return u"The secret store did not answer within %1 ms."_s.arg(m_timeout.count());
}

QString missingSecretMessage(const QString &name)
{
    return u"No key named '%1' in the OS keychain. Set it with: switchyard keys set %1"_s.arg(name);
}

} // namespace switchyard::secrets
