#include "ServeProcess.h"
#include "TestClient.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

using namespace Qt::StringLiterals;
using namespace switchyard::fakes;

// The switchyard executable, driven as a user drives it.
class TestCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void helpAndVersion();
    void usageErrorsExit2();
    void serveCreatesConfigAndAnswersHealth();
    void noArgumentsWithoutDisplayServes();
    void invalidConfigRefusesToStart();
    void portInUseExits3();

private:
    QProcessEnvironment environment() const;
    int startServe(QProcess &process, const QStringList &extra = {});

    std::unique_ptr<QTemporaryDir> m_home;
};

void TestCli::init()
{
    m_home = std::make_unique<QTemporaryDir>();
}

QProcessEnvironment TestCli::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    env.remove(u"QT_QPA_PLATFORM"_s);
    env.insert(u"HOME"_s, m_home->path());
    env.insert(u"XDG_DATA_HOME"_s, m_home->filePath(u"data"_s));
    env.insert(u"XDG_CONFIG_HOME"_s, m_home->filePath(u"config"_s));
    return env;
}

// Starts the process and returns the port it reports, or 0.
int TestCli::startServe(QProcess &process, const QStringList &arguments)
{
    return startServeProcess(process, QStringLiteral(SWITCHYARD_BIN), arguments, environment());
}

void TestCli::helpAndVersion()
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(SWITCHYARD_BIN), { u"--help"_s });
    QVERIFY(process.waitForFinished());
    QCOMPARE(process.exitCode(), 0);
    const QByteArray help = process.readAllStandardOutput();
    QVERIFY(help.contains("serve"));
    QVERIFY(help.contains("--data-dir"));
    QVERIFY(help.contains("--port"));

    process.start(QStringLiteral(SWITCHYARD_BIN), { u"--version"_s });
    QVERIFY(process.waitForFinished());
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardOutput().startsWith("switchyard " SWITCHYARD_VERSION_FOR_TEST));
}

void TestCli::usageErrorsExit2()
{
    for (const QStringList &args : { QStringList { u"--bogus"_s }, QStringList { u"frobnicate"_s },
                                     QStringList { u"serve"_s, u"--port"_s, u"99999"_s } }) {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral(SWITCHYARD_BIN), args);
        QVERIFY(process.waitForFinished());
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains("switchyard: "));
    }
}

void TestCli::serveCreatesConfigAndAnswersHealth()
{
    const QString dataDir = m_home->filePath(u"sy"_s);
    QProcess process;
    const int port
        = startServe(process, { u"serve"_s, u"--port"_s, u"0"_s, u"--data-dir"_s, dataDir });
    QVERIFY(port > 0);
    QVERIFY(QFile::exists(dataDir + u"/config.json"_s));

    const auto r = TestClient::request(quint16(port), "GET", "/health");
    QCOMPARE(r.status, 200);
    QCOMPARE(QJsonDocument::fromJson(r.body).object().value(u"status"_s).toString(), u"ok"_s);

#ifdef Q_OS_UNIX
    ::kill(pid_t(process.processId()), SIGTERM);
#else
    process.terminate();
#endif
    QVERIFY(process.waitForFinished(15000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardOutput().contains("Switchyard stopped."));
}

void TestCli::noArgumentsWithoutDisplayServes()
{
    // The default data dir lives under XDG_DATA_HOME; pick the port through the config.
    const QString dataDir = m_home->filePath(u"data/switchyard"_s);
    QDir().mkpath(dataDir);
    QFile config(dataDir + u"/config.json"_s);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(R"({"gateway": {"port": 0}})");
    config.close();

    QProcess process;
    QByteArray out;
    const int port = startServe(process, {});
    QVERIFY(port > 0);
    QCOMPARE(TestClient::request(quint16(port), "GET", "/health").status, 200);
    process.terminate();
    QVERIFY(process.waitForFinished(15000));
    QCOMPARE(process.exitCode(), 0);
}

void TestCli::invalidConfigRefusesToStart()
{
    const QString path = m_home->filePath(u"bad.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(
        R"({"providers": [{"name": "openai", "kind": "openai", "base_url": "https://api.openai.com/v1", "api_key": "sk-not-a-real-key"}]})");
    file.close();

    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(SWITCHYARD_BIN),
                  { u"serve"_s, u"--config"_s, path, u"--port"_s, u"0"_s });
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("providers[0].api_key"), err.constData());
    QVERIFY(err.contains("bad.json"));
    QVERIFY2(!err.contains("sk-not-a-real-key"), "the literal key must not be echoed");
}

void TestCli::portInUseExits3()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
    const QString port = QString::number(blocker.serverPort());
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(SWITCHYARD_BIN),
                  { u"serve"_s, u"--port"_s, port, u"--data-dir"_s, m_home->filePath(u"x"_s) });
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 3);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(u"port "_s + port + u" on 127.0.0.1 is already in use"_s),
             qPrintable(err));
    QVERIFY(err.contains(u"--port"_s));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
