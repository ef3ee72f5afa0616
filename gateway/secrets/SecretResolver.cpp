#include "SecretResolver.h"

#include "secrets/SecretStore.h"

#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace switchyard::secrets {

SecretResolver::SecretResolver(SecretStore *store, QObject *parent)
    : QObject(parent), m_store(store)
{
}

SecretResolver::~SecretResolver() = default;

SecretResolver::Key SecretResolver::keyOf(const config::SecretRef &ref)
{
    return { ref.source, ref.name };
}

const SecretBytes *SecretResolver::cached(const config::SecretRef &ref) const
{
    const auto it = m_cache.find(keyOf(ref));
    return it == m_cache.end() ? nullptr : it->second.get();
}

void SecretResolver::resolve(const config::SecretRef &ref, QObject *context, Callback done)
{
    // Always answer later, never from inside the call, so callers need not be re-entrant.
    QMetaObject::invokeMethod(
        this,
        [this, ref, guard = QPointer<QObject>(context), done = std::move(done)]() {
            if (guard)
                start(ref, guard, done);
        },
        Qt::QueuedConnection);
}

void SecretResolver::prefetch(const QList<config::SecretRef> &refs)
{
    for (const config::SecretRef &ref : refs) {
        if (cached(ref))
            continue;
        if (ref.source == config::SecretRef::Source::Env)
            (void)resolveEnv(ref);
        else
            start(ref, this, Callback());
    }
}

void SecretResolver::invalidate(const QString &name)
{
    m_cache.erase(keyOf(config::SecretRef { config::SecretRef::Source::Keychain, name }));
    const auto pending = m_pending.find(name);
    if (pending != m_pending.end())
        pending->second.stale = true;
}

void SecretResolver::clear()
{
    m_cache.clear();
    for (auto &entry : m_pending)
        entry.second.stale = true;
}

void SecretResolver::start(const config::SecretRef &ref, QPointer<QObject> context, Callback done)
{
    if (const SecretBytes *value = cached(ref)) {
        if (done)
            done(value);
        return;
    }
    if (ref.source == config::SecretRef::Source::Env) {
        const auto result = resolveEnv(ref);
        if (done)
            done(result);
        return;
    }
    auto &pending = m_pending[ref.name];
    pending.waiters.push_back(Waiter { context, std::move(done) });
    if (pending.waiters.size() == 1)
        readFromStore(ref.name);
}

Result<const SecretBytes *> SecretResolver::resolveEnv(const config::SecretRef &ref)
{
    QByteArray value = qgetenv(ref.name.toLocal8Bit().constData());
    if (value.isEmpty())
        return Error { ErrorCode::NotFound,
                       u"The environment variable %1 is not set (or empty); export it before "
                       "starting Switchyard, or store the key with `switchyard keys set NAME` "
                       "and write {\"keychain\": NAME}."_s.arg(ref.name) };
    auto &slot = m_cache[keyOf(ref)];
    slot = std::make_unique<SecretBytes>(SecretBytes::takeFrom(value));
    return static_cast<const SecretBytes *>(slot.get());
}

void SecretResolver::readFromStore(const QString &name)
{
    if (!m_store) {
        return finishRead(name,
                          Error { ErrorCode::Unavailable,
                                  u"Key '%1' is configured to come from the OS keychain, but no "
                                  "keychain is available to the gateway; use {\"env\": NAME} "
                                  "instead."_s.arg(name) });
    }
    m_store->read(name, this, [this, name](Result<SecretBytes> result) {
        finishRead(name, std::move(result));
    });
}

void SecretResolver::finishRead(const QString &name, Result<SecretBytes> result)
{
    auto it = m_pending.find(name);
    if (it == m_pending.end())
        return;
    if (it->second.stale) {
        // The value may predate a `keys set`: read again for the same waiters.
        it->second.stale = false;
        return readFromStore(name);
    }
    std::vector<Waiter> waiters = std::move(it->second.waiters);
    m_pending.erase(it);

    const config::SecretRef ref { config::SecretRef::Source::Keychain, name };
    if (result) {
        auto &slot = m_cache[keyOf(ref)];
        slot = std::make_unique<SecretBytes>(std::move(result).value());
    }
    for (Waiter &waiter : waiters) {
        if (!waiter.context || !waiter.done)
            continue;
        // Look the value up per waiter: an earlier callback may have invalidated it.
        if (!result)
            waiter.done(result.error());
        else if (const SecretBytes *value = cached(ref))
            waiter.done(value);
        else
            waiter.done(Error { ErrorCode::Unavailable,
                                u"Key '%1' was invalidated while it was being read"_s.arg(name) });
    }
}

} // namespace switchyard::secrets
