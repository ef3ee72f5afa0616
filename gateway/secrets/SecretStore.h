#pragma once

#include "base/Result.h"
#include "secrets/SecretBytes.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>

namespace switchyard::secrets {

/// Asynchronous named-secret storage (the OS keychain, or memory in tests).
///
/// Call it from the thread it lives in. Every callback runs exactly once, later (never from
/// inside the call), in \a context's thread, and not at all when \a context is destroyed first.
/// An operation the backend has not finished within timeout() fails with ErrorCode::Timeout.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    using ReadCallback = std::function<void(Result<SecretBytes>)>;
    using StatusCallback = std::function<void(Status)>;
    using ListCallback = std::function<void(Result<QStringList>)>;

    static constexpr std::chrono::milliseconds DefaultTimeout { 10'000 };

    explicit SecretStore(QObject *parent = nullptr);
    ~SecretStore() override;

    /// Reads the secret \a name; a missing one fails with ErrorCode::NotFound.
    void read(const QString &name, QObject *context, ReadCallback done);
    /// Creates or replaces the secret \a name.
    void write(const QString &name, SecretBytes secret, QObject *context, StatusCallback done);
    /// Deletes the secret \a name; a missing one fails with ErrorCode::NotFound.
    void remove(const QString &name, QObject *context, StatusCallback done);
    /// The names of the stored secrets, sorted; never their values.
    void list(QObject *context, ListCallback done);

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    std::chrono::milliseconds timeout() const { return m_timeout; }

    /// Empty when \a name can name a secret, else why not.
    static QString checkName(const QString &name);

protected:
    // Backends call \a done once; late calls after a timeout are dropped by the base class.
    virtual void doRead(const QString &name, ReadCallback done) = 0;
    virtual void doWrite(const QString &name, SecretBytes secret, StatusCallback done) = 0;
    virtual void doRemove(const QString &name, StatusCallback done) = 0;
    virtual void doList(ListCallback done) = 0;
    /// What the caller is told when the backend did not answer in time.
    virtual QString timeoutMessage() const;

private:
    std::chrono::milliseconds m_timeout = DefaultTimeout;
};

/// The message for a secret that does not exist, with the command that creates it.
QString missingSecretMessage(const QString &name);

} // namespace switchyard::secrets
