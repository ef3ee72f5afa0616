#include "FakeOpenAi.h"
#include "store/ConfigStore.h"
#include "store/Database.h"
#include "store/RequestLogWriter.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace switchyard;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Written by hand (not by Qt) so byte-for-byte checks mean something.
const QByteArray kConfig = R"({
  "gateway": { "host": "127.0.0.1", "port": 8484, "limits": { "max_connections": 77 } },
  "providers": [
    { "name": "fa", "kind": "openai", "base_url": "http:\/\/127.0.0.1:9/v1",
      "api_key": { "env": "SY_TEST_FA_KEY" }, "models": ["m1", "m2"],
      "model_info": { "m1": { "input_per_mtok": 1.5, "output_per_mtok": 6, "context_length": 128000 } } },
    { "name": "lo", "preset": "ollama", "models": ["llama3"] }
  ],
  "routes": [
    { "model": "coder", "strategy": "weighted",
      "targets": [ { "target": "fa/m1", "weight": 3 }, "lo/llama3" ],
      "cache": { "enabled": true, "ttl_s": 600 }, "log_bodies": true }
  ]
}
)";

const QByteArray kSecret = "sk-fake-never-print-me";

base::RequestRecord record(const char *id, qint64 at, const QString &requested,
                           const QString &provider, const QString &model, int status)
{
    base::RequestRecord r;
    r.requestId = id;
    r.startedAtMs = at;
    r.endpoint = u"chat.completions"_s;
    r.requestedModel = requested;
    r.provider = provider;
    r.model = model;
    r.status = status;
    r.inboundApi = u"openai"_s;
    return r;
}

QJsonDocument parseJson(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "not JSON:" << bytes;
    return doc;
}

QStringList ids(const QJsonArray &rows)
{
    QStringList list;
    for (const QJsonValue &row : rows)
        list.append(row[u"id"_s].toString());
    return list;
}

} // namespace

// The admin commands (providers, routes, models, logs, stats, config) driven through the real
// executable, each test with its own data dir.
class TestAdminCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void helpAndUsage_data();
    void helpAndUsage();
    void providersAddListRemove();
    void invalidEditsChangeNothing_data();
    void invalidEditsChangeNothing();
    void providersTestAgainstFake();
    void providersTestClosedPort();
    void routesAndModels();
    void logsFiltersAndJson_data();
    void logsFiltersAndJson();
    void logsTable();
    void stats();
    void logsFollow();
    void configExportImportRoundTrip();
    void configValidate();
    void tokensCreateListRevoke();

private:
    QProcessEnvironment environment() const;
    Run run(const QStringList &args);
    QByteArray configBytes() const;
    QString dbPath() const { return m_dir->filePath(u"data/switchyard.db"_s); }
    void writeRecords(const QList<base::RequestRecord> &records);
    void writeSampleLog();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_dataDir;
    QString m_configPath;
    qint64 m_now = 0;
};

void TestAdminCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_dataDir = m_dir->filePath(u"data"_s);
    QVERIFY(QDir().mkpath(m_dataDir));
    m_configPath = m_dataDir + u"/config.json"_s;
    QFile file(m_configPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(kConfig), kConfig.size());
}

QProcessEnvironment TestAdminCli::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    env.insert(u"HOME"_s, m_dir->path());
    env.insert(u"XDG_DATA_HOME"_s, m_dir->filePath(u"xdg"_s));
    env.insert(u"SY_TEST_FA_KEY"_s, QString::fromLatin1(kSecret));
    return env;
}

