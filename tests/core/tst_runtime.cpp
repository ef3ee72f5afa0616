#include "FakeOpenAi.h"
#include "TestClient.h"
#include "core/Runtime.h"
#include "store/ConfigStore.h"
#include "store/Database.h"
#include "store/LogReader.h"
#include "store/RequestLogWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::fakes;

// The composition the app runs: data dir, SQLite request log, config file hot reload.
class TestRuntime final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void requestsReachTheStore();
    void editedConfigIsAppliedLive();
    void invalidEditKeepsTheRunningConfig();
    void newerDatabaseIsRefused();
    void dataDirIsPrivate();

private:
    QByteArray config(const QString &routes) const;
    void writeConfig(const QByteArray &bytes);
    TestResponse chat(const QByteArray &model);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOpenAi> m_upstream;
    std::unique_ptr<core::Runtime> m_runtime;
    quint16 m_port = 0;
};

QByteArray TestRuntime::config(const QString &routes) const
{
    return QStringLiteral(R"({"gateway": {"port": 0, "health_check": {"interval_ms": 0}},
  "providers": [{"name": "p", "kind": "openai", "base_url": "%1/v1", "models": ["m"]}],
  "routes": [%2]}
)")
        .arg(QString::fromLatin1(m_upstream->baseUrl()), routes)
        .toUtf8();
}

void TestRuntime::writeConfig(const QByteArray &bytes)
{
    QSaveFile file(m_dir->filePath(u"config.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
    QVERIFY(file.commit());
}

void TestRuntime::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_upstream = std::make_unique<FakeOpenAi>();
    QVERIFY(m_upstream->start() != 0);
    writeConfig(config(uR"({"model": "one", "targets": ["p/m"]})"_s));
    m_runtime = std::make_unique<core::Runtime>(m_dir->path(), m_dir->filePath(u"config.json"_s));
    auto port = m_runtime->start(false);
    QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
    m_port = *port;
}

void TestRuntime::cleanup()
{
    m_runtime.reset();
    m_upstream.reset();
    m_dir.reset();
}

TestResponse TestRuntime::chat(const QByteArray &model)
{
    return TestClient::request(m_port, "POST", "/v1/chat/completions",
                               R"({"model":")" + model
                                   + R"(","messages":[{"role":"user","content":"secret words"}]})",
                               { { "Content-Type", "application/json" } });
}

void TestRuntime::requestsReachTheStore()
{
    for (int i = 0; i < 5; ++i)
        QCOMPARE(chat("one").status, 200);
    QCOMPARE(chat("missing").status, 404); // refused before routing: not a proxied request
    QTest::qWait(300); // the gateway hands records over every 100 ms
    m_runtime->logWriter()->flush();
    auto reader = store::LogReader::open(core::Runtime::databasePath(m_dir->path()));
    QVERIFY(reader.ok());
    store::LogFilter filter;
    auto rows = (*reader)->requests(filter);
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 5);
    const store::LogRow &row = rows->first();
    QCOMPARE(row.record.route, u"one"_s);
    QCOMPARE(row.record.provider, u"p"_s);
    QCOMPARE(row.record.status, 200);
    QCOMPARE(row.record.tokensIn, 12);
    QVERIFY(row.record.requestBody.isEmpty()); // bodies only when the route asks
    // Nothing of the prompt is in the database file.
    QFile db(core::Runtime::databasePath(m_dir->path()));
    QVERIFY(db.open(QIODevice::ReadOnly));
    QVERIFY(!db.readAll().contains("secret words"));
}

void TestRuntime::editedConfigIsAppliedLive()
{
    QSignalSpy reloaded(m_runtime.get(), &core::Runtime::configReloaded);
    QCOMPARE(chat("two").status, 404);
    const QByteArray next = config(
        uR"({"model": "one", "targets": ["p/m"]}, {"model": "two", "targets": ["p/m"], "log_bodies": true})"_s);
    writeConfig(next);
    QTRY_VERIFY_WITH_TIMEOUT(reloaded.size() >= 1, 5000);
    QCOMPARE(chat("two").status, 200);
    // The store keeps the exact document.
    auto db = store::Database::open(core::Runtime::databasePath(m_dir->path()),
                                    store::Database::Mode::ReadOnly);
    QVERIFY(db.ok());
    QCOMPARE(store::ConfigStore::currentConfig(**db), std::optional<QByteArray>(next));
    // The route logs bodies now.
    QTest::qWait(300);
    m_runtime->logWriter()->flush();
    auto reader = store::LogReader::open(core::Runtime::databasePath(m_dir->path()));
    QVERIFY(reader.ok());
    store::LogFilter withBodies;
    withBodies.withBodies = true;
    auto rows = (*reader)->requests(withBodies);
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 1);
    QVERIFY(rows->first().record.requestBody.contains("secret words"));
    QVERIFY(rows->first().record.responseBody.contains("Hello from the fake upstream"));
}

