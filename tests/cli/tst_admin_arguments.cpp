#include "cli/AdminArguments.h"
#include "cli/CommandLine.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard::cli;

Q_DECLARE_METATYPE(switchyard::cli::AdminRequest::Command)
Q_DECLARE_METATYPE(switchyard::cli::CliRequest::Command)

// Parsing of the admin command lines and the main command line, without running anything
// (tests/app/tst_admin_cli and tst_cli drive the executable).
class TestAdminArguments final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void adminCommands_data();
    void adminCommands();
    void providersAdd();
    void tokensCreate();
    void mainCommandLine_data();
    void mainCommandLine();
};

void TestAdminArguments::adminCommands_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<AdminRequest::Command>("command");
    QTest::addColumn<QString>("error"); // a part of the usage error; empty: none
    using C = AdminRequest::Command;
    const auto row = [](const char *name, const QStringList &args, C command,
                        const QString &error = QString()) {
        QTest::newRow(name) << args << command << error;
    };
    row("providers", { u"providers"_s }, C::ProvidersList);
    row("providers --help", { u"providers"_s, u"--help"_s }, C::Help);
    row("providers test", { u"providers"_s, u"test"_s, u"x"_s }, C::ProvidersTest);
    row("providers remove", { u"providers"_s, u"remove"_s, u"x"_s }, C::ProvidersRemove);
    row("providers frob", { u"providers"_s, u"frob"_s }, C::Help, u"unknown action 'frob'"_s);
    row("providers add without kind", { u"providers"_s, u"add"_s, u"x"_s }, C::ProvidersAdd,
        u"--preset"_s);
    row("timeout outside test", { u"providers"_s, u"list"_s, u"--timeout"_s, u"500"_s },
        C::ProvidersList, u"only goes with 'providers test'"_s);
    row("routes list", { u"routes"_s, u"list"_s }, C::RoutesList);
    row("models", { u"models"_s }, C::Models);
    row("logs", { u"logs"_s, u"--since"_s, u"2h"_s }, C::Logs);
    row("logs bad limit", { u"logs"_s, u"--limit"_s, u"0"_s }, C::Logs, u"--limit"_s);
    row("stats two periods", { u"stats"_s, u"--today"_s, u"--month"_s }, C::Stats, u"only one"_s);
    row("config validate", { u"config"_s, u"validate"_s }, C::ConfigValidate);
    row("config export without file", { u"config"_s, u"export"_s }, C::ConfigExport, u"FILE"_s);
    row("tokens", { u"tokens"_s }, C::TokensList);
    row("tokens revoke", { u"tokens"_s, u"revoke"_s, u"t"_s }, C::TokensRevoke);
    row("unknown option", { u"logs"_s, u"--bogus"_s }, C::Help, u"bogus"_s);
}

void TestAdminArguments::adminCommands()
{
    QFETCH(QStringList, args);
    QFETCH(AdminRequest::Command, command);
    QFETCH(QString, error);
    QVERIFY(isAdminCommand(args.first()));
    const AdminRequest request = parseAdminArguments(QStringList { u"switchyard"_s } + args);
    QCOMPARE(request.topic, args.first());
    if (!error.isEmpty()) {
        QVERIFY2(request.error.contains(error), qPrintable(request.error));
        return;
    }
    QVERIFY2(request.error.isEmpty(), qPrintable(request.error));
    QCOMPARE(request.command, command);
}

void TestAdminArguments::providersAdd()
{
    const AdminRequest request = parseAdminArguments(
        { u"switchyard"_s, u"providers"_s, u"add"_s, u"gq"_s, u"--preset"_s, u"groq"_s,
          u"--key-env"_s, u"GROQ_API_KEY"_s, u"--models"_s, u" a, b ,"_s, u"--local"_s,
          u"--data-dir"_s, u"/tmp/sy"_s, u"--json"_s });
    QVERIFY2(request.error.isEmpty(), qPrintable(request.error));
    QCOMPARE(request.command, AdminRequest::Command::ProvidersAdd);
    QCOMPARE(request.name, u"gq"_s);
    QCOMPARE(request.preset, u"groq"_s);
    QCOMPARE(request.keyEnv, u"GROQ_API_KEY"_s);
    QCOMPARE(request.models, (QStringList { u"a"_s, u"b"_s }));
    QVERIFY(request.local);
    QVERIFY(request.json);
    QCOMPARE(request.dataDir, u"/tmp/sy"_s);
}

void TestAdminArguments::tokensCreate()
{
    const AdminRequest request = parseAdminArguments(
        { u"switchyard"_s, u"tokens"_s, u"create"_s, u"ci"_s, u"--routes"_s, u"coder"_s, u"--rpm"_s,
          u"10"_s, u"--tpm"_s, u"1000"_s, u"--daily-budget"_s, u"2.5"_s });
    QVERIFY2(request.error.isEmpty(), qPrintable(request.error));
    QCOMPARE(request.command, AdminRequest::Command::TokensCreate);
    QCOMPARE(request.routes, QStringList { u"coder"_s });
    QCOMPARE(request.requestsPerMinute, 10);
    QCOMPARE(request.tokensPerMinute, 1000);
    QCOMPARE(request.dailyBudgetUsd, 2.5);
}

void TestAdminArguments::mainCommandLine_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("gui");
    QTest::addColumn<CliRequest::Command>("command");
    QTest::addColumn<bool>("usageError");
    using C = CliRequest::Command;
    QTest::newRow("bare with display") << QStringList() << true << C::Gui << false;
    QTest::newRow("bare headless") << QStringList() << false << C::Serve << false;
    QTest::newRow("serve") << QStringList { u"serve"_s } << true << C::Serve << false;
    QTest::newRow("help") << QStringList { u"help"_s } << true << C::Help << false;
    QTest::newRow("-v") << QStringList { u"-v"_s } << true << C::Version << false;
    QTest::newRow("unknown command") << QStringList { u"bogus"_s } << true << C::Gui << true;
    QTest::newRow("port out of range")
        << QStringList { u"serve"_s, u"--port"_s, u"99999"_s } << true << C::Serve << true;
}

void TestAdminArguments::mainCommandLine()
{
    QFETCH(QStringList, args);
    QFETCH(bool, gui);
    QFETCH(CliRequest::Command, command);
    QFETCH(bool, usageError);
    const CliRequest request = parseCommandLine(QStringList { u"switchyard"_s } + args, gui);
    QCOMPARE(!request.error.isEmpty(), usageError);
    QVERIFY(request.helpText.startsWith(u"Usage: switchyard"_s));
    if (!usageError)
        QCOMPARE(request.command, command);
}

QTEST_GUILESS_MAIN(TestAdminArguments)
#include "tst_admin_arguments.moc"
