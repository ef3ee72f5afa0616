#include "config/ConfigLoader.h"
#include "store/ConfigStore.h"
#include "store/Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::store;

class TestStoreConfig final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void nothingImported();
    void exactBytesRoundTrip_data();
    void exactBytesRoundTrip();
    void registryMirrorsNewestDocument();
    void pricesUpsert();

private:
    static QStringList column(Database &db, const QString &sql);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

namespace {

const QByteArray kFirst = R"({
  "providers": [
    {"name": "openai", "kind": "openai", "base_url": "https:\/\/api.openai.com/v1",
     "api_key": {"env": "OPENAI_API_KEY"}, "models": ["gpt-4o", "gpt-4o-mini"],
     "model_info": {"gpt-4o": {"input_per_mtok": 2.5, "output_per_mtok": 10,
                               "context_length": 128000, "capabilities": ["tools", "vision"]}}},
    {"name": "local", "kind": "ollama", "base_url": "http:\/\/127.0.0.1:11434", "models": "discover"}
  ],
  "routes": [
    {"model": "coder", "strategy": "fallback", "targets": ["openai/gpt-4o", "local/qwen"]},
    {"model": "cheap", "targets": ["openai/gpt-4o-mini"]}
  ],
  "rules": [ { "when": { "has_images": true }, "route": "coder" } ]
}
)";

const QByteArray kSecond = R"({"providers": [{"name": "other", "kind": "openai",
  "base_url": "https:\/\/o.example/v1", "api_key": {"keychain": "other-key"}, "models": ["m"]}],
  "routes": [{"model": "r", "targets": ["other/m"]}]})";

} // namespace

QStringList TestStoreConfig::column(Database &db, const QString &sql)
{
    QSqlQuery q(db.connection());
    QStringList values;
    if (!q.exec(sql))
        return { u"error: "_s + q.lastError().text() };
    while (q.next())
        values << q.value(0).toString();
    return values;
}

void TestStoreConfig::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto db = Database::open(m_dir->filePath(u"s.db"_s));
    QVERIFY(db.ok());
    m_db = std::move(*db);
}

void TestStoreConfig::cleanup()
{
    m_db.reset();
}

void TestStoreConfig::nothingImported()
{
    QVERIFY(!ConfigStore::currentConfig(*m_db).has_value());
}

void TestStoreConfig::exactBytesRoundTrip_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("indented with trailing newline") << kFirst;
    QTest::newRow("odd spacing and key order") << kSecond;
    QTest::newRow("utf-8 and CRLF")
        << QByteArray("{\r\n  \"providers\": [], \"note\": \"caf\xc3\xa9\"\r\n}");
}

void TestStoreConfig::exactBytesRoundTrip()
{
    QFETCH(QByteArray, json);
    const config::Config parsed; // the registry content does not matter here
    auto id = ConfigStore::importConfig(*m_db, json, parsed, u"test"_s);
    QVERIFY2(id.ok(), id.ok() ? "" : qPrintable(id.error().message));
    QCOMPARE(ConfigStore::currentConfig(*m_db).value_or(QByteArray()), json);
}

void TestStoreConfig::registryMirrorsNewestDocument()
{
    auto first = config::ConfigLoader::parse(kFirst);
    QVERIFY2(first.ok(), first.ok() ? "" : qPrintable(first.error().message));
    auto id1 = ConfigStore::importConfig(*m_db, kFirst, *first, u"file"_s);
    QVERIFY(id1.ok());

    QCOMPARE(column(*m_db,
                    u"SELECT name || ':' || kind || ':' || coalesce(key_source, '-') || "
                    "':' || coalesce(key_name, '-') || ':' || discover_models || ':' || "
                    "local FROM providers ORDER BY position"_s),
             QStringList({ u"openai:openai:env:OPENAI_API_KEY:0:0"_s, u"local:ollama:-:-:1:1"_s }));
    QCOMPARE(
        column(*m_db,
               u"SELECT name || ':' || coalesce(input_per_mtok, '-') || ':' || "
               "coalesce(context_length, '-') || ':' || capabilities FROM models "
               "WHERE provider = 'openai' ORDER BY name"_s),
        QStringList({ u"gpt-4o:2.5:128000:[\"tools\",\"vision\"]"_s, u"gpt-4o-mini:-:-:[]"_s }));
    QCOMPARE(column(*m_db, u"SELECT model || ':' || targets FROM routes ORDER BY position"_s),
             QStringList({ u"coder:[{\"id\":\"openai/gpt-4o\",\"weight\":1},"
                           "{\"id\":\"local/qwen\",\"weight\":1}]"_s,
                           u"cheap:[{\"id\":\"openai/gpt-4o-mini\",\"weight\":1}]"_s }));
    QCOMPARE(column(*m_db, u"SELECT strategy FROM routes WHERE model = 'coder'"_s),
             QStringList({ u"fallback"_s }));
    QCOMPARE(column(*m_db, u"SELECT route || ':' || conditions FROM rules"_s),
             QStringList({ u"coder:{\"has_images\":true}"_s }));

    auto second = config::ConfigLoader::parse(kSecond);
    QVERIFY(second.ok());
    auto id2 = ConfigStore::importConfig(*m_db, kSecond, *second, u"ui"_s);
    QVERIFY(id2.ok());
    QVERIFY(*id2 > *id1);
    QCOMPARE(ConfigStore::currentConfig(*m_db).value_or(QByteArray()), kSecond);
    QCOMPARE(column(*m_db, u"SELECT name || ':' || key_source || ':' || key_name FROM providers"_s),
             QStringList({ u"other:keychain:other-key"_s }));
    QCOMPARE(column(*m_db, u"SELECT provider || '/' || name FROM models"_s),
             QStringList({ u"other/m"_s }));
    QCOMPARE(column(*m_db, u"SELECT model FROM routes"_s), QStringList({ u"r"_s }));
    QCOMPARE(column(*m_db, u"SELECT count(*) FROM rules"_s), QStringList({ u"0"_s }));
    // The history keeps every document.
    QCOMPARE(column(*m_db, u"SELECT source FROM config_documents ORDER BY id"_s),
             QStringList({ u"file"_s, u"ui"_s }));
}

void TestStoreConfig::pricesUpsert()
{
    PriceRow bundled { u"gpt-4o"_s,          2.5e-6,      1e-5, 1.25e-6, 0, 128000,
                       PriceSource::Bundled, u"2025-01"_s };
    PriceRow mini {
        u"gpt-4o-mini"_s, 1.5e-7, 6e-7, 0, 0, 128000, PriceSource::Bundled, u"2025-01"_s
    };
    QVERIFY(ConfigStore::upsertPrices(*m_db, { bundled, mini }).ok());
    PriceRow updated = bundled;
    updated.inputPerToken = 2e-6;
    updated.version = u"2025-02"_s;
    PriceRow override = bundled;
    override.source = PriceSource::Override;
    override.outputPerToken = 5e-6;
    QVERIFY(ConfigStore::upsertPrices(*m_db, { updated, override }).ok());
    auto prices = ConfigStore::prices(*m_db);
    QVERIFY(prices.ok());
    QCOMPARE(prices->size(), 3);
    QCOMPARE(prices->at(0), updated);
    QCOMPARE(prices->at(1), override);
    QCOMPARE(prices->at(2), mini);
}

QTEST_GUILESS_MAIN(TestStoreConfig)
#include "tst_store_config.moc"
