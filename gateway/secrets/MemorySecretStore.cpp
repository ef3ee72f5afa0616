#include "MemorySecretStore.h"

#include <QTimer>

#include <memory>

namespace switchyard::secrets {

MemorySecretStore::MemorySecretStore(QObject *parent) : SecretStore(parent) { }

MemorySecretStore::~MemorySecretStore() = default;

void MemorySecretStore::later(std::function<void()> step)
{
    if (m_delay < std::chrono::milliseconds(0))
        return;
    QTimer::singleShot(m_delay, this, std::move(step));
}

void MemorySecretStore::doRead(const QString &name, ReadCallback done)
{
    ++m_readCount;
    later([this, name, done = std::move(done)]() {
        if (m_failure)
            return done(*m_failure);
        const auto it = m_secrets.find(name);
        if (it == m_secrets.end())
            return done(Error { ErrorCode::NotFound, missingSecretMessage(name) });
        done(it->second.clone());
    });
}

void MemorySecretStore::doWrite(const QString &name, SecretBytes secret, StatusCallback done)
{
    auto box = std::make_shared<SecretBytes>(std::move(secret));
    later([this, name, box, done = std::move(done)]() {
        if (m_failure)
            return done(*m_failure);
        m_secrets[name] = std::move(*box);
        done(Status());
    });
}

void MemorySecretStore::doRemove(const QString &name, StatusCallback done)
{
    later([this, name, done = std::move(done)]() {
        if (m_failure)
            return done(*m_failure);
        if (m_secrets.erase(name) == 0)
            return done(Error { ErrorCode::NotFound, missingSecretMessage(name) });
        done(Status());
    });
}

void MemorySecretStore::doList(ListCallback done)
{
    later([this, done = std::move(done)]() {
        if (m_failure)
            return done(*m_failure);
        QStringList names;
        for (const auto &entry : m_secrets)
            names.append(entry.first);
        done(names);
    });
}

} // namespace switchyard::secrets
