#include "store/Database.h"
#include "store/LogReader.h"
#include "store/Schema.h"

#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::store;

class TestStoreSchema final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void freshCreate();
    void migrateFromEveryEarlierVersion_data();
    void migrateFromEveryEarlierVersion();
    void extraStepKeepsRowsThenNewerIsRefused();
    void failingStepRollsBack();
    void newerIsRefusedAndUntouched_data();
    void newerIsRefusedAndUntouched();
    void garbageIsAClearError_data();
    void garbageIsAClearError();
    void readOnlyNeedsAnExistingFile();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    /// A plain connection that bypasses Database, to build files at any version.
    static QSqlDatabase raw(const QString &file);
    static QVariant one(QSqlDatabase &db, const QString &sql);
    static QByteArray bytes(const QString &file);
    static void seed(QSqlDatabase &db, int version);
    static void checkSeed(QSqlDatabase &db, int version);

    std::unique_ptr<QTemporaryDir> m_dir;
};

QSqlDatabase TestStoreSchema::raw(const QString &file)
{
    static int counter = 0;
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw%1"_s.arg(++counter));
    db.setDatabaseName(file);
    if (!db.open())
        qFatal("cannot open %s", qPrintable(file));
    return db;
}

QVariant TestStoreSchema::one(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return QVariant();
    return q.value(0);
}

