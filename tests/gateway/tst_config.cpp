#include "config/ConfigLoader.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::config;

class TestConfig final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validConfigs_data();
    void validConfigs();
    void invalidConfigs_data();
    void invalidConfigs();
    void fullExampleParses();
    void reportsAllErrorsAtOnce();
    void roundTripsThroughJson();
    void loadOrCreateWritesDefault();
    void explicitMissingFileIsAnError();
};

void TestConfig::validConfigs_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("providers");

    QTest::newRow("empty object") << QByteArray("{}") << u"127.0.0.1"_s << 8484 << 0;
    QTest::newRow("empty provider list")
        << QByteArray(R"({"providers": []})") << u"127.0.0.1"_s << 8484 << 0;
    QTest::newRow("port zero") << QByteArray(R"({"gateway": {"port": 0}})") << u"127.0.0.1"_s << 0
                               << 0;
    QTest::newRow("ipv6 loopback")
        << QByteArray(R"({"gateway": {"host": "::1", "port": 9000}})") << u"::1"_s << 9000 << 0;
    QTest::newRow("localhost") << QByteArray(R"({"gateway": {"host": "localhost"}})")
                               << u"localhost"_s << 8484 << 0;
    QTest::newRow("env key") << QByteArray(R"({"providers": [{"name": "openai", "kind": "openai",
        "base_url": "https://api.openai.com/v1", "api_key": {"env": "OPENAI_API_KEY"}, "models": ["gpt-4o"]}]})")
                             << u"127.0.0.1"_s << 8484 << 1;
    QTest::newRow("keychain key") << QByteArray(R"({"providers": [{"name": "groq", "kind": "openai",
        "base_url": "https://api.groq.com/openai/v1", "api_key": {"keychain": "groq"}, "models": "discover"}]})")
                                  << u"127.0.0.1"_s << 8484 << 1;
    QTest::newRow("no key, http local")
        << QByteArray(R"({"providers": [{"name": "lmstudio", "kind": "openai",
        "base_url": "http://127.0.0.1:1234/v1", "models": ["qwen"]}]})")
        << u"127.0.0.1"_s << 8484 << 1;
    QTest::newRow("limits") << QByteArray(
        R"({"gateway": {"limits": {"max_body_bytes": 1048576, "head_timeout_ms": 500}}})")
                            << u"127.0.0.1"_s << 8484 << 0;
}

void TestConfig::validConfigs()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(int, providers);
    const auto config = ConfigLoader::parse(json);
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    QCOMPARE(config->gateway.host, host);
    QCOMPARE(int(config->gateway.port), port);
    QCOMPARE(int(config->providers.size()), providers);
}

