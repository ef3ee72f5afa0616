#include "cli/KeyInput.h"
#include "cli/KeysArguments.h"
#include "cli/KeysCommands.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/MemorySecretStore.h"

#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::secrets;
using namespace switchyard::cli;

Q_DECLARE_METATYPE(switchyard::cli::KeysRequest::Action)

// The logic behind `switchyard keys`: argument parsing, input trimming, and the commands run
// against an in-memory store (the executable itself is driven by tests/app/tst_keys_cli).
class TestKeysArguments final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void serviceOption();
    void inputTrimming_data();
    void inputTrimming();
    void setListDelete();
    void failuresExitOne();

private:
    KeysOutcome run(const QStringList &args, MemorySecretStore &store,
                    const QByteArray &secret = QByteArray());
};

void TestKeysArguments::parse_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<KeysRequest::Action>("action");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("json");
    QTest::addColumn<bool>("usageError");
    using A = KeysRequest::Action;
    QTest::newRow("bare") << QStringList() << A::Help << QString() << false << false;
    QTest::newRow("--help") << QStringList { u"--help"_s } << A::Help << QString() << false
                            << false;
    QTest::newRow("set --help") << QStringList { u"set"_s, u"-h"_s } << A::Help << QString()
                                << false << false;
    QTest::newRow("set") << QStringList { u"set"_s, u"openai"_s } << A::Set << u"openai"_s << false
                         << false;
    QTest::newRow("delete") << QStringList { u"delete"_s, u"openai"_s } << A::Delete << u"openai"_s
                            << false << false;
    QTest::newRow("list") << QStringList { u"list"_s } << A::List << QString() << false << false;
    QTest::newRow("list --json") << QStringList { u"list"_s, u"--json"_s } << A::List << QString()
                                 << true << false;
    QTest::newRow("set without name")
        << QStringList { u"set"_s } << A::Set << QString() << false << true;
    QTest::newRow("key as argument refused") << QStringList { u"set"_s, u"openai"_s, u"sk-abc"_s }
                                             << A::Set << QString() << false << true;
    QTest::newRow("unknown command")
        << QStringList { u"show"_s, u"openai"_s } << A::Help << QString() << false << true;
    QTest::newRow("unknown option")
        << QStringList { u"list"_s, u"--bogus"_s } << A::Help << QString() << false << true;
    QTest::newRow("list with name")
        << QStringList { u"list"_s, u"x"_s } << A::List << QString() << false << true;
    QTest::newRow("json on set") << QStringList { u"set"_s, u"x"_s, u"--json"_s } << A::Set
                                 << QString() << true << true;
    QTest::newRow("reserved name") << QStringList { u"delete"_s, u"__switchyard_index__"_s }
                                   << A::Delete << QString() << false << true;
}

void TestKeysArguments::parse()
{
    QFETCH(QStringList, args);
    QFETCH(KeysRequest::Action, action);
    QFETCH(QString, name);
    QFETCH(bool, json);
    QFETCH(bool, usageError);
    const KeysRequest request
        = parseKeysArguments(QStringList { u"switchyard"_s, u"keys"_s } + args);
    QCOMPARE(!request.error.isEmpty(), usageError);
    if (usageError)
        return;
    QCOMPARE(request.action, action);
    QCOMPARE(request.name, name);
    QCOMPARE(request.json, json);
    QCOMPARE(request.service, KeychainSecretStore::defaultService());
}

void TestKeysArguments::serviceOption()
{
    const auto request = parseKeysArguments(
        { u"switchyard"_s, u"keys"_s, u"list"_s, u"--service"_s, u"SwitchyardTest"_s });
    QVERIFY(request.error.isEmpty());
    QCOMPARE(request.service, u"SwitchyardTest"_s);
    QVERIFY(!keysHelpText().contains(u"--service"_s)); // hidden: for tests only
}

void TestKeysArguments::inputTrimming_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("key");
    QTest::newRow("plain") << "sk-abc"_ba
                           << "sk-abc"_ba;
    QTest::newRow("newline") << "sk-abc\n"_ba
                             << "sk-abc"_ba;
    QTest::newRow("crlf") << "sk-abc\r\n"_ba
                          << "sk-abc"_ba;
    QTest::newRow("only one newline") << "sk-abc\n\n"_ba
                                      << "sk-abc\n"_ba;
    QTest::newRow("inner spaces kept") << " sk abc \n"_ba
                                       << " sk abc "_ba;
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("just newline") << "\n"_ba << QByteArray();
}

void TestKeysArguments::inputTrimming()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, key);
    const auto secret = secretFromInput(input);
    if (key.isEmpty()) {
        QVERIFY(!secret.ok());
        QVERIFY(secret.error().message.contains(u"empty"_s));
        return;
    }
    QVERIFY(secret.ok());
    QCOMPARE(secret->view(), QByteArrayView(key));
}

KeysOutcome TestKeysArguments::run(const QStringList &args, MemorySecretStore &store,
                                   const QByteArray &secret)
{
    const KeysRequest request
        = parseKeysArguments(QStringList { u"switchyard"_s, u"keys"_s } + args);
    std::optional<KeysOutcome> outcome;
    runKeysRequest(request, store, SecretBytes(QByteArrayView(secret)), this,
                   [&outcome](KeysOutcome o) { outcome = std::move(o); });
    if (!QTest::qWaitFor([&outcome] { return outcome.has_value(); }, 5000))
        return KeysOutcome { KeysExit::Failure, QByteArray(), u"no answer"_s };
    return *outcome;
}

void TestKeysArguments::setListDelete()
{
    MemorySecretStore store;
    const QByteArray key = "sk-fake-secretvalue";
    KeysOutcome outcome = run({ u"set"_s, u"openai"_s }, store, key);
    QCOMPARE(outcome.exit, KeysExit::Ok);
    QVERIFY(!outcome.out.contains(key));
    QVERIFY(!outcome.out.contains("secretvalue"));
    QVERIFY(outcome.out.contains("openai"));
    QVERIFY(store.contains(u"openai"_s));
    QCOMPARE(run({ u"set"_s, u"groq"_s }, store, "gsk_other_key_123456"_ba).exit, KeysExit::Ok);

    outcome = run({ u"list"_s }, store);
    QCOMPARE(outcome.exit, KeysExit::Ok);
    QCOMPARE(outcome.out, "groq\nopenai\n"_ba);
    outcome = run({ u"list"_s, u"--json"_s }, store);
    QCOMPARE(outcome.out, "[\"groq\",\"openai\"]\n"_ba);

    QCOMPARE(run({ u"delete"_s, u"openai"_s }, store).exit, KeysExit::Ok);
    QCOMPARE(run({ u"list"_s }, store).out, "groq\n"_ba);
    outcome = run({ u"delete"_s, u"openai"_s }, store);
    QCOMPARE(outcome.exit, KeysExit::Failure);
    QVERIFY(outcome.err.contains(u"No key named 'openai'"_s));
}

void TestKeysArguments::failuresExitOne()
{
    MemorySecretStore store;
    QCOMPARE(run({ u"set"_s, u"openai"_s }, store, QByteArray()).exit, KeysExit::Failure);
    store.setFailure(Error { ErrorCode::Unavailable, u"keychain locked"_s });
    const KeysOutcome outcome = run({ u"list"_s }, store);
    QCOMPARE(outcome.exit, KeysExit::Failure);
    QCOMPARE(outcome.err, u"keychain locked"_s);
    QVERIFY(outcome.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestKeysArguments)
#include "tst_keys_arguments.moc"
