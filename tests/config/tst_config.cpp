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
    void keyShapedNamesAreRefusedUnechoed_data();
    void keyShapedNamesAreRefusedUnechoed();
    void fullExampleParses();
    void routingExampleParses();
    void localIsDerivedFromTheHost_data();
    void localIsDerivedFromTheHost();
    void reportsAllErrorsAtOnce();
    void roundTripsThroughJson();
    void roundTripsRoutingSections();
    void loadOrCreateWritesDefault();
    void explicitMissingFileIsAnError();
    void presetsFillKindAndBaseUrl();
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
    const QByteArray two = R"("providers": [
        {"name": "local", "kind": "openai", "base_url": "http://127.0.0.1:11434/v1", "models": ["q"]},
        {"name": "openai", "kind": "openai", "base_url": "https://api.openai.com/v1", "models": ["m"]}])";
    QTest::newRow("every strategy") << QByteArray("{" + two + R"(, "routes": [
        {"model": "a", "strategy": "local-first", "targets": ["local/q", "openai/m"]},
        {"model": "b", "strategy": "cloud-first", "targets": ["local/q", "openai/m"]},
        {"model": "c", "strategy": "cost-optimized", "targets": ["local/q", "openai/m"]},
        {"model": "d", "strategy": "latency-optimized", "targets": ["local/q", "openai/m"]},
        {"model": "e", "strategy": "round-robin", "targets": ["local/q", "openai/m"]},
        {"model": "f", "strategy": "weighted", "targets": ["local/q", "openai/m"]},
        {"model": "g", "strategy": "least-busy", "targets": ["local/q"]}]})")
                                    << u"127.0.0.1"_s << 8484 << 2;
    QTest::newRow("weighted object targets") << QByteArray("{" + two + R"(, "routes": [
        {"model": "w", "strategy": "weighted", "targets": [{"target": "local/q", "weight": 1}, {"target": "openai/m", "weight": 3}]}]})")
                                             << u"127.0.0.1"_s << 8484 << 2;
    QTest::newRow("object target without weight") << QByteArray(
        "{" + two + R"(, "routes": [{"model": "w", "targets": [{"target": "openai/m"}]}]})")
                                                  << u"127.0.0.1"_s << 8484 << 2;
    QTest::newRow("retry and timeouts") << QByteArray("{" + two + R"(, "routes": [
        {"model": "r", "targets": ["local/q", "openai/m"], "retry": {"attempts": 2, "backoff_ms": 100, "on": ["5xx", "timeout"]},
         "timeouts": {"first_byte_ms": 1000, "total_ms": 5000}}]})")
                                        << u"127.0.0.1"_s << 8484 << 2;
    QTest::newRow("empty retry.on") << QByteArray(
        "{" + two + R"(, "routes": [{"model": "r", "targets": ["local/q"], "retry": {"on": []}}]})")
                                    << u"127.0.0.1"_s << 8484 << 2;
    QTest::newRow("local flag and model_info") << QByteArray(
        R"({"providers": [{"name": "lan", "kind": "openai", "base_url": "https://gpu.example.com/v1",
             "local": true, "models": ["q"], "model_info": {"q": {"input_per_mtok": 0.15, "output_per_mtok": 0.6, "context_length": 128000}}}]})")
                                               << u"127.0.0.1"_s << 8484 << 1;
    QTest::newRow("model_info for a discovered provider") << QByteArray(
        R"({"providers": [{"name": "d", "kind": "openai", "base_url": "https://x.io/v1",
             "models": "discover", "model_info": {"anything": {"context_length": 8192}}}]})")
                                                          << u"127.0.0.1"_s << 8484 << 1;
    QTest::newRow("default route")
        << QByteArray("{" + two + R"(, "routes": [{"model": "default", "targets": ["openai/m"]}]})")
        << u"127.0.0.1"_s << 8484 << 2;
    QTest::newRow("every rule kind")
        << QByteArray("{" + two + R"(, "routes": [{"model": "x", "targets": ["openai/m"]}],
        "rules": [
          { "when": { "prompt_tokens_over": 60000 }, "route": "x" },
          { "when": { "has_images": true }, "route": "x" },
          { "when": { "has_tools": true, "model": "coder" }, "route": "x" },
          { "when": { "reasoning": false }, "route": "x" },
          { "when": { "header": {"X-Switchyard-Route": "background"} }, "route": "x" },
          { "when": { "tool_named": "web_search" }, "route": "x" },
          { "when": { "last_user_matches": "(?i)\b(refactor|architecture)\b" }, "route": "x" }]})")
        << u"127.0.0.1"_s << 8484 << 2;
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
    // Found by the config fuzzer (UBSan): a huge number was cast to qint64 before the check.
    QTest::newRow("port far out of range")
        << QByteArray(R"({"gateway": {"port": 1e30}})") << u"gateway.port: must be between"_s;
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

    const QByteArray providers = "\"providers\": [" + p0 + "]";
    auto withRoutes = [&](const QByteArray &routes, const QByteArray &rules = {}) -> QByteArray {
        return "{" + providers + ", \"routes\": [" + routes + "]"
            + (rules.isEmpty() ? QByteArray() : ", \"rules\": [" + rules + "]") + "}";
    };
    const QByteArray okRoute = R"({"model": "fast", "targets": ["openai/gpt-4o"]})";
    QTest::newRow("object target unknown provider")
        << withRoutes(R"({"model": "c", "targets": [{"target": "nope/x"}]})")
        << u"routes[0].targets[0]: unknown provider 'nope'"_s;
    QTest::newRow("object target missing target")
        << withRoutes(R"({"model": "c", "targets": [{"weight": 2}]})")
        << u"routes[0].targets[0].target: missing"_s;
    QTest::newRow("object target unknown field")
        << withRoutes(R"({"model": "c", "targets": [{"target": "openai/gpt-4o", "wieght": 2}]})")
        << u"routes[0].targets[0].wieght: unknown field"_s;
    QTest::newRow("weight zero")
        << withRoutes(R"({"model": "c", "targets": [{"target": "openai/gpt-4o", "weight": 0}]})")
        << u"routes[0].targets[0].weight: must be a positive whole number"_s;
    QTest::newRow("weight negative")
        << withRoutes(R"({"model": "c", "targets": [{"target": "openai/gpt-4o", "weight": -2}]})")
        << u"routes[0].targets[0].weight: must be a positive whole number"_s;
    QTest::newRow("weight fractional")
        << withRoutes(R"({"model": "c", "targets": [{"target": "openai/gpt-4o", "weight": 1.5}]})")
        << u"routes[0].targets[0].weight: must be a positive whole number"_s;
    QTest::newRow("weight string")
        << withRoutes(R"({"model": "c", "targets": [{"target": "openai/gpt-4o", "weight": "3"}]})")
        << u"routes[0].targets[0].weight: must be a positive whole number"_s;
    QTest::newRow("route targets a route")
        << withRoutes(okRoute + R"(, {"model": "coder", "targets": ["fast/x"]})")
        << u"routes[1].targets[0]: 'fast/x' names a route; routes cannot target other routes"_s;
    QTest::newRow("route targets a later route by bare name")
        << withRoutes(R"({"model": "coder", "targets": ["fast"]}, )" + okRoute)
        << u"routes[0].targets[0]: 'fast' names a route; routes cannot target other routes"_s;
    QTest::newRow("route targets itself")
        << withRoutes(R"({"model": "loop", "targets": ["loop/x"]})")
        << u"routes[0].targets[0]: 'loop/x' names a route; routes cannot target other routes"_s;
    QTest::newRow("retry.on unknown kind")
        << withRoutes(
               R"({"model": "c", "targets": ["openai/gpt-4o"], "retry": {"on": ["5xx", "4xx"]}})")
        << u"routes[0].retry.on[1]: unknown failure kind '4xx' (known: connect, timeout, 429, 5xx, context_length"_s;
    QTest::newRow("retry.on not array")
        << withRoutes(R"({"model": "c", "targets": ["openai/gpt-4o"], "retry": {"on": "5xx"}})")
        << u"routes[0].retry.on: must be an array of failure kinds"_s;
    QTest::newRow("retry.attempts zero")
        << withRoutes(R"({"model": "c", "targets": ["openai/gpt-4o"], "retry": {"attempts": 0}})")
        << u"routes[0].retry.attempts: must be between 1 and 100"_s;
    QTest::newRow("retry unknown field")
        << withRoutes(R"({"model": "c", "targets": ["openai/gpt-4o"], "retry": {"tries": 2}})")
        << u"routes[0].retry.tries: unknown field"_s;
    QTest::newRow("route timeouts negative")
        << withRoutes(
               R"({"model": "c", "targets": ["openai/gpt-4o"], "timeouts": {"total_ms": -1}})")
        << u"routes[0].timeouts.total_ms: must be between 0 and"_s;
    QTest::newRow("rule to missing route")
        << withRoutes(okRoute, R"({"when": {"has_images": true}, "route": "vision"})")
        << u"rules[0].route: no route named 'vision' (routes: fast)"_s;
    QTest::newRow("rule without route")
        << withRoutes(okRoute, R"({"when": {"has_images": true}})") << u"rules[0].route: missing"_s;
    QTest::newRow("rule without when")
        << withRoutes(okRoute, R"({"route": "fast"})") << u"rules[0].when: missing"_s;
    QTest::newRow("rule with empty when") << withRoutes(okRoute, R"({"when": {}, "route": "fast"})")
                                          << u"rules[0].when: must name at least one condition"_s;
    QTest::newRow("rule unknown when key")
        << withRoutes(okRoute, R"({"when": {"has_image": true}, "route": "fast"})")
        << u"rules[0].when.has_image: unknown field (allowed: prompt_tokens_over"_s;
    QTest::newRow("rule invalid regex")
        << withRoutes(okRoute, R"({"when": {"last_user_matches": "(refactor"}, "route": "fast"})")
        << u"rules[0].when.last_user_matches: invalid regular expression: missing closing parenthesis"_s;
    QTest::newRow("rule bool condition not bool")
        << withRoutes(okRoute, R"({"when": {"has_tools": "yes"}, "route": "fast"})")
        << u"rules[0].when.has_tools: must be true or false"_s;
    QTest::newRow("rule prompt_tokens_over not a number")
        << withRoutes(okRoute, R"({"when": {"prompt_tokens_over": "60k"}, "route": "fast"})")
        << u"rules[0].when.prompt_tokens_over: must be a whole number"_s;
    QTest::newRow("rule header not an object")
        << withRoutes(okRoute, R"({"when": {"header": "x-a"}, "route": "fast"})")
        << u"rules[0].when.header: must be an object"_s;
    QTest::newRow("rule header value not a string")
        << withRoutes(okRoute, R"({"when": {"header": {"x-a": 1}}, "route": "fast"})")
        << u"rules[0].when.header.x-a: the value must be a string"_s;
    QTest::newRow("rules not an array")
        << QByteArray(R"({"rules": {}})") << u"rules: must be an array"_s;
    QTest::newRow("local not a bool") << withProvider(
        R"({"name": "a", "kind": "openai", "base_url": "https://x.io/v1", "local": "yes"})")
                                      << u"providers[0].local: must be true or false"_s;
    QTest::newRow("model_info for unlisted model")
        << withProvider(
               R"({"name": "a", "kind": "openai", "base_url": "https://x.io/v1", "models": ["m"], "model_info": {"n": {}}})")
        << u"providers[0].model_info.n: the provider does not list model 'n'"_s;
    QTest::newRow("model_info negative price")
        << withProvider(
               R"({"name": "a", "kind": "openai", "base_url": "https://x.io/v1", "models": ["m"], "model_info": {"m": {"input_per_mtok": -1}}})")
        << u"providers[0].model_info.m.input_per_mtok: must be a number >= 0"_s;
    QTest::newRow("model_info unknown field") << withProvider(
        R"({"name": "a", "kind": "openai", "base_url": "https://x.io/v1", "models": ["m"], "model_info": {"m": {"price": 1}}})")
                                              << u"providers[0].model_info.m.price: unknown field"_s;
    QTest::newRow("model_info zero context")
        << withProvider(
               R"({"name": "a", "kind": "openai", "base_url": "https://x.io/v1", "models": ["m"], "model_info": {"m": {"context_length": 0}}})")
        << u"providers[0].model_info.m.context_length: must be between 1 and"_s;
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

void TestConfig::keyShapedNamesAreRefusedUnechoed_data()
{
    QTest::addColumn<QString>("source");
    QTest::newRow("keychain") << u"keychain"_s;
    QTest::newRow("env") << u"env"_s;
}

void TestConfig::keyShapedNamesAreRefusedUnechoed()
{
    QFETCH(QString, source);
    // Built at run time so no literal in the tree looks like a key.
    const QByteArray key = QByteArray("sk-") + "proj-" + QByteArray(32, 'f');
    const QByteArray json = R"({"providers": [{"name": "openai", "kind": "openai",
        "base_url": "https://x.io/v1", "api_key": {")"
        + source.toUtf8() + R"(": ")" + key + R"("}}]})";
    const auto config = ConfigLoader::parse(json);
    QVERIFY(!config.ok());
    const QString message = config.error().message;
    QVERIFY2(message.contains(u"providers[0].api_key.%1: this looks like an API key"_s.arg(source)),
             qPrintable(message));
    QVERIFY2(!message.contains(QString::fromLatin1(key.mid(8, 16))), qPrintable(message));
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

void TestConfig::routingExampleParses()
{
    const QByteArray json = R"({
      "providers": [
        { "name": "local", "kind": "openai", "base_url": "http://127.0.0.1:11434/v1", "models": "discover",
          "model_info": { "qwen2.5-coder:7b": { "context_length": 32768 } } },
        { "name": "deepseek", "kind": "openai", "base_url": "https://api.deepseek.com/v1", "models": ["deepseek-chat"],
          "model_info": { "deepseek-chat": { "input_per_mtok": 0.27, "output_per_mtok": 1.1 } } },
        { "name": "openai", "kind": "openai", "base_url": "https://api.openai.com/v1", "models": ["gpt-4o-mini"] }
      ],
      "routes": [
        { "model": "coder", "strategy": "local-first",
          "targets": ["local/qwen2.5-coder:7b", {"target": "deepseek/deepseek-chat", "weight": 3}, "openai/gpt-4o-mini"],
          "retry": { "attempts": 3, "backoff_ms": 200, "on": ["connect", "timeout", "429", "5xx", "context_length"] },
          "timeouts": { "first_byte_ms": 30000, "total_ms": 600000 } },
        { "model": "vision", "targets": ["openai/gpt-4o-mini"] },
        { "model": "strong", "targets": ["deepseek/deepseek-chat"] }
      ],
      "rules": [
        { "when": { "has_images": true }, "route": "vision" },
        { "when": { "header": {"X-Switchyard-Route": "strong"}, "has_tools": true }, "route": "strong" },
        { "when": { "last_user_matches": "(?i)\\b(refactor|architecture)\\b" }, "route": "strong" }
      ]
    })";
    const auto config = ConfigLoader::parse(json);
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    const RouteConfig *coder = config->route(u"coder"_s);
    QVERIFY(coder);
    QCOMPARE(coder->strategy, u"local-first"_s);
    QCOMPARE(coder->targets,
             QStringList({ u"local/qwen2.5-coder:7b"_s, u"deepseek/deepseek-chat"_s,
                           u"openai/gpt-4o-mini"_s }));
    QCOMPARE(coder->targetList.size(), 3);
    QCOMPARE(coder->targetList.at(0).weight, 1);
    QCOMPARE(coder->targetList.at(1).weight, 3);
    QCOMPARE(coder->targetList.at(1).provider(), u"deepseek"_s);
    QCOMPARE(coder->targetList.at(1).model(), u"deepseek-chat"_s);
    QCOMPARE(coder->retry.attempts, 3);
    QCOMPARE(coder->retry.backoffMs, 200);
    QCOMPARE(coder->retry.on.size(), 5);
    QCOMPARE(coder->timeouts.firstByteMs, 30000);
    QCOMPARE(config->route(u"vision"_s)->retry, RetryConfig {});
    QCOMPARE(config->rules.size(), 3);
    QCOMPARE(config->rules.at(0).when.hasImages, std::optional<bool>(true));
    QCOMPARE(config->rules.at(1).when.headers.at(0).first, u"x-switchyard-route"_s);
    QCOMPARE(config->rules.at(2).route, u"strong"_s);
    QVERIFY(config->provider(u"local"_s)->isLocal());
    QVERIFY(!config->provider(u"deepseek"_s)->isLocal());
    // A local model's unknown price is 0; a cloud model's stays unknown.
    QCOMPARE(config->provider(u"local"_s)->info(u"qwen2.5-coder:7b"_s).inputPerMTok, 0.0);
    QCOMPARE(config->provider(u"local"_s)->info(u"qwen2.5-coder:7b"_s).contextLength, 32768);
    QVERIFY(!config->provider(u"openai"_s)->info(u"gpt-4o-mini"_s).inputPerMTok);
    QCOMPARE(config->provider(u"deepseek"_s)->info(u"deepseek-chat"_s).outputPerMTok, 1.1);
    QVERIFY(!config->defaultRoute());
}

void TestConfig::localIsDerivedFromTheHost_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("localFlag");
    QTest::addColumn<bool>("local");
    QTest::newRow("loopback") << u"http://127.0.0.1:11434/v1"_s << QString() << true;
    QTest::newRow("localhost") << u"http://localhost:1234/v1"_s << QString() << true;
    QTest::newRow("ipv6 loopback") << u"http://[::1]:8000/v1"_s << QString() << true;
    QTest::newRow("lan 192.168") << u"http://192.168.1.20:8000/v1"_s << QString() << true;
    QTest::newRow("lan 10/8") << u"http://10.0.0.5/v1"_s << QString() << true;
    QTest::newRow("lan 172.16/12") << u"http://172.20.0.5/v1"_s << QString() << true;
    QTest::newRow("mdns") << u"http://gpu-box.local:8000/v1"_s << QString() << true;
    QTest::newRow("public ip") << u"http://8.8.8.8/v1"_s << QString() << false;
    QTest::newRow("172.32 is public") << u"http://172.32.0.1/v1"_s << QString() << false;
    QTest::newRow("cloud") << u"https://api.openai.com/v1"_s << QString() << false;
    QTest::newRow("explicit true") << u"https://gpu.example.com/v1"_s << u"true"_s << true;
    QTest::newRow("explicit false") << u"http://127.0.0.1:9/v1"_s << u"false"_s << false;
}