QByteArray TestStoreSchema::bytes(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Rows for every table that exists at \a version (nothing at version 0).
void TestStoreSchema::seed(QSqlDatabase &db, int version)
{
    if (version < 1)
        return;
    QSqlQuery q(db);
    QVERIFY(q.exec(u"INSERT INTO config_documents (imported_at_ms, source, json) "
                   "VALUES (1, 'file', X'7B7D')"_s));
    QVERIFY(q.exec(u"INSERT INTO request_log (request_id, started_at_ms, endpoint, "
                   "requested_model, route, rule_reason, strategy, attempts, provider, model, "
                   "status, error_code, stream, inbound_api, token_name, tokens_in, tokens_out, "
                   "tokens_cached, tokens_cache_write, tokens_reasoning, usage_known, cost_usd, "
                   "price_version, cost_known, cache_hit, latency_ms, ttft_ms, bytes_in, "
                   "bytes_out) VALUES ('req_seed', 1700000000000, 'chat.completions', 'coder', "
                   "'coder', '', 'fallback', '[]', 'openai', 'gpt-4o', 200, '', 0, 'openai', '', "
                   "10, 5, 0, 0, 0, 1, 0.25, 'v1', 1, 0, 123, -1, 10, 20)"_s));
    QVERIFY(q.exec(u"INSERT INTO prices (model, source, input_per_token, updated_at_ms) "
                   "VALUES ('gpt-4o', 'bundled', 0.0000025, 1)"_s));
    QVERIFY(q.exec(u"INSERT INTO daily_aggregates (day, provider, model, route, requests, "
                   "cost_usd) VALUES ('2023-11-14', 'openai', 'gpt-4o', 'coder', 1, 0.25)"_s));
    QVERIFY(q.exec(u"INSERT INTO cache_entries VALUES ('k1', 1, 9999999999999, 'openai', 0, "
                   "'gpt-4o', 200, 'application/json', X'00FF', 2)"_s));
}

void TestStoreSchema::checkSeed(QSqlDatabase &db, int version)
{
    if (version < 1)
        return;
    QCOMPARE(one(db, u"SELECT hex(json) FROM config_documents"_s).toString(), u"7B7D"_s);
    QCOMPARE(one(db,
                 u"SELECT request_id || ':' || latency_ms || ':' || cost_usd "
                 "FROM request_log"_s)
                 .toString(),
             u"req_seed:123:0.25"_s);
    QCOMPARE(one(db, u"SELECT input_per_token FROM prices WHERE model = 'gpt-4o'"_s).toDouble(),
             0.0000025);
    QCOMPARE(one(db, u"SELECT requests FROM daily_aggregates"_s).toInt(), 1);
    QCOMPARE(one(db, u"SELECT hex(body) FROM cache_entries WHERE key = 'k1'"_s).toString(),
             u"00FF"_s);
}

void TestStoreSchema::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestStoreSchema::freshCreate()
{
    const QString file = path(u"sub/dir/switchyard.db"_s);
    {
        auto db = Database::open(file);
        QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
        QSqlDatabase &c = (*db)->connection();
        QCOMPARE(one(c, u"PRAGMA user_version"_s).toInt(), Schema::kCurrentVersion);
        QCOMPARE(one(c, u"PRAGMA auto_vacuum"_s).toInt(), 2); // INCREMENTAL
        QCOMPARE(one(c, u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
        QCOMPARE(one(c, u"PRAGMA synchronous"_s).toInt(), 1); // NORMAL
        QCOMPARE(one(c, u"PRAGMA foreign_keys"_s).toInt(), 1);
        QCOMPARE(one(c, u"PRAGMA busy_timeout"_s).toInt(), 5000);
        QSqlQuery q(c);
        QVERIFY(q.exec(u"SELECT name FROM sqlite_master WHERE type = 'table' "
                       "AND name NOT LIKE 'sqlite_%' ORDER BY name"_s));
        QStringList tables;
        while (q.next())
            tables << q.value(0).toString();
        QCOMPARE(tables,
                 QStringList({ u"cache_entries"_s, u"config_documents"_s, u"daily_aggregates"_s,
                               u"models"_s, u"prices"_s, u"providers"_s, u"request_log"_s,
                               u"routes"_s, u"rules"_s }));
    }
    // Opening again is a no-op migration.
    auto again = Database::open(file);
    QVERIFY(again.ok());
    QCOMPARE(one((*again)->connection(), u"PRAGMA user_version"_s).toInt(),
             Schema::kCurrentVersion);
}

void TestStoreSchema::migrateFromEveryEarlierVersion_data()
{
    QTest::addColumn<int>("version");
    for (int v = 0; v < Schema::kCurrentVersion; ++v)
        QTest::addRow("from v%d", v) << v;
}

void TestStoreSchema::migrateFromEveryEarlierVersion()
{
    QFETCH(int, version);
    const QString file = path(u"old.db"_s);
    {
        QFile empty(file); // version 0 is an empty file
        QVERIFY(empty.open(QIODevice::WriteOnly));
    }
    QString name;
    {
        QSqlDatabase db = raw(file);
        name = db.connectionName();
        QVERIFY(Schema::migrate(db, file, Schema::steps().mid(0, version)).ok());
        QCOMPARE(one(db, u"PRAGMA user_version"_s).toInt(), version);
        seed(db, version);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);

    auto db = Database::open(file);
    QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
    QSqlDatabase &c = (*db)->connection();
    QCOMPARE(one(c, u"PRAGMA user_version"_s).toInt(), Schema::kCurrentVersion);
    checkSeed(c, version);
    QCOMPARE(one(c, u"PRAGMA integrity_check"_s).toString(), u"ok"_s);
    if (version == 0)
        QCOMPARE(one(c, u"PRAGMA auto_vacuum"_s).toInt(), 2);
}

void TestStoreSchema::extraStepKeepsRowsThenNewerIsRefused()
{
    // A future version is one more list entry: check that mechanism on today's schema.
    const QString file = path(u"future.db"_s);
    QVERIFY(Database::open(file).ok());
    QString name;
    {
        QSqlDatabase db = raw(file);
        name = db.connectionName();
        seed(db, Schema::kCurrentVersion);
        QList<Schema::Step> future = Schema::steps();
        future.append({ u"ALTER TABLE request_log ADD COLUMN note TEXT NOT NULL DEFAULT 'n'"_s,
                        u"CREATE INDEX request_log_note ON request_log (note)"_s });
        QVERIFY(Schema::migrate(db, file, future).ok());
        QCOMPARE(one(db, u"PRAGMA user_version"_s).toInt(), Schema::kCurrentVersion + 1);
        checkSeed(db, Schema::kCurrentVersion);
        QCOMPARE(one(db, u"SELECT note FROM request_log"_s).toString(), u"n"_s);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    auto refused = Database::open(file);
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message.contains(u"newer Switchyard"_s));
}

void TestStoreSchema::failingStepRollsBack()
{
    const QString file = path(u"fail.db"_s);
    QVERIFY(Database::open(file).ok());
    QString name;
    {
        QSqlDatabase db = raw(file);
        name = db.connectionName();
        QList<Schema::Step> broken = Schema::steps();
        broken.append({ u"CREATE TABLE half_done (x)"_s, u"THIS IS NOT SQL"_s });
        const Status status = Schema::migrate(db, file, broken);
        QVERIFY(!status.ok());
        QVERIFY2(status.error().message.contains(u"schema %1"_s.arg(Schema::kCurrentVersion + 1)),
                 qPrintable(status.error().message));
        QCOMPARE(one(db, u"PRAGMA user_version"_s).toInt(), Schema::kCurrentVersion);
        QCOMPARE(one(db, u"SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"_s).toInt(),
                 0);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

void TestStoreSchema::newerIsRefusedAndUntouched_data()
{
    QTest::addColumn<bool>("readOnly");
    QTest::newRow("read-write") << false;
    QTest::newRow("read-only") << true;
}

void TestStoreSchema::newerIsRefusedAndUntouched()
{
    QFETCH(bool, readOnly);
    const QString file = path(u"newer.db"_s);
    QVERIFY(Database::open(file).ok());
    QString name;
    {
        QSqlDatabase db = raw(file);
        name = db.connectionName();
        seed(db, Schema::kCurrentVersion);
        QSqlQuery q(db);
        QVERIFY(q.exec(u"PRAGMA user_version = %1"_s.arg(Schema::kCurrentVersion + 4)));
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    const QByteArray before = bytes(file);
    QVERIFY(!before.isEmpty());
    QVERIFY(!QFile::exists(file + u"-wal"_s));

    auto db = Database::open(file, readOnly ? Database::Mode::ReadOnly : Database::Mode::ReadWrite);
    QVERIFY(!db.ok());
    const QString expected
        = u"was written by a newer Switchyard (schema %1; this build knows up "
          "to %2). Upgrade Switchyard or use another --data-dir."_s.arg(Schema::kCurrentVersion + 4)
              .arg(Schema::kCurrentVersion);
    QVERIFY2(db.error().message.endsWith(expected), qPrintable(db.error().message));
    QVERIFY(db.error().message.contains(u"newer.db"_s));
    auto reader = LogReader::open(file);
    QVERIFY(!reader.ok());
    QVERIFY(reader.error().message.endsWith(expected));
    QCOMPARE(bytes(file), before);
}

void TestStoreSchema::garbageIsAClearError_data()
{
    QTest::addColumn<QByteArray>("content");
    QByteArray random(8192, Qt::Uninitialized);
    QRandomGenerator gen(42);
    for (char &c : random)
        c = char(gen.bounded(256));
    QTest::newRow("text") << QByteArray("{\"providers\": []}\n").repeated(300);
    QTest::newRow("random") << random;
    QByteArray header("SQLite format 3\0", 16);
    QTest::newRow("sqlite header, garbage after") << QByteArray(header + random);
}

void TestStoreSchema::garbageIsAClearError()
{
    QFETCH(QByteArray, content);
    const QString file = path(u"garbage.db"_s);
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    auto db = Database::open(file);
    QVERIFY(!db.ok());
    QVERIFY2(db.error().message.contains(u"cannot use"_s)
                 && db.error().message.contains(u"garbage.db"_s),
             qPrintable(db.error().message));
    QVERIFY(!LogReader::open(file).ok());
    QCOMPARE(bytes(file), content);
}

void TestStoreSchema::readOnlyNeedsAnExistingFile()
{
    const QString file = path(u"missing.db"_s);
    auto db = Database::open(file, Database::Mode::ReadOnly);
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, ErrorCode::NotFound);
    QVERIFY(!QFile::exists(file));
}

QTEST_GUILESS_MAIN(TestStoreSchema)
#include "tst_store_schema.moc"
