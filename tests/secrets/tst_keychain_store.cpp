#include "secrets/KeychainSecretStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>
#include <QThread>
#include <qt6keychain/keychain.h>

#include <atomic>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::secrets;

// KeychainSecretStore against the real Secret Service. `./dev test` runs it inside
// dbus-run-session with an unlocked gnome-keyring and a throw-away HOME; every run files its
// entries under its own service name and deletes them again.
class TestKeychainStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void writeReadOverwriteDelete();
    void binaryValuesRoundTrip();
    void missingKeyNamesTheCommand();
    void removeMissingKey();
    void listComesFromTheIndex();
    void concurrentWritesAllReachTheIndex();
    void servicesAreSeparate();
    void secondThreadIsRefusedNotCrashed();
    void nothingWrittenToFiles();

private:
    Status write(const QString &name, const QByteArray &value,
                 KeychainSecretStore *store = nullptr);
    Result<SecretBytes> read(const QString &name, KeychainSecretStore *store = nullptr);
    Status remove(const QString &name);
    Result<QStringList> list(KeychainSecretStore *store = nullptr);
    static QSet<QString> filesUnderHome();

    QString m_service;
    std::unique_ptr<KeychainSecretStore> m_store;
    QSet<QString> m_filesBefore;
    QStringList m_otherServices;
};

namespace {
constexpr int WaitMs = 15'000;

// Deletes one entry directly, for what the store never removes (its index).
void deleteEntry(const QString &service, const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(service);
    job->setKey(key);
    job->setAutoDelete(true);
    bool done = false;
    QObject context;
    QObject::connect(job, &QKeychain::Job::finished, &context, [&done] { done = true; });
    job->start();
    (void)QTest::qWaitFor([&done] { return done; }, WaitMs);
}
} // namespace

void TestKeychainStore::initTestCase()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("no D-Bus session bus, so no Secret Service: run the suite with ./dev test "
              "(dbus-run-session + unlocked gnome-keyring)");
#endif
    m_service = u"SwitchyardTest-%1-%2"_s.arg(QCoreApplication::applicationPid())
                    .arg(QRandomGenerator::global()->generate(), 8, 16, QChar(u'0'));
    m_store = std::make_unique<KeychainSecretStore>(m_service);
    m_filesBefore = filesUnderHome();
    // A Secret Service without a default collection (gnome-keyring unlocked with an empty
    // password in a fresh HOME creates none) fails every write: say so once, clearly.
    const Status probe = write(u"probe"_s, "probe"_ba);
    if (!probe.ok())
        QFAIL(qPrintable(u"the Secret Service cannot store anything: "_s + probe.error().message
                         + u"\nIf it says the 'login' collection does not exist, start "
                           "gnome-keyring-daemon --unlock with a non-empty password."_s));
    const Status removed = remove(u"probe"_s);
    QVERIFY(removed.ok());
}

void TestKeychainStore::cleanupTestCase()
{
    if (!m_store)
        return;
    const auto names = list();
    if (names.ok()) {
        for (const QString &name : names.value())
            (void)remove(name);
    }
    deleteEntry(m_service, KeychainSecretStore::indexKey());
    for (const QString &service : std::as_const(m_otherServices)) {
        deleteEntry(service, u"same-name"_s);
        deleteEntry(service, KeychainSecretStore::indexKey());
    }
    m_store.reset();
}

Status TestKeychainStore::write(const QString &name, const QByteArray &value,
                                KeychainSecretStore *store)
{
    std::optional<Status> result;
    (store ? store : m_store.get())
        ->write(name, SecretBytes(QByteArrayView(value)), this,
                [&result](Status status) { result = status; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, WaitMs))
        return Error { ErrorCode::Internal, u"test gave up waiting"_s };
    return *result;
}

Result<SecretBytes> TestKeychainStore::read(const QString &name, KeychainSecretStore *store)
{
    std::optional<Result<SecretBytes>> result;
    (store ? store : m_store.get())->read(name, this, [&result](Result<SecretBytes> value) {
        result.emplace(std::move(value));
    });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, WaitMs))
        return Error { ErrorCode::Internal, u"test gave up waiting"_s };
    return std::move(*result);
}