// Runs the executable with the test's data dir while this process keeps serving its fakes.
Run TestAdminCli::run(const QStringList &args)
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(SWITCHYARD_BIN),
                  args + QStringList { u"--data-dir"_s, m_dataDir });
    Run result;
    if (!process.waitForStarted())
        return result;
    QEventLoop loop;
    connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30'000, &loop, &QEventLoop::quit);
    if (process.state() != QProcess::NotRunning)
        loop.exec();
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        qWarning() << "timed out:" << args;
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QByteArray TestAdminCli::configBytes() const
{
    QFile file(m_configPath);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestAdminCli::writeRecords(const QList<base::RequestRecord> &records)
{
    store::StoreSettings settings;
    settings.path = dbPath();
    settings.flushIntervalMs = 10;
    store::RequestLogWriter writer(settings);
    QVERIFY(writer.start());
    writer.enqueue(records);
    writer.flush();
    QCOMPARE(writer.failedRows(), 0);
    writer.stop();
}

// Four requests with known values: one three days ago, three in the last seconds.
void TestAdminCli::writeSampleLog()
{
    m_now = QDateTime::currentMSecsSinceEpoch();
    auto a = record("req_a", m_now - 3 * 86'400'000LL, u"coder"_s, u"fa"_s, u"m1"_s, 200);
    a.route = u"coder"_s;
    a.latencyMs = 100;
    a.tokensIn = 10;
    a.tokensOut = 20;
    a.usageKnown = true;
    a.costUsd = 0.25;
    a.costKnown = true;
    auto b = record("req_b", m_now - 3000, u"coder"_s, u"fa"_s, u"m1"_s, 200);
    b.route = u"coder"_s;
    b.latencyMs = 300;
    b.stream = true;
    b.ttftMs = 42;
    b.tokensIn = 30;
    b.tokensOut = 40;
    b.tokensCached = 7;
    b.usageKnown = true;
    b.costUsd = 0.5;
    b.costKnown = true;
    b.cacheHit = true;
    auto c = record("req_c", m_now - 2000, u"llama3"_s, u"lo"_s, u"llama3"_s, 502);
    c.errorCode = u"upstream_error"_s;
    c.latencyMs = 50;
    auto d = record("req_d", m_now - 1000, u"fa/m2"_s, u"fa"_s, u"m2"_s, 200);
    d.latencyMs = 200;
    d.tokensIn = 5;
    d.tokensOut = 6;
    d.usageKnown = true;
    d.costUsd = 0.125;
    d.costKnown = true;
    writeRecords({ a, b, c, d });
}

void TestAdminCli::helpAndUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("expected"); // in stdout for 0, in stderr otherwise
    for (const QString &topic :
         { u"providers"_s, u"routes"_s, u"models"_s, u"logs"_s, u"stats"_s, u"config"_s })
        QTest::addRow("%s --help", qPrintable(topic))
            << QStringList { topic, u"--help"_s } << 0 << QByteArray("Usage: switchyard");
    QTest::newRow("add without kind")
        << QStringList { u"providers"_s, u"add"_s, u"x"_s } << 2 << QByteArray("--preset");
    QTest::newRow("unknown action")
        << QStringList { u"providers"_s, u"frob"_s } << 2 << QByteArray("unknown action");
    QTest::newRow("unknown option")
        << QStringList { u"logs"_s, u"--bogus"_s } << 2 << QByteArray("bogus");
    QTest::newRow("bad since") << QStringList { u"logs"_s, u"--since"_s, u"yesterday"_s } << 2
                               << QByteArray("--since");
    QTest::newRow("bad limit") << QStringList { u"logs"_s, u"--limit"_s, u"0"_s } << 2
                               << QByteArray("--limit");
    QTest::newRow("two periods") << QStringList { u"stats"_s, u"--today"_s, u"--month"_s } << 2
                                 << QByteArray("only one");
    QTest::newRow("config without action")
        << QStringList { u"config"_s } << 2 << QByteArray("validate");
    QTest::newRow("export without file")
        << QStringList { u"config"_s, u"export"_s } << 2 << QByteArray("FILE");
}

void TestAdminCli::helpAndUsage()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, expected);
    const Run r = run(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2((exitCode == 0 ? r.out : r.err).contains(expected),
             QByteArray(r.out + r.err).constData());
}

