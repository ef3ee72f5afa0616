#include "secrets/KeychainSecretStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::secrets;

namespace {
constexpr int WaitMs = 20'000;

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
} // namespace

// `switchyard keys` driven as a user drives it, against the real Secret Service (run under
// ./dev test), with its own keychain service per run so no real entry is ever touched.
class TestKeysCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void help();
    void usageErrorsExit2_data();
    void usageErrorsExit2();
    void setListDelete();
    void emptyKeyRefused();
    void deleteMissingKeyFails();

private:
    Run keys(const QStringList &args, const QByteArray &stdinData = QByteArray());
    void requireKeychain();

    QString m_service;
    bool m_haveBus = false;
};

void TestKeysCli::initTestCase()
{
    m_service = u"SwitchyardCliTest-%1-%2"_s.arg(QCoreApplication::applicationPid())
                    .arg(QRandomGenerator::global()->generate(), 8, 16, QChar(u'0'));
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    m_haveBus = !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
#else
    m_haveBus = true;
#endif
}

void TestKeysCli::cleanupTestCase()
{
    if (!m_haveBus)
        return;
    const Run listed = keys({ u"list"_s });
    for (const QByteArray &name : listed.out.split('\n')) {
        if (!name.isEmpty())
            keys({ u"delete"_s, QString::fromUtf8(name) });
    }
}

void TestKeysCli::requireKeychain()
{
    if (!m_haveBus)
        QSKIP("no D-Bus session bus, so no Secret Service: run the suite with ./dev test");
}

Run TestKeysCli::keys(const QStringList &args, const QByteArray &stdinData)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SWITCHYARD_BIN),
                  QStringList { u"keys"_s } + args + QStringList { u"--service"_s, m_service });
    Run run;
    if (!process.waitForStarted(WaitMs))
        return run;
    process.write(stdinData);
    process.closeWriteChannel();
    if (!process.waitForFinished(WaitMs)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

void TestKeysCli::help()
{
    const Run run = keys({ u"--help"_s });
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("set NAME"));
    QVERIFY(run.out.contains("delete NAME"));
    QVERIFY(run.out.contains("list"));
    QVERIFY(!run.out.contains("--service"));
}

void TestKeysCli::usageErrorsExit2_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("unknown command") << QStringList { u"frob"_s };
    QTest::newRow("set without name") << QStringList { u"set"_s };
    QTest::newRow("key on the command line") << QStringList { u"set"_s, u"a"_s, u"sk-x"_s };
    QTest::newRow("unknown option") << QStringList { u"list"_s, u"--bogus"_s };
    QTest::newRow("delete without name") << QStringList { u"delete"_s };
}

void TestKeysCli::usageErrorsExit2()
{
    QFETCH(QStringList, args);
    const Run run = keys(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.startsWith("switchyard keys: "));
    QVERIFY(run.out.isEmpty());
}

void TestKeysCli::setListDelete()
{
    requireKeychain();
    const QByteArray key = "sk-fake-cli-key-5f1e";
    Run run = keys({ u"set"_s, u"openai"_s }, key + '\n');
    QVERIFY2(run.exitCode == 0, run.err.constData());
    for (const QByteArray &output : { run.out, run.err }) {
        QVERIFY(!output.contains(key));
        QVERIFY(!output.contains("5f1e9a0b7c3d")); // no part beyond the last 4 characters
    }
    QVERIFY(run.out.contains("'openai'"));

    // What landed in the keychain is the key without the newline.
    KeychainSecretStore store(m_service);
    std::optional<Result<SecretBytes>> stored;
    store.read(u"openai"_s, this,
               [&stored](Result<SecretBytes> value) { stored.emplace(std::move(value)); });
    QTRY_VERIFY_WITH_TIMEOUT(stored.has_value(), WaitMs);
    QVERIFY2(stored->ok(), qPrintable(stored->ok() ? QString() : stored->error().message));
    QCOMPARE(stored->value().view(), QByteArrayView(key));

    run = keys({ u"set"_s, u"anthropic"_s }, "sk-ant-second-key-000");
    QCOMPARE(run.exitCode, 0);

    run = keys({ u"list"_s });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, "anthropic\nopenai\n"_ba);
    QVERIFY(!run.out.contains("sk-"));
    run = keys({ u"list"_s, u"--json"_s });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(run.out).array(), QJsonArray({ u"anthropic"_s, u"openai"_s }));

    run = keys({ u"delete"_s, u"openai"_s });
    QCOMPARE(run.exitCode, 0);
    run = keys({ u"list"_s });
    QCOMPARE(run.out, "anthropic\n"_ba);
    run = keys({ u"delete"_s, u"anthropic"_s });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(keys({ u"list"_s }).out, QByteArray());
}

void TestKeysCli::emptyKeyRefused()
{
    requireKeychain();
    for (const QByteArray &input : { QByteArray(), "\n"_ba }) {
        const Run run = keys({ u"set"_s, u"empty"_s }, input);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("empty"), run.err.constData());
    }
    QVERIFY(!keys({ u"list"_s }).out.contains("empty"));
}

void TestKeysCli::deleteMissingKeyFails()
{
    requireKeychain();
    const Run run = keys({ u"delete"_s, u"not-there"_s });
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("No key named 'not-there'"), run.err.constData());
    QVERIFY(run.err.contains("switchyard keys set not-there"));
}

QTEST_GUILESS_MAIN(TestKeysCli)
#include "tst_keys_cli.moc"
