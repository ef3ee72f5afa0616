#include "secrets/MemorySecretStore.h"

#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace switchyard;
using namespace switchyard::secrets;

// The SecretStore contract (asynchronous callbacks, names, errors, timeouts), through the
// in-memory store the other suites use as their keychain.
class TestMemorySecretStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void writeReadRoundTrip();
    void overwriteReplaces();
    void listReturnsSortedNames();
    void removeDeletes();
    void missingKeyNamesTheCommand();
    void callbacksNeverRunInsideTheCall();
    void invalidNamesRefused_data();
    void invalidNamesRefused();
    void emptySecretRefused();
    void injectedFailureReported();
    void timeoutWhenBackendNeverAnswers();
    void lateAnswerAfterTimeoutIsDropped();
    void destroyedContextGetsNoCallback();

private:
    Status write(const QString &name, const QByteArray &value);
    Result<SecretBytes> read(const QString &name);

    std::unique_ptr<MemorySecretStore> m_store;
};

void TestMemorySecretStore::init()
{
    m_store = std::make_unique<MemorySecretStore>();
}

Status TestMemorySecretStore::write(const QString &name, const QByteArray &value)
{
    std::optional<Status> result;
    m_store->write(name, SecretBytes(QByteArrayView(value)), this,
                   [&result](Status status) { result = status; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 5000))
        return Error { ErrorCode::Internal, u"no answer"_s };
    return *result;
}

Result<SecretBytes> TestMemorySecretStore::read(const QString &name)
{
    std::optional<Result<SecretBytes>> result;
    m_store->read(name, this,
                  [&result](Result<SecretBytes> value) { result.emplace(std::move(value)); });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 5000))
        return Error { ErrorCode::Internal, u"no answer"_s };
    return std::move(*result);
}

void TestMemorySecretStore::writeReadRoundTrip()
{
    QVERIFY(write(u"openai"_s, "sk-one-1234"_ba).ok());
    const auto value = read(u"openai"_s);
    QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error().message));
    QCOMPARE(value->view(), QByteArrayView("sk-one-1234"));
    QVERIFY(m_store->contains(u"openai"_s));
}

void TestMemorySecretStore::overwriteReplaces()
{
    QVERIFY(write(u"k"_s, "first"_ba).ok());
    QVERIFY(write(u"k"_s, "second"_ba).ok());
    QCOMPARE(read(u"k"_s)->view(), QByteArrayView("second"));
}

void TestMemorySecretStore::listReturnsSortedNames()
{
    QVERIFY(write(u"zeta"_s, "1"_ba).ok());
    QVERIFY(write(u"alpha"_s, "2"_ba).ok());
    QVERIFY(write(u"mid"_s, "3"_ba).ok());
    std::optional<Result<QStringList>> names;
    m_store->list(this, [&names](Result<QStringList> r) { names.emplace(std::move(r)); });
    QTRY_VERIFY(names.has_value());
    QVERIFY(names->ok());
    QCOMPARE(names->value(), QStringList({ u"alpha"_s, u"mid"_s, u"zeta"_s }));
}

void TestMemorySecretStore::removeDeletes()
{
    QVERIFY(write(u"gone"_s, "v"_ba).ok());
    std::optional<Status> removed;
    m_store->remove(u"gone"_s, this, [&removed](Status s) { removed = s; });
    QTRY_VERIFY(removed.has_value());
    QVERIFY(removed->ok());
    QVERIFY(!m_store->contains(u"gone"_s));
    QCOMPARE(read(u"gone"_s).error().code, ErrorCode::NotFound);

    removed.reset();
    m_store->remove(u"gone"_s, this, [&removed](Status s) { removed = s; });
    QTRY_VERIFY(removed.has_value());
    QCOMPARE(removed->error().code, ErrorCode::NotFound);
}

void TestMemorySecretStore::missingKeyNamesTheCommand()
{
    const auto value = read(u"anthropic"_s);
    QVERIFY(!value.ok());
    QCOMPARE(value.error().code, ErrorCode::NotFound);
    QCOMPARE(value.error().message,
             u"No key named 'anthropic' in the OS keychain. Set it with: switchyard keys set "
             "anthropic"_s);
}

void TestMemorySecretStore::callbacksNeverRunInsideTheCall()
{
    bool called = false;
    m_store->write(u"a"_s, SecretBytes(QByteArrayView("v")), this,
                   [&called](Status) { called = true; });
    QVERIFY(!called);
    QTRY_VERIFY(called);
    called = false;
    m_store->read(u""_s, this, [&called](Result<SecretBytes>) { called = true; });
    QVERIFY(!called); // even an immediate refusal comes later
    QTRY_VERIFY(called);
}

void TestMemorySecretStore::invalidNamesRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("reserved index") << u"__switchyard_index__"_s;
    QTest::newRow("space") << u"my key"_s;
    QTest::newRow("newline") << u"key\n"_s;
    QTest::newRow("too long") << QString(300, u'k');
}

void TestMemorySecretStore::invalidNamesRefused()
{
    QFETCH(QString, name);
    const Status status = write(name, "value"_ba);
    QVERIFY(!status.ok());
    QCOMPARE(status.error().code, ErrorCode::InvalidArgument);
    QCOMPARE(read(name).error().code, ErrorCode::InvalidArgument);
}

void TestMemorySecretStore::emptySecretRefused()
{
    const Status status = write(u"empty"_s, QByteArray());
    QCOMPARE(status.error().code, ErrorCode::InvalidArgument);
    QVERIFY(status.error().message.contains(u"empty"_s));
    QVERIFY(!m_store->contains(u"empty"_s));
}

void TestMemorySecretStore::injectedFailureReported()
{
    m_store->setFailure(Error { ErrorCode::Unavailable, u"keychain locked"_s });
    const Status status = write(u"a"_s, "v"_ba);
    QCOMPARE(status.error().code, ErrorCode::Unavailable);
    QCOMPARE(status.error().message, u"keychain locked"_s);
    m_store->setFailure(std::nullopt);
    QVERIFY(write(u"a"_s, "v"_ba).ok());
}

void TestMemorySecretStore::timeoutWhenBackendNeverAnswers()
{
    m_store->setDelay(MemorySecretStore::Never);
    m_store->setTimeout(100ms);
    QElapsedTimer timer;
    timer.start();
    const auto value = read(u"slow"_s);
    QCOMPARE(value.error().code, ErrorCode::Timeout);
    QVERIFY(timer.elapsed() >= 90);
    QVERIFY(!value.error().message.isEmpty());
}

void TestMemorySecretStore::lateAnswerAfterTimeoutIsDropped()
{
    QVERIFY(write(u"late"_s, "v"_ba).ok());
    m_store->setDelay(300ms);
    m_store->setTimeout(50ms);
    int calls = 0;
    std::optional<ErrorCode> code;
    m_store->read(u"late"_s, this, [&](Result<SecretBytes> r) {
        ++calls;
        code = r.ok() ? std::nullopt : std::optional<ErrorCode>(r.error().code);
    });
    QTRY_COMPARE(calls, 1);
    QCOMPARE(code, std::optional<ErrorCode>(ErrorCode::Timeout));
    QTest::qWait(400); // the backend answers now; nobody must hear it
    QCOMPARE(calls, 1);
}

void TestMemorySecretStore::destroyedContextGetsNoCallback()
{
    auto context = std::make_unique<QObject>();
    bool called = false;
    m_store->setDelay(50ms);
    m_store->list(context.get(), [&called](Result<QStringList>) { called = true; });
    context.reset();
    QTest::qWait(150);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestMemorySecretStore)
#include "tst_memory_secret_store.moc"