void TestAdminCli::providersAddListRemove()
{
    Run r = run({ u"providers"_s, u"add"_s, u"gq"_s, u"--preset"_s, u"groq"_s, u"--key-env"_s,
                  u"GROQ_API_KEY"_s, u"--models"_s, u"a,b"_s });
    QVERIFY2(r.exitCode == 0, r.err);
    QVERIFY(r.out.contains("gq"));

    // Everything else in the file is kept as it was.
    const QJsonObject before = QJsonDocument::fromJson(kConfig).object();
    const QJsonObject after = QJsonDocument::fromJson(configBytes()).object();
    QCOMPARE(after.value(u"gateway"_s), before.value(u"gateway"_s));
    QCOMPARE(after.value(u"routes"_s), before.value(u"routes"_s));
    const QJsonArray providers = after.value(u"providers"_s).toArray();
    QCOMPARE(providers.size(), 3);
    QCOMPARE(providers.at(0), before.value(u"providers"_s).toArray().at(0));
    QCOMPARE(providers.at(2).toObject(),
             (QJsonObject { { u"name"_s, u"gq"_s },
                            { u"preset"_s, u"groq"_s },
                            { u"api_key"_s, QJsonObject { { u"env"_s, u"GROQ_API_KEY"_s } } },
                            { u"models"_s, QJsonArray { u"a"_s, u"b"_s } } }));
    // ...and recorded in the store.
    {
        auto db = store::Database::open(dbPath(), store::Database::Mode::ReadOnly);
        QVERIFY(db);
        QCOMPARE(store::ConfigStore::currentConfig(**db).value_or(QByteArray()), configBytes());
    }

    r = run({ u"providers"_s, u"list"_s, u"--json"_s });
    QCOMPARE(r.exitCode, 0);
    const QJsonArray list = parseJson(r.out).array();
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.at(0).toObject(),
             (QJsonObject { { u"name"_s, u"fa"_s },
                            { u"kind"_s, u"openai"_s },
                            { u"preset"_s, QJsonValue() },
                            { u"base_url"_s, u"http://127.0.0.1:9/v1"_s },
                            { u"key"_s, u"env:SY_TEST_FA_KEY"_s },
                            { u"models"_s, QJsonArray { u"m1"_s, u"m2"_s } },
                            { u"local"_s, true } }));
    QCOMPARE(list.at(1)[u"models"_s].toArray(), QJsonArray { u"llama3"_s });
    QCOMPARE(list.at(1)[u"key"_s], QJsonValue());
    const QJsonObject gq = list.at(2).toObject();
    QCOMPARE(gq[u"kind"_s].toString(), u"openai"_s);
    QCOMPARE(gq[u"preset"_s].toString(), u"groq"_s);
    QCOMPARE(gq[u"base_url"_s].toString(), u"https://api.groq.com/openai/v1"_s);
    QCOMPARE(gq[u"key"_s].toString(), u"env:GROQ_API_KEY"_s);
    QCOMPARE(gq[u"local"_s].toBool(), false);

    r = run({ u"providers"_s, u"list"_s });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("NAME"));
    QVERIFY(r.out.contains("env:SY_TEST_FA_KEY"));
    QVERIFY(r.out.contains("https://api.groq.com/openai/v1"));
    QVERIFY(!r.out.contains(kSecret)); // names only, never values

    r = run({ u"providers"_s, u"remove"_s, u"gq"_s });
    QVERIFY2(r.exitCode == 0, r.err);
    r = run({ u"providers"_s, u"list"_s, u"--json"_s });
    QStringList names;
    for (const QJsonValue &p : parseJson(r.out).array())
        names.append(p[u"name"_s].toString());
    QCOMPARE(names, (QStringList { u"fa"_s, u"lo"_s }));

    // --discover and --local, with a kind and a URL instead of a preset.
    r = run({ u"providers"_s, u"add"_s, u"box"_s, u"--kind"_s, u"openai"_s, u"--base-url"_s,
              u"http://10.0.0.5:8000/v1"_s, u"--discover"_s, u"--local"_s });
    QVERIFY2(r.exitCode == 0, r.err);
    r = run({ u"providers"_s, u"list"_s, u"--json"_s });
    const QJsonObject box = parseJson(r.out).array().at(2).toObject();
    QCOMPARE(box[u"models"_s].toString(), u"discover"_s);
    QCOMPARE(box[u"local"_s].toBool(), true);
}

void TestAdminCli::invalidEditsChangeNothing_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("unknown preset")
        << QStringList { u"providers"_s, u"add"_s, u"x"_s, u"--preset"_s, u"nope"_s }
        << QByteArray("providers[2].preset: unknown preset 'nope'");
    QTest::newRow("duplicate name")
        << QStringList { u"providers"_s,
                         u"add"_s,
                         u"fa"_s,
                         u"--kind"_s,
                         u"openai"_s,
                         u"--base-url"_s,
                         u"http://127.0.0.1:1/v1"_s }
        << QByteArray("providers[2].name: 'fa' is used by another provider");
    QTest::newRow("bad url") << QStringList { u"providers"_s,    u"add"_s,    u"x"_s,
                                              u"--kind"_s,       u"openai"_s, u"--base-url"_s,
                                              u"ftp://nowhere"_s }
                             << QByteArray("providers[2].base_url");
    QTest::newRow("route uses removed provider")
        << QStringList { u"providers"_s, u"remove"_s, u"lo"_s }
        << QByteArray("routes[0].targets[1]: unknown provider 'lo'");
    QTest::newRow("remove unknown")
        << QStringList { u"providers"_s, u"remove"_s, u"zz"_s } << QByteArray("'zz'");
}

