#include "KeychainSecretStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>
#include <qt6keychain/keychain.h>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace switchyard::secrets {

namespace {

QString platformHint()
{
#if defined(Q_OS_MACOS)
    return u"On macOS the login keychain must be unlocked (Keychain Access)."_s;
#elif defined(Q_OS_WIN)
    return u"On Windows the Credential Manager of the signed-in user is used."_s;
#else
    return u"On Linux a Secret Service (gnome-keyring or KWallet) must be running and unlocked; "
           "on a headless server use {\"env\": NAME} instead."_s;
#endif
}

// What an error message calls the entry: the user never named the index.
QString subject(const QString &key)
{
    return key == KeychainSecretStore::indexKey() ? u"the list of key names"_s : u"'%1'"_s.arg(key);
}

Error keychainError(QKeychain::Error code, const QString &detail, const QString &key)
{
    switch (code) {
    case QKeychain::EntryNotFound:
        return Error { ErrorCode::NotFound, missingSecretMessage(key) };
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error { ErrorCode::Unavailable,
                       u"The OS keychain refused access to %1 (%2). Is it locked? %3"_s.arg(
                           subject(key), detail, platformHint()) };
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return Error { ErrorCode::Unavailable,
                       u"No OS keychain is available (%1). %2"_s.arg(detail, platformHint()) };
    default:
        return Error { ErrorCode::Io,
                       u"The OS keychain failed on %1 (%2). %3"_s.arg(subject(key), detail,
                                                                      platformHint()) };
    }
}

// The job shares its buffer with \a bytes; once the job is done with it, zero it for both.
void wipeShared(const QByteArray &bytes)
{
    if (!bytes.isEmpty())
        secureWipe(const_cast<char *>(bytes.constData()), bytes.size());
}

// Jobs have no parent on purpose: libsecret keeps a raw pointer to a running job, so it must
// live until it finishes; autoDelete then frees it. If we are gone by then, the connection is.
template<typename JobT>
JobT *startJob(JobT *job, const QString &key, QObject *context,
               std::function<void(QKeychain::Job *)> onFinished)
{
    job->setKey(key);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [onFinished](QKeychain::Job *finished) { onFinished(finished); });
    job->start();
    return job;
}

// QtKeychain 0.13 queues every job of the process on one executor object that lives in the
// thread of the first job and is never moved: jobs from another thread crash it (or hang when
// that thread has ended). Refuse clearly instead.
std::atomic<QThread *> g_keychainThread { nullptr };

std::optional<Error> wrongThread()
{
    QThread *expected = nullptr;
    QThread *const current = QThread::currentThread();
    if (g_keychainThread.compare_exchange_strong(expected, current) || expected == current)
        return std::nullopt;
    return Error { ErrorCode::Internal,
                   u"the OS keychain can only be used from one thread per process (QtKeychain "
                   "limitation); this call came from another one"_s };
}

QStringList parseIndex(const QByteArray &json)
{
    QStringList names;
    // A damaged index only loses names, never keys; the next write rebuilds it.
    for (const QJsonValue &value : QJsonDocument::fromJson(json).array()) {
        if (value.isString() && SecretStore::checkName(value.toString()).isEmpty())
            names.append(value.toString());
    }
    names.removeDuplicates();
    names.sort();
    return names;
}

} // namespace

QString KeychainSecretStore::indexKey()
{
    return u"__switchyard_index__"_s;
}

QString KeychainSecretStore::defaultService()
{
    return u"Switchyard"_s;
}

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent), m_service(service)
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

void KeychainSecretStore::doRead(const QString &name, ReadCallback done)
{
    if (auto error = wrongThread())
        return done(*error);
    startJob(new QKeychain::ReadPasswordJob(m_service), name, this,
             [name, done](QKeychain::Job *job) {
                 if (job->error() != QKeychain::NoError)
                     return done(keychainError(job->error(), job->errorString(), name));
                 QByteArray data = static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData();
                 SecretBytes secret { QByteArrayView(data) };
                 wipeShared(data);
                 done(std::move(secret));
             });
}

void KeychainSecretStore::doWrite(const QString &name, SecretBytes secret, StatusCallback done)
{
    if (auto error = wrongThread())
        return done(*error);
    auto *job = new QKeychain::WritePasswordJob(m_service);
    const QByteArray data(secret.view().data(), secret.size());
    job->setBinaryData(data);
    secret.clear();
    startJob(job, name, this, [this, name, data, done](QKeychain::Job *finished) {
        wipeShared(data);
        if (finished->error() != QKeychain::NoError)
            return done(keychainError(finished->error(), finished->errorString(), name));
        changeIndex(name, true, [done](Result<bool> listed) {
            done(listed ? Status() : Status(listed.error()));
        });
    });
}