void TestConfig::invalidConfigs_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");

    const QByteArray p0
        = R"({"name": "openai", "kind": "openai", "base_url": "https://api.openai.com/v1", "models": ["gpt-4o"]})";
    auto withProvider = [&](const QByteArray &provider) -> QByteArray {
        return "{\"providers\": [" + provider + "]}";
    };

    QTest::newRow("not json") << QByteArray("{ nope") << u"line 1, column"_s;
    QTest::newRow("json array") << QByteArray("[]") << u"the config must be a JSON object"_s;
    QTest::newRow("unknown top-level field")
        << QByteArray(R"({"provider": []})") << u"provider: unknown field"_s;
    QTest::newRow("providers not array")
        << QByteArray(R"({"providers": {}})") << u"providers: must be an array"_s;
    QTest::newRow("port out of range") << QByteArray(R"({"gateway": {"port": 70000}})")
                                       << u"gateway.port: must be between 0 and 65535"_s;
    QTest::newRow("port fractional") << QByteArray(R"({"gateway": {"port": 80.5}})")
                                     << u"gateway.port: must be a whole number"_s;
    QTest::newRow("port string") << QByteArray(R"({"gateway": {"port": "8484"}})")
                                 << u"gateway.port: must be a whole number"_s;
    QTest::newRow("host not an address") << QByteArray(R"({"gateway": {"host": "example.com"}})")
                                         << u"gateway.host: 'example.com' is not an IP address"_s;
    QTest::newRow("limit too small")
        << QByteArray(R"({"gateway": {"limits": {"max_body_bytes": 1}}})")
        << u"gateway.limits.max_body_bytes: must be between"_s;
    QTest::newRow("missing name") << withProvider(
        R"({"kind": "openai", "base_url": "https://x.io/v1"})")
                                  << u"providers[0].name: missing"_s;
    QTest::newRow("slash in name")
        << withProvider(R"({"name": "a/b", "kind": "openai", "base_url": "https://x.io/v1"})")
        << u"providers[0].name: 'a/b' may use only"_s;
    QTest::newRow("unknown kind") << withProvider(
        R"({"name": "a", "kind": "openia", "base_url": "https://x.io/v1"})")
                                  << u"providers[0].kind: unknown kind 'openia' (known: openai"_s;
    QTest::newRow("bad url") << withProvider(
        R"({"name": "a", "kind": "openai", "base_url": "api.openai.com"})")
                             << u"providers[0].base_url: not a valid http(s) URL"_s;
    QTest::newRow("ftp url") << withProvider(
        R"({"name": "a", "kind": "openai", "base_url": "ftp://x.io/v1"})")
                             << u"providers[0].base_url: not a valid http(s) URL"_s;
    QTest::newRow("literal key")
        << withProvider(
               R"({"name": "openai", "kind": "openai", "base_url": "https://x.io/v1", "api_key": "sk-test-123"})")
        << u"providers[0].api_key: a literal API key is not allowed in the config file. Store it in the OS keychain with `switchyard keys set openai`"_s;
    QTest::newRow("key with both sources") << withProvider(
        R"({"name": "a", "kind": "openai", "base_url": "https://x.io/v1", "api_key": {"env": "A", "keychain": "a"}})")
                                           << u"providers[0].api_key: must name exactly one source"_s;
    QTest::newRow("bad env name")
        << withProvider(
               R"({"name": "a", "kind": "openai", "base_url": "https://x.io/v1", "api_key": {"env": "1BAD"}})")
        << u"providers[0].api_key.env: '1BAD' is not a valid environment variable name"_s;
    QTest::newRow("models wrong type")
        << withProvider(
               R"({"name": "a", "kind": "openai", "base_url": "https://x.io/v1", "models": "all"})")
        << u"providers[0].models: must be an array of model names or \"discover\""_s;
    QTest::newRow("duplicate model") << withProvider(
        R"({"name": "a", "kind": "openai", "base_url": "https://x.io/v1", "models": ["m", "m"]})")
                                     << u"providers[0].models[1]: 'm' is listed twice"_s;
    QTest::newRow("duplicate provider")
        << ("{\"providers\": [" + p0 + "," + p0 + "]}")
        << u"providers[1].name: 'openai' is used by another provider"_s;
    QTest::newRow("route unknown provider")
        << QByteArray("{\"providers\": [" + p0
                      + R"(], "routes": [{"model": "coder", "targets": ["local/qwen"]}]})")
        << u"routes[0].targets[0]: unknown provider 'local'"_s;
    QTest::newRow("route unknown model")
        << QByteArray("{\"providers\": [" + p0
                      + R"(], "routes": [{"model": "coder", "targets": ["openai/gpt-5"]}]})")
        << u"routes[0].targets[0]: provider 'openai' does not list model 'gpt-5'"_s;
    QTest::newRow("route target shape") << QByteArray(
        "{\"providers\": [" + p0 + R"(], "routes": [{"model": "coder", "targets": ["gpt-4o"]}]})")
                                        << u"routes[0].targets[0]: must be \"provider/model\""_s;
    QTest::newRow("route no targets")
        << QByteArray(R"({"routes": [{"model": "coder", "targets": []}]})")
        << u"routes[0].targets: must be a non-empty array"_s;
    QTest::newRow("route unknown strategy") << QByteArray(
        "{\"providers\": [" + p0
        + R"(], "routes": [{"model": "coder", "strategy": "magic", "targets": ["openai/gpt-4o"]}]})")
                                            << u"routes[0].strategy: unknown strategy 'magic'"_s;
    QTest::newRow("duplicate route") << QByteArray(
        "{\"providers\": [" + p0
        + R"(], "routes": [{"model": "c", "targets": ["openai/gpt-4o"]}, {"model": "c", "targets": ["openai/gpt-4o"]}]})")
                                     << u"routes[1].model: route 'c' is defined twice"_s;
}

void TestConfig::invalidConfigs()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const auto config = ConfigLoader::parse(json);
    QVERIFY(!config.ok());
    QVERIFY2(config.error().message.contains(expected),
             qPrintable(u"expected '%1' in:\n%2"_s.arg(expected, config.error().message)));
    QCOMPARE(config.error().code, ErrorCode::InvalidArgument);
}

void TestConfig::fullExampleParses()
{
    const QByteArray json = R"({
      "gateway": { "host": "127.0.0.1", "port": 8484 },
      "providers": [
        { "name": "openai", "kind": "openai", "base_url": "https://api.openai.com/v1",
          "api_key": { "env": "OPENAI_API_KEY" }, "models": ["gpt-4o-mini", "gpt-4o"] },
        { "name": "local", "kind": "openai", "base_url": "http://127.0.0.1:11434/v1", "models": "discover" }
      ],
      "routes": [
        { "model": "coder", "strategy": "fallback", "targets": ["local/qwen2.5-coder:7b", "openai/gpt-4o-mini"] }
      ]
    })";
    const auto config = ConfigLoader::parse(json);
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    QCOMPARE(config->providers.at(0).apiKey->source, SecretRef::Source::Env);
    QCOMPARE(config->providers.at(0).apiKey->name, u"OPENAI_API_KEY"_s);
    QVERIFY(config->providers.at(1).discoverModels);
    QCOMPARE(config->route(u"coder"_s)->targets.size(), 2);
    QCOMPARE(config->providers.at(0).baseUrl.toString(), u"https://api.openai.com/v1"_s);
}

void TestConfig::reportsAllErrorsAtOnce()
{
    const auto config = ConfigLoader::parse(
        R"({"gateway": {"port": -1}, "providers": [{"name": "x", "kind": "nope", "base_url": "x"}]})");
    QVERIFY(!config.ok());
    const QStringList lines = config.error().message.split(u'\n');
    QCOMPARE(lines.size(), 3);
}

void TestConfig::roundTripsThroughJson()
{
    const QByteArray json
        = R"({"gateway": {"host": "::1", "port": 9999, "limits": {"max_body_bytes": 2048}},
      "providers": [{"name": "a", "kind": "openai", "base_url": "http://127.0.0.1:9/v1", "api_key": {"keychain": "a"}, "models": ["m1"],
                     "timeouts": {"connect_ms": 5}}],
      "routes": [{"model": "r", "strategy": "fallback", "targets": ["a/m1"]}]})";
    const auto first = ConfigLoader::parse(json);
    QVERIFY(first.ok());
    const auto second = ConfigLoader::parse(QJsonDocument(ConfigLoader::toJson(*first)).toJson());
    QVERIFY2(second.ok(), second.ok() ? "" : qPrintable(second.error().message));
    QVERIFY(*first == *second);
}

void TestConfig::loadOrCreateWritesDefault()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"sub/config.json"_s);
    const auto config = ConfigLoader::loadOrCreate(path);
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    QVERIFY(QFile::exists(path));
    QCOMPARE(config->providers.size(), 0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    QVERIFY(root.value(u"providers"_s).isArray());
    QCOMPARE(root.value(u"gateway"_s).toObject().value(u"port"_s).toInt(), 8484);
}

void TestConfig::explicitMissingFileIsAnError()
{
    const auto config = ConfigLoader::load(u"/nonexistent/switchyard/config.json"_s);
    QVERIFY(!config.ok());
    QCOMPARE(config.error().code, ErrorCode::NotFound);
    QVERIFY(config.error().message.contains(u"cannot read"_s));
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