void TestConfig::localIsDerivedFromTheHost()
{
    QFETCH(QString, url);
    QFETCH(QString, localFlag);
    QFETCH(bool, local);
    const QString flag = localFlag.isEmpty() ? QString() : u", \"local\": "_s + localFlag;
    const QString json
        = uR"({"providers": [{"name": "p", "kind": "openai", "base_url": "%1"%2}]})"_s.arg(url,
                                                                                           flag);
    const auto config = ConfigLoader::parse(json.toUtf8());
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    QCOMPARE(config->providers.at(0).isLocal(), local);
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

void TestConfig::roundTripsRoutingSections()
{
    const QByteArray json = R"({
      "providers": [{"name": "a", "kind": "openai", "base_url": "https://a.io/v1", "models": ["m1", "m2"],
                     "local": true, "model_info": {"m1": {"input_per_mtok": 0.15, "output_per_mtok": 0.6, "context_length": 128000},
                                                   "m2": {"context_length": 8192}}},
                    {"name": "b", "kind": "openai", "base_url": "https://b.io/v1", "models": "discover",
                     "model_info": {"x": {"output_per_mtok": 2.5}}}],
      "routes": [{"model": "r", "strategy": "weighted", "targets": [{"target": "a/m1", "weight": 3}, "a/m2", "b/x"],
                  "retry": {"attempts": 2, "backoff_ms": 250, "on": ["connect", "5xx"]},
                  "timeouts": {"first_byte_ms": 1000, "total_ms": 0}},
                 {"model": "default", "strategy": "cost-optimized", "targets": ["b/y"], "retry": {"on": []}}],
      "rules": [{"when": {"prompt_tokens_over": 60000, "has_images": false, "has_tools": true, "model": "r",
                          "reasoning": true, "header": {"X-A": "1", "x-b": "two"}, "tool_named": "web_search",
                          "last_user_matches": "(?i)refactor"}, "route": "default"}]})";
    const auto first = ConfigLoader::parse(json);
    QVERIFY2(first.ok(), first.ok() ? "" : qPrintable(first.error().message));
    QCOMPARE(first->routes.at(0).targetList.at(0).weight, 3);
    QCOMPARE(first->routes.at(1).retry.on, QStringList());
    QVERIFY(first->defaultRoute());
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