void TestAdminCli::invalidEditsChangeNothing()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, message);
    const Run r = run(args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(message), r.err);
    QCOMPARE(configBytes(), kConfig);
    QVERIFY(!QFile::exists(dbPath())); // nothing recorded either
}

void TestAdminCli::providersTestAgainstFake()
{
    fakes::FakeOpenAi fake;
    QVERIFY(fake.start() > 0);
    Run r = run({ u"providers"_s, u"add"_s, u"fk"_s, u"--kind"_s, u"openai"_s, u"--base-url"_s,
                  QString::fromLatin1(fake.baseUrl() + "/v1"), u"--key-env"_s, u"SY_TEST_FA_KEY"_s,
                  u"--models"_s, u"gpt-4o-mini"_s });
    QVERIFY2(r.exitCode == 0, r.err);

    r = run({ u"providers"_s, u"test"_s, u"fk"_s });
    QVERIFY2(r.exitCode == 0, r.err);
    QVERIFY2(r.out.startsWith("OK  fk  "), r.out);
    QVERIFY2(r.out.contains(" ms  2 models"), r.out);
    QCOMPARE(fake.requests().size(), 1);
    QCOMPARE(fake.requests().at(0).method, QByteArray("GET"));
    QCOMPARE(fake.requests().at(0).path, QByteArray("/v1/models"));
    QCOMPARE(fake.requests().at(0).header("authorization"), "Bearer " + kSecret);
    QVERIFY(!r.out.contains(kSecret) && !r.err.contains(kSecret));

    r = run({ u"providers"_s, u"test"_s, u"fk"_s, u"--json"_s });
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = parseJson(r.out).object();
    QCOMPARE(o[u"ok"_s].toBool(), true);
    QCOMPARE(o[u"status"_s].toInt(), 200);
    QCOMPARE(o[u"models"_s].toInt(), 2);
    QVERIFY(o[u"latency_ms"_s].toDouble() >= 0);

    fake.faultStatus = 401;
    fake.fault = fakes::FakeOpenAi::Fault::Status;
    r = run({ u"providers"_s, u"test"_s, u"fk"_s });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("HTTP 401"), r.err);

    r = run({ u"providers"_s, u"test"_s, u"nosuch"_s });
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("no provider named 'nosuch'"));
}

void TestAdminCli::providersTestClosedPort()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const quint16 port = server.serverPort();
    server.close();
    Run r = run({ u"providers"_s, u"add"_s, u"gone"_s, u"--kind"_s, u"openai"_s, u"--base-url"_s,
                  u"http://127.0.0.1:%1/v1"_s.arg(port) });
    QVERIFY2(r.exitCode == 0, r.err);
    r = run({ u"providers"_s, u"test"_s, u"gone"_s, u"--timeout"_s, u"3000"_s });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("provider 'gone'"), r.err);
    QVERIFY2(r.err.contains("failed the test: no answer"), r.err);
    QVERIFY(r.out.isEmpty());
}

