#include "FakeOpenAi.h"
#include "ServeProcess.h"
#include "TestClient.h"
#include "store/LogReader.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::fakes;

// kill -9 of `switchyard serve` while it logs heavily: the store stays intact, at most the
// last batch is lost, the config file is unchanged and keys stay in the keychain.
class TestCrashSafety final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killDuringHeavyLogging();

private:
    QProcessEnvironment environment() const;
    int startServe(QProcess &process);
    bool runCli(const QStringList &arguments, const QByteArray &input, QByteArray *out = nullptr);

    QTemporaryDir m_home;
    QString m_service = u"switchyard-test-crash-%1"_s.arg(QCoreApplication::applicationPid());
};

QProcessEnvironment TestCrashSafety::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"xdg"_s));
    env.insert(u"SWITCHYARD_KEYCHAIN_SERVICE"_s, m_service);
    return env;
}

int TestCrashSafety::startServe(QProcess &process)
{
    return startServeProcess(
        process, QStringLiteral(SWITCHYARD_BIN),
        { u"serve"_s, u"--data-dir"_s, m_home.filePath(u"data"_s), u"--port"_s, u"0"_s },
        environment());
}

bool TestCrashSafety::runCli(const QStringList &arguments, const QByteArray &input, QByteArray *out)
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(SWITCHYARD_BIN), arguments);
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30'000))
        return false;
    if (out)
        *out = process.readAllStandardOutput();
    return process.exitCode() == 0;
}

void TestCrashSafety::killDuringHeavyLogging()
{
    const bool keychain = !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
    if (keychain)
        QVERIFY(runCli({ u"keys"_s, u"set"_s, u"crash-key"_s, u"--service"_s, m_service },
                       "sk-fake-crash-key\n"));

    FakeOpenAi upstream;
    QVERIFY(upstream.start() != 0);
    QVERIFY(QDir().mkpath(m_home.filePath(u"data"_s)));
    const QByteArray config
        = QStringLiteral(R"({"gateway": {"port": 0, "health_check": {"interval_ms": 0}},
  "providers": [{"name": "p", "kind": "openai", "base_url": "%1/v1", "models": ["m"]}]}
)")
              .arg(QString::fromLatin1(upstream.baseUrl()))
              .toUtf8();
    QFile file(m_home.filePath(u"data/config.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(config);
    file.close();

    const QString dbPath = m_home.filePath(u"data/switchyard.db"_s);
    qint64 before = 0;
    for (int round = 0; round < 3; ++round) {
        QProcess serve;
        const int port = startServe(serve);
        QVERIFY(port > 0);
        // Heavy logging: many requests on several keep-alive connections for ~1.5 s.
        const QByteArray body = R"({"model":"p/m","messages":[{"role":"user","content":"hi"}]})";
        const QByteArray request = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                   "Content-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        std::vector<std::unique_ptr<TestClient>> clients;
        for (int c = 0; c < 4; ++c) {
            clients.push_back(std::make_unique<TestClient>(quint16(port)));
            QVERIFY(clients.back()->connectToServer());
        }
        int answered = 0;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 1500) {
            for (auto &client : clients)
                client->sendRaw(request);
            for (auto &client : clients)
                answered += client->readResponse(5000).status == 200 ? 1 : 0;
        }
        QVERIFY(answered > 20);
        serve.kill(); // SIGKILL: no drain, no clean close of the store
        QVERIFY(serve.waitForFinished(5000));

        auto reader = store::LogReader::open(dbPath);
        QVERIFY2(reader.ok(), reader.ok() ? "" : qPrintable(reader.error().message));
        QCOMPARE((*reader)->integrityCheck(), u"ok"_s);
        const auto rows = (*reader)->rowCount();
        QVERIFY(rows.ok());
        // The writer commits every 250 ms: at most the last batch or so is lost.
        qInfo().noquote()
            << u"round %1: %2 answered, %3 new rows after kill -9"_s.arg(round).arg(answered).arg(
                   *rows - before);
        QVERIFY2(*rows - before >= answered / 2, "more than the last batch was lost");
        QVERIFY(*rows - before <= answered);
        before = *rows;
    }
    // The config file is exactly as written; the gateway starts again on it.
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), config);
    QProcess again;
    QVERIFY(startServe(again) > 0);
    again.terminate();
    QVERIFY(again.waitForFinished(15'000));
    if (keychain) {
        QByteArray listed;
        QVERIFY(runCli({ u"keys"_s, u"list"_s, u"--service"_s, m_service }, {}, &listed));
        QVERIFY2(listed.contains("crash-key"), listed.constData());
        QVERIFY(runCli({ u"keys"_s, u"delete"_s, u"crash-key"_s, u"--service"_s, m_service }, {}));
    }
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crash_safety.moc"