void TestConfig::presetsFillKindAndBaseUrl()
{
    auto config = ConfigLoader::parse(R"({"providers": [
        {"name": "groq", "preset": "groq", "api_key": {"env": "GROQ_API_KEY"}, "models": ["llama-3.3-70b-versatile"]},
        {"name": "claude", "preset": "anthropic", "api_key": {"env": "ANTHROPIC_API_KEY"}, "models": ["claude-sonnet-4-5"]},
        {"name": "box", "preset": "llamacpp", "base_url": "http://10.0.0.5:8080/v1", "models": ["q"]}]})");
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    QCOMPARE(providerKindName(config->providers.at(0).kind), u"openai"_s);
    QCOMPARE(config->providers.at(0).baseUrl.toString(), u"https://api.groq.com/openai/v1"_s);
    QCOMPARE(providerKindName(config->providers.at(1).kind), u"anthropic"_s);
    QCOMPARE(config->providers.at(2).baseUrl.toString(),
             u"http://10.0.0.5:8080/v1"_s); // explicit wins
    QVERIFY(config->providers.at(2).isLocal());
    const auto again = ConfigLoader::parse(QJsonDocument(ConfigLoader::toJson(*config)).toJson());
    QVERIFY(again.ok());
    QCOMPARE(again->providers.at(0).preset, u"groq"_s);

    const auto bad = ConfigLoader::parse(R"({"providers": [{"name": "x", "preset": "grok"}]})");
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error().message.contains(u"providers[0].preset: unknown preset 'grok'"_s),
             qPrintable(bad.error().message));
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