Status TestKeychainStore::remove(const QString &name)
{
    std::optional<Status> result;
    m_store->remove(name, this, [&result](Status status) { result = status; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, WaitMs))
        return Error { ErrorCode::Internal, u"test gave up waiting"_s };
    return *result;
}

Result<QStringList> TestKeychainStore::list(KeychainSecretStore *store)
{
    std::optional<Result<QStringList>> result;
    (store ? store : m_store.get())->list(this, [&result](Result<QStringList> names) {
        result.emplace(std::move(names));
    });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, WaitMs))
        return Error { ErrorCode::Internal, u"test gave up waiting"_s };
    return std::move(*result);
}

QSet<QString> TestKeychainStore::filesUnderHome()
{
    QSet<QString> files;
    QDirIterator it(QDir::homePath(), QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files.insert(it.next());
    return files;
}

#define VERIFY_OK(result)                                                                          \
    QVERIFY2((result).ok(), qPrintable((result).ok() ? QString() : (result).error().message))

void TestKeychainStore::writeReadOverwriteDelete()
{
    Status status = write(u"openai"_s, "sk-first-0123456789"_ba);
    VERIFY_OK(status);
    auto value = read(u"openai"_s);
    VERIFY_OK(value);
    QCOMPARE(value->view(), QByteArrayView("sk-first-0123456789"));

    status = write(u"openai"_s, "sk-second-9876543210"_ba);
    VERIFY_OK(status);
    value = read(u"openai"_s);
    VERIFY_OK(value);
    QCOMPARE(value->view(), QByteArrayView("sk-second-9876543210"));

    status = remove(u"openai"_s);
    VERIFY_OK(status);
    value = read(u"openai"_s);
    QVERIFY(!value.ok());
    QCOMPARE(value.error().code, ErrorCode::NotFound);
}

void TestKeychainStore::binaryValuesRoundTrip()
{
    const QByteArray bytes("\x00\x01sk\xff\xfe\n\r end", 11);
    Status status = write(u"binary"_s, bytes);
    VERIFY_OK(status);
    const auto value = read(u"binary"_s);
    VERIFY_OK(value);
    QCOMPARE(value->view(), QByteArrayView(bytes));
    status = remove(u"binary"_s);
    VERIFY_OK(status);
}

void TestKeychainStore::missingKeyNamesTheCommand()
{
    const auto value = read(u"never-written"_s);
    QVERIFY(!value.ok());
    QCOMPARE(value.error().code, ErrorCode::NotFound);
    QCOMPARE(value.error().message,
             u"No key named 'never-written' in the OS keychain. Set it with: switchyard keys "
             "set never-written"_s);
}

void TestKeychainStore::removeMissingKey()
{
    const Status status = remove(u"never-written"_s);
    QVERIFY(!status.ok());
    QCOMPARE(status.error().code, ErrorCode::NotFound);
    QVERIFY(status.error().message.startsWith(u"No key named 'never-written'"_s));
}

void TestKeychainStore::listComesFromTheIndex()
{
    auto names = list();
    VERIFY_OK(names);
    QCOMPARE(names.value(), QStringList());
    for (const QString &name : { u"zeta"_s, u"alpha"_s, u"mid"_s }) {
        Status status = write(name, QByteArray("sk-" + name.toUtf8() + "-value"));
        VERIFY_OK(status);
    }
    names = list();
    VERIFY_OK(names);
    QCOMPARE(names.value(), QStringList({ u"alpha"_s, u"mid"_s, u"zeta"_s }));

    // Overwriting does not duplicate a name; removing takes it out.
    Status status = write(u"mid"_s, "sk-mid-2"_ba);
    VERIFY_OK(status);
    status = remove(u"alpha"_s);
    VERIFY_OK(status);
    names = list();
    VERIFY_OK(names);
    QCOMPARE(names.value(), QStringList({ u"mid"_s, u"zeta"_s }));
    for (const QString &name : names.value()) {
        status = remove(name);
        VERIFY_OK(status);
    }
    names = list();
    VERIFY_OK(names);
    QCOMPARE(names.value(), QStringList());
}

void TestKeychainStore::concurrentWritesAllReachTheIndex()
{
    // Read-modify-write of the index must not lose names when writes overlap.
    int answered = 0;
    int failed = 0;
    const QStringList names { u"c1"_s, u"c2"_s, u"c3"_s, u"c4"_s, u"c5"_s };
    for (const QString &name : names) {
        m_store->write(name, SecretBytes(QByteArrayView("sk-concurrent")), this,
                       [&answered, &failed](Status s) {
                           ++answered;
                           failed += s.ok() ? 0 : 1;
                       });
    }
    QTRY_COMPARE_WITH_TIMEOUT(answered, names.size(), WaitMs);
    QCOMPARE(failed, 0);
    auto listed = list();
    VERIFY_OK(listed);
    QCOMPARE(listed.value(), names);
    for (const QString &name : names) {
        Status status = remove(name);
        VERIFY_OK(status);
    }
}

void TestKeychainStore::servicesAreSeparate()
{
    const QString otherService = m_service + u"-other"_s;
    m_otherServices.append(otherService);
    KeychainSecretStore other(otherService);
    Status status = write(u"same-name"_s, "sk-in-main-service"_ba);
    VERIFY_OK(status);
    status = write(u"same-name"_s, "sk-in-other-service"_ba, &other);
    VERIFY_OK(status);
    auto value = read(u"same-name"_s);
    VERIFY_OK(value);
    QCOMPARE(value->view(), QByteArrayView("sk-in-main-service"));
    value = read(u"same-name"_s, &other);
    VERIFY_OK(value);
    QCOMPARE(value->view(), QByteArrayView("sk-in-other-service"));
    const auto otherNames = list(&other);
    VERIFY_OK(otherNames);
    QCOMPARE(otherNames.value(), QStringList { u"same-name"_s });
    status = remove(u"same-name"_s);
    VERIFY_OK(status);
}

void TestKeychainStore::secondThreadIsRefusedNotCrashed()
{
    // QtKeychain's job queue belongs to the thread of the first job (here: the main thread).
    // A store used from another thread must answer with an error rather than crash or hang.
    QThread thread;
    thread.start();
    QObject worker;
    worker.moveToThread(&thread);
    std::atomic<int> state { 0 }; // 1 = the expected refusal in the worker thread, 2 = other
    QMetaObject::invokeMethod(&worker, [&worker, &state, &thread, service = m_service] {
        auto *store = new KeychainSecretStore(service, &worker);
        store->read(u"threaded"_s, &worker, [&state, &thread](Result<SecretBytes> v) {
            const bool refused = !v.ok() && v.error().code == ErrorCode::Internal
                && v.error().message.contains(u"one thread"_s);
            state = refused && QThread::currentThread() == &thread ? 1 : 2;
        });
    });
    QTRY_VERIFY_WITH_TIMEOUT(state != 0, WaitMs);
    QMetaObject::invokeMethod(
        &worker, [&worker] { qDeleteAll(worker.children()); }, Qt::BlockingQueuedConnection);
    thread.quit();
    QVERIFY(thread.wait(WaitMs));
    QCOMPARE(int(state), 1);
    // And the main thread's store still works afterwards.
    Status status = write(u"after-thread"_s, "sk-still-fine"_ba);
    VERIFY_OK(status);
    status = remove(u"after-thread"_s);
    VERIFY_OK(status);
}

void TestKeychainStore::nothingWrittenToFiles()
{
    // QtKeychain 0.13.2 ignores insecureFallback on the libsecret path: check for ourselves
    // that no key landed in a plain file (QSettings fallback, caches) under HOME.
    const QByteArray key = "sk-fake-not-on-disk-4f8a";
    Status status = write(u"disk-check"_s, key);
    VERIFY_OK(status);
    const auto value = read(u"disk-check"_s);
    VERIFY_OK(value);

    const QSet<QString> added = filesUnderHome() - m_filesBefore;
    for (const QString &path : added) {
        // gnome-keyring's own database (encrypted unless the test keyring has no password).
        if (path.contains(u"/keyrings/"_s))
            continue;
        QVERIFY2(!path.contains(m_service), qPrintable(u"fallback file: "_s + path));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray contents = file.readAll();
        QVERIFY2(!contents.contains(key) && !contents.contains(key.toBase64()),
                 qPrintable(u"key found in "_s + path));
    }
    status = remove(u"disk-check"_s);
    VERIFY_OK(status);
}

QTEST_GUILESS_MAIN(TestKeychainStore)
#include "tst_keychain_store.moc"
