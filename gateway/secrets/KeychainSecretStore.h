#pragma once

#include "secrets/SecretStore.h"

#include <deque>

namespace switchyard::secrets {

/// SecretStore on the OS keychain through QtKeychain (Secret Service, macOS Keychain, Windows
/// Credential Manager). Never falls back to a plain-text file.
///
/// The keychain cannot enumerate entries, so the names live in one more entry (IndexKey, a
/// JSON array) that write() and remove() keep up to date; updates to it are serialised here.
/// QtKeychain binds all jobs of a process to the thread of its first job: use every instance
/// from that one thread (calls from another fail with ErrorCode::Internal instead of crashing).
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)

public:
    /// The keychain entry holding the names of all keys of a service.
    static QString indexKey();
    /// The service the entries are filed under unless told otherwise; production code asks
    /// keychainServiceName() (secrets/KeychainService.h), which tests can redirect.
    static QString defaultService();

    /// \a service separates our entries from other applications' (tests use their own).
    explicit KeychainSecretStore(const QString &service = defaultService(),
                                 QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    QString service() const { return m_service; }

protected:
    void doRead(const QString &name, ReadCallback done) override;
    void doWrite(const QString &name, SecretBytes secret, StatusCallback done) override;
    void doRemove(const QString &name, StatusCallback done) override;
    void doList(ListCallback done) override;
    QString timeoutMessage() const override;

private:
    /// One pending change to the index; done gets whether the name was listed before.
    struct IndexChange
    {
        QString name;
        bool add = false;
        std::function<void(Result<bool>)> done;
    };

    void changeIndex(const QString &name, bool add, std::function<void(Result<bool>)> done);
    void applyIndexChanges();
    void readIndex(ListCallback done);
    void writeIndex(const QStringList &names, StatusCallback done);

    QString m_service;
    std::deque<IndexChange> m_indexChanges;
    bool m_indexBusy = false;
};

} // namespace switchyard::secrets