void TestAdminCli::routesAndModels()
{
    Run r = run({ u"routes"_s, u"list"_s, u"--json"_s });
    QCOMPARE(r.exitCode, 0);
    const QJsonArray routes = parseJson(r.out).array();
    QCOMPARE(routes.size(), 1);
    const QJsonObject coder = routes.at(0).toObject();
    QCOMPARE(coder[u"model"_s].toString(), u"coder"_s);
    QCOMPARE(coder[u"strategy"_s].toString(), u"weighted"_s);
    QCOMPARE(coder[u"targets"_s].toArray(),
             (QJsonArray { QJsonObject { { u"target"_s, u"fa/m1"_s }, { u"weight"_s, 3 } },
                           QJsonObject { { u"target"_s, u"lo/llama3"_s }, { u"weight"_s, 1 } } }));
    QCOMPARE(coder[u"cache"_s].toObject(),
             (QJsonObject { { u"enabled"_s, true }, { u"ttl_s"_s, 600 } }));
    QCOMPARE(coder[u"log_bodies"_s].toBool(), true);

    r = run({ u"routes"_s });
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("fa/m1 (w=3), lo/llama3 (w=1)"), r.out);
    QVERIFY2(r.out.contains("on, ttl 600 s"), r.out);

    r = run({ u"models"_s, u"--json"_s });
    QCOMPARE(r.exitCode, 0);
    QHash<QString, QJsonObject> byId;
    for (const QJsonValue &m : parseJson(r.out).array())
        byId.insert(m[u"id"_s].toString(), m.toObject());
    QCOMPARE(byId.keys().size(), 4);
    QCOMPARE(byId[u"coder"_s][u"type"_s].toString(), u"route"_s);
    QCOMPARE(byId[u"fa/m1"_s][u"context_length"_s].toInt(), 128000);
    QCOMPARE(byId[u"fa/m1"_s][u"input_per_mtok"_s].toDouble(), 1.5);
    QCOMPARE(byId[u"fa/m1"_s][u"output_per_mtok"_s].toDouble(), 6.0);
    QCOMPARE(byId[u"lo/llama3"_s][u"input_per_mtok"_s].toDouble(), 0.0); // local: free
    QVERIFY(byId[u"lo/llama3"_s][u"context_length"_s].isNull());

    r = run({ u"models"_s });
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("$1.50"), r.out);
    QVERIFY(r.out.contains("128000"));
}

void TestAdminCli::logsFiltersAndJson_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("all, newest last")
        << QStringList {} << QStringList { u"req_a"_s, u"req_b"_s, u"req_c"_s, u"req_d"_s };
    QTest::newRow("since duration") << QStringList { u"--since"_s, u"1h"_s }
                                    << QStringList { u"req_b"_s, u"req_c"_s, u"req_d"_s };
    QTest::newRow("since date") << QStringList {
        u"--since"_s, QDateTime::currentDateTime().addDays(-1).date().toString(Qt::ISODate)
    } << QStringList { u"req_b"_s, u"req_c"_s, u"req_d"_s };
    QTest::newRow("model requested")
        << QStringList { u"--model"_s, u"coder"_s } << QStringList { u"req_a"_s, u"req_b"_s };
    QTest::newRow("model answered")
        << QStringList { u"--model"_s, u"m2"_s } << QStringList { u"req_d"_s };
    QTest::newRow("provider and since")
        << QStringList { u"--provider"_s, u"fa"_s, u"--since"_s, u"30m"_s }
        << QStringList { u"req_b"_s, u"req_d"_s };
    QTest::newRow("limit keeps the newest")
        << QStringList { u"--limit"_s, u"2"_s } << QStringList { u"req_c"_s, u"req_d"_s };
}

void TestAdminCli::logsFiltersAndJson()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, expected);
    writeSampleLog();
    const Run r = run(QStringList { u"logs"_s, u"--json"_s } + args);
    QVERIFY2(r.exitCode == 0, r.err);
    const QJsonArray rows = parseJson(r.out).array();
    QCOMPARE(ids(rows), expected);
    for (const QJsonValue &row : rows) {
        if (row[u"id"_s].toString() == u"req_b"_s) {
            QCOMPARE(row[u"provider"_s].toString(), u"fa"_s);
            QCOMPARE(row[u"latency_ms"_s].toInt(), 300);
            QCOMPARE(row[u"ttft_ms"_s].toInt(), 42);
            QCOMPARE(row[u"cache_hit"_s].toBool(), true);
            QCOMPARE(row[u"cost_usd"_s].toDouble(), 0.5);
            QCOMPARE(row[u"usage"_s][u"input_tokens"_s].toInt(), 30);
        }
    }
}

void TestAdminCli::logsTable()
{
    Run r = run({ u"logs"_s });
    QCOMPARE(r.exitCode, 0); // no store yet: an empty table
    QCOMPARE(r.out.count('\n'), 1);
    writeSampleLog();
    r = run({ u"logs"_s, u"--since"_s, u"1h"_s });
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QVERIFY(lines.at(0).startsWith("TIME"));
    QVERIFY2(lines.at(1).contains("req_b") && lines.at(1).contains("coder → fa/m1"), lines.at(1));
    QVERIFY(lines.at(1).contains("300 ms") && lines.at(1).contains("42 ms"));
    QVERIFY(lines.at(1).contains("30/40") && lines.at(1).contains("$0.500000"));
    QVERIFY(lines.at(1).contains("hit"));
    QVERIFY(lines.at(2).contains("llama3 → lo/llama3") && lines.at(2).contains("502"));
    QVERIFY(lines.at(2).contains("upstream_error"));
    QVERIFY(lines.at(3).contains("req_d"));
    // Aligned: the right-aligned STATUS column ends where its header does.
    QCOMPARE(QString::fromUtf8(lines.at(1)).indexOf(u" 200 "_s) + 4,
             QString::fromUtf8(lines.at(0)).indexOf(u"STATUS"_s) + 6);
}