void KeychainSecretStore::doRemove(const QString &name, StatusCallback done)
{
    if (auto error = wrongThread())
        return done(*error);
    startJob(new QKeychain::DeletePasswordJob(m_service), name, this,
             [this, name, done](QKeychain::Job *job) {
                 const QKeychain::Error code = job->error();
                 if (code != QKeychain::NoError && code != QKeychain::EntryNotFound)
                     return done(keychainError(code, job->errorString(), name));
                 // libsecret reports success for a missing entry: the index tells us.
                 changeIndex(name, false, [name, code, done](Result<bool> listed) {
                     if (!listed)
                         return done(listed.error());
                     if (!*listed || code == QKeychain::EntryNotFound)
                         return done(Error { ErrorCode::NotFound, missingSecretMessage(name) });
                     done(Status());
                 });
             });
}

void KeychainSecretStore::doList(ListCallback done)
{
    if (auto error = wrongThread())
        return done(*error);
    readIndex(std::move(done));
}

QString KeychainSecretStore::timeoutMessage() const
{
    const auto ms = timeout().count();
    const QString after = ms % 1000 == 0 ? u"%1 s"_s.arg(ms / 1000) : u"%1 ms"_s.arg(ms);
    return u"The OS keychain did not answer within %1. Is it locked? %2"_s.arg(after,
                                                                               platformHint());
}

void KeychainSecretStore::readIndex(ListCallback done)
{
    startJob(new QKeychain::ReadPasswordJob(m_service), indexKey(), this,
             [done](QKeychain::Job *job) {
                 if (job->error() == QKeychain::EntryNotFound)
                     return done(QStringList());
                 if (job->error() != QKeychain::NoError)
                     return done(keychainError(job->error(), job->errorString(), indexKey()));
                 done(parseIndex(static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData()));
             });
}

void KeychainSecretStore::writeIndex(const QStringList &names, StatusCallback done)
{
    if (names.isEmpty()) {
        // No keys, no index: leave nothing behind in the user's keychain.
        startJob(new QKeychain::DeletePasswordJob(m_service), indexKey(), this,
                 [done](QKeychain::Job *job) {
                     if (job->error() != QKeychain::NoError
                         && job->error() != QKeychain::EntryNotFound)
                         return done(keychainError(job->error(), job->errorString(), indexKey()));
                     done(Status());
                 });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setTextData(QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(names)).toJson(QJsonDocument::Compact)));
    startJob(job, indexKey(), this, [done](QKeychain::Job *finished) {
        if (finished->error() != QKeychain::NoError)
            return done(keychainError(finished->error(), finished->errorString(), indexKey()));
        done(Status());
    });
}

void KeychainSecretStore::changeIndex(const QString &name, bool add,
                                      std::function<void(Result<bool>)> done)
{
    m_indexChanges.push_back(IndexChange { name, add, std::move(done) });
    if (!m_indexBusy)
        applyIndexChanges();
}

// Read-modify-write of the index, one at a time, with every change queued meanwhile batched
// into the next round, so concurrent writes cannot drop each other's names.
void KeychainSecretStore::applyIndexChanges()
{
    if (m_indexChanges.empty()) {
        m_indexBusy = false;
        return;
    }
    m_indexBusy = true;
    auto batch = std::make_shared<std::vector<IndexChange>>(
        std::make_move_iterator(m_indexChanges.begin()),
        std::make_move_iterator(m_indexChanges.end()));
    m_indexChanges.clear();

    readIndex([this, batch](Result<QStringList> current) {
        if (!current) {
            for (const IndexChange &change : *batch)
                change.done(current.error());
            return applyIndexChanges();
        }
        QStringList names = *current;
        auto listed = std::make_shared<std::vector<bool>>();
        for (const IndexChange &change : *batch) {
            listed->push_back(names.contains(change.name));
            if (change.add && !names.contains(change.name))
                names.append(change.name);
            else if (!change.add)
                names.removeAll(change.name);
        }
        names.sort();
        const auto report = [this, batch, listed](const Status &status) {
            for (size_t i = 0; i < batch->size(); ++i) {
                if (status)
                    (*batch)[i].done(bool((*listed)[i]));
                else
                    (*batch)[i].done(status.error());
            }
            applyIndexChanges();
        };
        if (names == *current)
            return report(Status());
        writeIndex(names, report);
    });
}

} // namespace switchyard::secrets