void TestRuntime::invalidEditKeepsTheRunningConfig()
{
    QSignalSpy errors(m_runtime.get(), &core::Runtime::configError);
    writeConfig(config(uR"({"model": "one", "targets": ["nobody/m"]})"_s));
    QTRY_VERIFY_WITH_TIMEOUT(errors.size() >= 1, 5000);
    QVERIFY(errors.first().at(0).toString().contains(u"routes[0]"_s));
    QCOMPARE(chat("one").status, 200);
}

void TestRuntime::newerDatabaseIsRefused()
{
    m_runtime.reset();
    {
        auto db = store::Database::open(core::Runtime::databasePath(m_dir->path()));
        QVERIFY(db.ok());
        QSqlQuery((*db)->connection()).exec(u"PRAGMA user_version = 999"_s);
    }
    core::Runtime runtime(m_dir->path(), m_dir->filePath(u"config.json"_s));
    auto port = runtime.start(false);
    QVERIFY(!port.ok());
    QCOMPARE(runtime.failure(), core::Runtime::Failure::Store);
    QVERIFY2(port.error().message.contains(u"newer Switchyard"_s),
             qPrintable(port.error().message));
}

void TestRuntime::dataDirIsPrivate()
{
#if defined(Q_OS_UNIX)
    const auto mode = [](const QString &path) {
        return QFileInfo(path).permissions()
            & (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
               | QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
               | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther);
    };
    const QFileDevice::Permissions dirMode
        = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
    const QFileDevice::Permissions fileMode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    const QFileDevice::Permissions openFile
        = fileMode | QFileDevice::ReadGroup | QFileDevice::ReadOther;

    // An existing data dir from an older version: 0755 with a 0644 config and database.
    const QString old = m_dir->filePath(u"old"_s);
    QVERIFY(QDir().mkpath(old));
    QVERIFY(QFile::setPermissions(old,
                                  dirMode | QFileDevice::ReadGroup | QFileDevice::ExeGroup
                                      | QFileDevice::ReadOther | QFileDevice::ExeOther));
    QFile config(old + u"/config.json"_s);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(this->config(uR"({"model": "one", "targets": ["p/m"]})"_s));
    config.close();
    QVERIFY(QFile::setPermissions(config.fileName(), openFile));
    {
        core::Runtime first(old, config.fileName());
        QVERIFY(first.start(false).ok());
    }
    const QString db = core::Runtime::databasePath(old);
    QVERIFY(QFile::setPermissions(db, openFile));
    QVERIFY(QFile::setPermissions(old, dirMode | QFileDevice::ReadOther | QFileDevice::ExeOther));

    core::Runtime runtime(old, config.fileName());
    QVERIFY(runtime.start(false).ok());
    QCOMPARE(mode(old), dirMode);
    QCOMPARE(mode(config.fileName()), fileMode);
    QCOMPARE(mode(db), fileMode);
    for (const QString &sidecar : QStringList { db + u"-wal"_s, db + u"-shm"_s }) {
        if (QFileInfo::exists(sidecar))
            QCOMPARE(mode(sidecar), fileMode);
    }

    // A new data dir and everything created in it are private from the start.
    const QString fresh = m_dir->filePath(u"fresh/data"_s);
    core::Runtime created(fresh, fresh + u"/config.json"_s);
    QVERIFY(created.start(true).ok());
    QCOMPARE(mode(fresh), dirMode);
    QCOMPARE(mode(fresh + u"/config.json"_s), fileMode);
    QCOMPARE(mode(core::Runtime::databasePath(fresh)), fileMode);
#else
    QSKIP("Windows keeps the data dir private through the user profile's ACL");
#endif
}

QTEST_GUILESS_MAIN(TestRuntime)
#include "tst_runtime.moc"