void TestAdminCli::stats()
{
    writeSampleLog();
    Run r = run({ u"stats"_s, u"--json"_s });
    QVERIFY2(r.exitCode == 0, r.err);
    QJsonObject o = parseJson(r.out).object();
    QJsonArray rows = o[u"rows"_s].toArray();
    QCOMPARE(rows.size(), 3);
    QJsonObject fa1 = rows.at(0).toObject();
    QCOMPARE(fa1[u"provider"_s].toString(), u"fa"_s);
    QCOMPARE(fa1[u"model"_s].toString(), u"m1"_s);
    QCOMPARE(fa1[u"requests"_s].toInt(), 1); // today: req_b only
    QCOMPARE(fa1[u"tokens_in"_s].toInt(), 30);
    QCOMPARE(fa1[u"tokens_cached"_s].toInt(), 7);
    QCOMPARE(fa1[u"cache_hits"_s].toInt(), 1);
    QCOMPARE(rows.at(2)[u"provider"_s].toString(), u"lo"_s);
    QCOMPARE(rows.at(2)[u"errors"_s].toInt(), 1);
    QCOMPARE(o[u"total"_s][u"requests"_s].toInt(), 3);
    QCOMPARE(o[u"total"_s][u"errors"_s].toInt(), 1);
    QCOMPARE(o[u"total"_s][u"cost_usd"_s].toDouble(), 0.625);

    r = run({ u"stats"_s, u"--since"_s, u"7d"_s, u"--json"_s });
    QCOMPARE(r.exitCode, 0);
    o = parseJson(r.out).object();
    fa1 = o[u"rows"_s].toArray().at(0).toObject();
    QCOMPARE(fa1[u"requests"_s].toInt(), 2);
    QCOMPARE(fa1[u"latency_p50_ms"_s].toInt(), 100);
    QCOMPARE(fa1[u"latency_p95_ms"_s].toInt(), 300);
    QCOMPARE(fa1[u"cost_usd"_s].toDouble(), 0.75);
    QCOMPARE(o[u"total"_s][u"requests"_s].toInt(), 4);
    QCOMPARE(o[u"total"_s][u"cost_usd"_s].toDouble(), 0.875);

    r = run({ u"stats"_s, u"--since"_s, u"7d"_s });
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("PROVIDER"), r.out);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QVERIFY2(lines.last().startsWith("TOTAL") && lines.last().contains("$0.8750"), r.out);
    QVERIFY(lines.last().contains(" 4 "));
}

void TestAdminCli::logsFollow()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    writeRecords({ record("req_old", now - 1000, u"coder"_s, u"fa"_s, u"m1"_s, 200) });

    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(SWITCHYARD_BIN),
                  { u"logs"_s, u"--follow"_s, u"--json"_s, u"--data-dir"_s, m_dataDir });
    QVERIFY(process.waitForStarted());
    QByteArray out;
    auto waitForLines = [&](int lines) {
        for (int i = 0; i < 100 && out.count('\n') < lines; ++i) {
            process.waitForReadyRead(100);
            out += process.readAllStandardOutput();
        }
        return out.count('\n') >= lines;
    };
    QVERIFY2(waitForLines(1), out);
    QVERIFY(out.contains("req_old"));

    // Rows written after it started show up, as JSON lines, in order.
    writeRecords({ record("req_new1", now, u"coder"_s, u"fa"_s, u"m1"_s, 200),
                   record("req_new2", now + 1, u"llama3"_s, u"lo"_s, u"llama3"_s, 500) });
    QVERIFY2(waitForLines(3), out);
    const QList<QByteArray> lines = out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(parseJson(lines.at(1)).object()[u"id"_s].toString(), u"req_new1"_s);
    QCOMPARE(parseJson(lines.at(2)).object()[u"id"_s].toString(), u"req_new2"_s);
    QCOMPARE(parseJson(lines.at(2)).object()[u"status"_s].toInt(), 500);

    process.terminate(); // SIGTERM, handled like Ctrl+C
    QVERIFY(process.waitForFinished(10'000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
}

void TestAdminCli::configExportImportRoundTrip()
{
    const QString exported = m_dir->filePath(u"exported.json"_s);
    Run r = run({ u"config"_s, u"export"_s, exported });
    QVERIFY2(r.exitCode == 0, r.err);
    QFile file(exported);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), kConfig); // no store yet: the file itself
    file.close();

    // A different, valid config with its own formatting: imported byte for byte.
    QByteArray other = kConfig;
    other.replace("\"max_connections\": 77", "\"max_connections\":    78");
    const QString otherPath = m_dir->filePath(u"other.json"_s);
    QFile otherFile(otherPath);
    QVERIFY(otherFile.open(QIODevice::WriteOnly));
    otherFile.write(other);
    otherFile.close();
    r = run({ u"config"_s, u"import"_s, otherPath });
    QVERIFY2(r.exitCode == 0, r.err);
    QCOMPARE(configBytes(), other);
    {
        auto db = store::Database::open(dbPath(), store::Database::Mode::ReadOnly);
        QVERIFY(db);
        QCOMPARE(store::ConfigStore::currentConfig(**db).value_or(QByteArray()), other);
    }

    // Export now comes from the store, even when the file changed behind its back.
    QFile config(m_configPath);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("{}");
    config.close();
    r = run({ u"config"_s, u"export"_s, u"-"_s });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, other);

    r = run({ u"config"_s, u"import"_s, exported });
    QCOMPARE(r.exitCode, 0);
    r = run({ u"config"_s, u"export"_s, exported + u".2"_s });
    QCOMPARE(r.exitCode, 0);
    QFile again(exported + u".2"_s);
    QVERIFY(again.open(QIODevice::ReadOnly));
    QCOMPARE(again.readAll(), kConfig);
}

void TestAdminCli::configValidate()
{
    Run r = run({ u"config"_s, u"validate"_s });
    QVERIFY2(r.exitCode == 0, r.err);
    QVERIFY(r.out.startsWith("OK"));

    QByteArray broken = kConfig;
    broken.replace("\"kind\": \"openai\"", "\"kind\": \"telepathy\"");
    const QString brokenPath = m_dir->filePath(u"broken.json"_s);
    QFile file(brokenPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(broken);
    file.close();
    r = run({ u"config"_s, u"validate"_s, brokenPath });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("providers[0].kind: unknown kind 'telepathy'"), r.err);
    QVERIFY(r.err.contains("broken.json"));

    r = run({ u"config"_s, u"import"_s, brokenPath });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("providers[0].kind"), r.err);
    QCOMPARE(configBytes(), kConfig);

    QFile notJson(brokenPath);
    QVERIFY(notJson.open(QIODevice::WriteOnly));
    notJson.write("{\n  \"gateway\": ,\n}");
    notJson.close();
    r = run({ u"config"_s, u"validate"_s, brokenPath });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("line 2"), r.err);
}

void TestAdminCli::tokensCreateListRevoke()
{
    Run r = run({ u"tokens"_s, u"create"_s, u"ci"_s, u"--models"_s, u"fa/*"_s, u"--rpm"_s, u"30"_s,
                  u"--json"_s });
    QVERIFY2(r.exitCode == 0, r.err);
    const QByteArray token
        = QJsonDocument::fromJson(r.out).object().value(u"token"_s).toString().toLatin1();
    QVERIFY(token.startsWith("sk-sy-"));
    QVERIFY(token.size() >= 40);
    // The config keeps the hash, never the token.
    const QByteArray config = configBytes();
    QVERIFY(!config.contains(token));
    QVERIFY(config.contains("sha256:"));
    r = run({ u"tokens"_s, u"list"_s });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("ci"));
    QVERIFY(r.out.contains("30 req/min"));
    QVERIFY(!r.out.contains(token));
    r = run({ u"tokens"_s, u"create"_s, u"ci"_s });
    QCOMPARE(r.exitCode, 1); // names are unique
    r = run({ u"tokens"_s, u"revoke"_s, u"ci"_s });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!configBytes().contains("sha256:"));
    QCOMPARE(run({ u"tokens"_s, u"revoke"_s, u"ci"_s }).exitCode, 1);
    QCOMPARE(run({ u"tokens"_s, u"create"_s }).exitCode, 2);
}

QTEST_GUILESS_MAIN(TestAdminCli)
#include "tst_admin_cli.moc"
