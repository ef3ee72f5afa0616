#include "base/ConfigValidator.h"
#include "security/AccessToken.h"
#include "security/SecurityConfig.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::security;

namespace {
const QByteArray kHashA = "sha256:" + QByteArray(64, 'a');
const QByteArray kHashB = "sha256:" + QByteArray(64, 'b');

QJsonValue json(const QByteArray &text)
{
    // Wrapped so scalars parse too.
    return QJsonDocument::fromJson("[" + text + "]").array().at(0);
}
} // namespace

// "tokens" and "gateway.security": parsing with field paths, refusals, and the round trip.
class TestSecurityConfig final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesFullTokenEntry();
    void absentTokensAreNone();
    void tokenErrors_data();
    void tokenErrors();
    void rawTokenInHashIsRefusedWithoutEchoingIt();
    void tokensRoundTrip();
    void parsesSecuritySettings();
    void securityErrors_data();
    void securityErrors();
    void securityRoundTrip();
};

void TestSecurityConfig::parsesFullTokenEntry()
{
    base::ConfigValidator v;
    const auto tokens = security::parseTokens(
        json(R"([{"name": "ci", "hash": ")" + kHashA.toUpper().replace("SHA256:", "sha256:")
             + R"(", "routes": ["fast", "smart"], "models": ["ollama/*"],
            "rate_limit": {"requests_per_min": 60, "tokens_per_min": 100000},
            "daily_budget_usd": 2.5},
        {"name": "app", "hash": ")"
             + kHashB + R"("}])"),
        v, u"tokens"_s);
    QVERIFY2(!v.failed(), qPrintable(v.message()));
    QCOMPARE(tokens.size(), 2);
    const security::TokenEntry &ci = tokens.at(0);
    QCOMPARE(ci.name, u"ci"_s);
    QCOMPARE(ci.hash, kHashA); // lower-cased
    QCOMPARE(ci.allowedRoutes, (QStringList { u"fast"_s, u"smart"_s }));
    QCOMPARE(ci.allowedModels, QStringList { u"ollama/*"_s });
    QCOMPARE(ci.rateLimit.requestsPerMinute, 60);
    QCOMPARE(ci.rateLimit.tokensPerMinute, 100000);
    QCOMPARE(ci.dailyBudgetUsd, 2.5);
    const security::TokenEntry &app = tokens.at(1);
    QCOMPARE(app.name, u"app"_s);
    QVERIFY(app.allowedRoutes.isEmpty());
    QVERIFY(app.rateLimit.isUnlimited());
    QCOMPARE(app.dailyBudgetUsd, 0.0);
}

void TestSecurityConfig::absentTokensAreNone()
{
    base::ConfigValidator v;
    QVERIFY(security::parseTokens(QJsonValue(QJsonValue::Undefined), v, u"tokens"_s).isEmpty());
    QVERIFY(security::parseTokens(json("[]"), v, u"tokens"_s).isEmpty());
    QVERIFY(!v.failed());
}

void TestSecurityConfig::tokenErrors_data()
{
    QTest::addColumn<QByteArray>("tokens");
    QTest::addColumn<QString>("error");
    const QByteArray a = R"({"name": "a", "hash": ")" + kHashA + R"("})";
    QTest::newRow("not an array") << "{}"_ba << u"tokens: must be an array"_s;
    QTest::newRow("entry not an object") << "[1]"_ba << u"tokens[0]: must be an object"_s;
    QTest::newRow("unknown key") << QByteArray(R"([{"name": "a", "hash": ")" + kHashA
                                               + R"(", "scope": 1}])")
                                 << u"tokens[0].scope: unknown field"_s;
    QTest::newRow("missing name") << QByteArray(R"([{"hash": ")" + kHashA + R"("}])")
                                  << u"tokens[0].name: missing"_s;
    QTest::newRow("bad name") << QByteArray(R"([{"name": "a b", "hash": ")" + kHashA + R"("}])")
                              << u"tokens[0].name: 'a b' may use only"_s;
    QTest::newRow("duplicate name")
        << QByteArray("[" + a + R"(, {"name": "a", "hash": ")" + kHashB + R"("}])")
        << u"tokens[1].name: 'a' is used by another token"_s;
    QTest::newRow("duplicate hash")
        << QByteArray("[" + a + R"(, {"name": "b", "hash": ")" + kHashA + R"("}])")
        << u"tokens[1].hash: the same hash as token 'a'"_s;
    QTest::newRow("missing hash") << R"([{"name": "a"}])"_ba << u"tokens[0].hash: missing"_s;
    QTest::newRow("hash without prefix")
        << QByteArray(R"([{"name": "a", "hash": ")" + QByteArray(64, 'a') + R"("}])")
        << u"tokens[0].hash: must be \"sha256:\" followed by 64 hex digits"_s;
    QTest::newRow("short hash") << R"([{"name": "a", "hash": "sha256:abc"}])"_ba
                                << u"tokens[0].hash: must be \"sha256:\""_s;
    QTest::newRow("routes not array")
        << QByteArray(R"([{"name": "a", "hash": ")" + kHashA + R"(", "routes": "fast"}])")
        << u"tokens[0].routes: must be an array of strings"_s;
    QTest::newRow("empty model") << QByteArray(R"([{"name": "a", "hash": ")" + kHashA
                                               + R"(", "models": ["x", ""]}])")
                                 << u"tokens[0].models[1]: must be a non-empty string"_s;
    QTest::newRow("model twice") << QByteArray(R"([{"name": "a", "hash": ")" + kHashA
                                               + R"(", "models": ["x", "x"]}])")
                                 << u"tokens[0].models[1]: 'x' is listed twice"_s;
    QTest::newRow("negative rate") << QByteArray(R"([{"name": "a", "hash": ")" + kHashA
                                                 + R"(", "rate_limit": {"requests_per_min": -1}}])")
                                   << u"tokens[0].rate_limit.requests_per_min: must be between"_s;
    QTest::newRow("rate unknown key")
        << QByteArray(R"([{"name": "a", "hash": ")" + kHashA
                      + R"(", "rate_limit": {"requests_per_second": 1}}])")
        << u"tokens[0].rate_limit.requests_per_second: unknown field"_s;
    QTest::newRow("negative budget")
        << QByteArray(R"([{"name": "a", "hash": ")" + kHashA + R"(", "daily_budget_usd": -1}])")
        << u"tokens[0].daily_budget_usd: must be a number >= 0"_s;
}

void TestSecurityConfig::tokenErrors()
{
    QFETCH(QByteArray, tokens);
    QFETCH(QString, error);
    base::ConfigValidator v;
    const QJsonValue value = json(tokens);
    QVERIFY(!value.isUndefined());
    (void)security::parseTokens(value, v, u"tokens"_s);
    QVERIFY(v.failed());
    QVERIFY2(v.message().contains(error), qPrintable(v.message()));
}

void TestSecurityConfig::rawTokenInHashIsRefusedWithoutEchoingIt()
{
    const QByteArray token = AccessToken::generate();
    base::ConfigValidator v;
    (void)security::parseTokens(json(R"([{"name": "laptop", "hash": ")" + token + R"("}])"), v,
                                u"tokens"_s);
    QVERIFY(v.failed());
    QVERIFY2(v.message().contains(u"tokens[0].hash"_s), qPrintable(v.message()));
    QVERIFY(v.message().contains(u"switchyard tokens create laptop"_s));
    QVERIFY(!v.message().contains(QString::fromLatin1(token.sliced(6))));
}

void TestSecurityConfig::tokensRoundTrip()
{
    security::TokenEntry full { u"ci"_s,      kHashA, { u"fast"_s }, { u"a/b"_s, u"c/*"_s },
                                { 10, 2000 }, 1.25 };
    security::TokenEntry bare { u"app"_s, kHashB, {}, {}, {}, 0 };
    const QJsonArray array = security::tokensToJson({ full, bare });
    QCOMPARE(array.at(1).toObject().keys(), (QStringList { u"hash"_s, u"name"_s }));
    base::ConfigValidator v;
    const auto back = security::parseTokens(array, v, u"tokens"_s);
    QVERIFY2(!v.failed(), qPrintable(v.message()));
    QCOMPARE(back, (QList<security::TokenEntry> { full, bare }));
}

void TestSecurityConfig::parsesSecuritySettings()
{
    base::ConfigValidator v;
    const auto s = security::parseSecuritySettings(
        json(R"({"require_tokens": true, "allowed_hosts": ["mybox.lan", "gw.example:8484"],
                 "allowed_origins": ["http://localhost:3000/", "HTTPS://App.Example:443"],
                 "rate_limit": {"requests_per_min": 600}})"),
        v, u"gateway.security"_s);
    QVERIFY2(!v.failed(), qPrintable(v.message()));
    QVERIFY(s.requireTokens);
    QCOMPARE(s.allowedHosts, (QStringList { u"mybox.lan"_s, u"gw.example:8484"_s }));
    QCOMPARE(s.allowedOrigins,
             (QStringList { u"http://localhost:3000"_s, u"https://app.example"_s }));
    QCOMPARE(s.rateLimit.requestsPerMinute, 600);
    QCOMPARE(s.rateLimit.tokensPerMinute, 0);

    base::ConfigValidator v2;
    QCOMPARE(security::parseSecuritySettings(QJsonValue(QJsonValue::Undefined), v2, u"x"_s),
             security::SecuritySettings {});
    QVERIFY(!v2.failed());
}

void TestSecurityConfig::securityErrors_data()
{
    QTest::addColumn<QByteArray>("security");
    QTest::addColumn<QString>("error");
    QTest::newRow("not an object") << "[]"_ba << u"gateway.security: must be an object"_s;
    QTest::newRow("unknown key") << R"({"max_body_depth": 3})"_ba
                                 << u"gateway.security.max_body_depth: unknown field"_s;
    QTest::newRow("require not bool")
        << R"({"require_tokens": "yes"})"_ba
        << u"gateway.security.require_tokens: must be true or false"_s;
    QTest::newRow("host url")
        << R"({"allowed_hosts": ["http://mybox"]})"_ba
        << u"gateway.security.allowed_hosts[0]: 'http://mybox' is not a host"_s;
    QTest::newRow("host with space")
        << R"({"allowed_hosts": ["my box"]})"_ba << u"gateway.security.allowed_hosts[0]:"_s;
    QTest::newRow("origin star") << R"({"allowed_origins": ["*"]})"_ba
                                 << u"gateway.security.allowed_origins[0]: \"*\" is not allowed"_s;
    QTest::newRow("origin null")
        << R"({"allowed_origins": ["null"]})"_ba
        << u"gateway.security.allowed_origins[0]: \"null\" is never allowed"_s;
    QTest::newRow("origin with path")
        << R"({"allowed_origins": ["http://a.example/app"]})"_ba
        << u"gateway.security.allowed_origins[0]: 'http://a.example/app' is not an origin"_s;
    QTest::newRow("origin ftp") << R"({"allowed_origins": ["ftp://a.example"]})"_ba
                                << u"allowed_origins[0]: 'ftp://a.example' is not an origin"_s;
    QTest::newRow("origin twice")
        << R"({"allowed_origins": ["http://a.example", "http://a.example"]})"_ba
        << u"allowed_origins[1]: 'http://a.example' is listed twice"_s;
    QTest::newRow("rate not object")
        << R"({"rate_limit": 5})"_ba << u"gateway.security.rate_limit: must be an object"_s;
    QTest::newRow("rate fraction")
        << R"({"rate_limit": {"tokens_per_min": 1.5}})"_ba
        << u"gateway.security.rate_limit.tokens_per_min: must be a whole number"_s;
}

void TestSecurityConfig::securityErrors()
{
    QFETCH(QByteArray, security);
    QFETCH(QString, error);
    base::ConfigValidator v;
    (void)security::parseSecuritySettings(json(security), v, u"gateway.security"_s);
    QVERIFY(v.failed());
    QVERIFY2(v.message().contains(error), qPrintable(v.message()));
}

void TestSecurityConfig::securityRoundTrip()
{
    security::SecuritySettings s;
    QCOMPARE(security::securitySettingsToJson(s), QJsonObject());
    s.requireTokens = true;
    s.allowedHosts = { u"mybox.lan"_s };
    s.allowedOrigins = { u"http://localhost:3000"_s };
    s.rateLimit = { 100, 5000 };
    base::ConfigValidator v;
    const auto back = security::parseSecuritySettings(security::securitySettingsToJson(s), v,
                                                      u"gateway.security"_s);
    QVERIFY2(!v.failed(), qPrintable(v.message()));
    QCOMPARE(back, s);
}

QTEST_GUILESS_MAIN(TestSecurityConfig)
#include "tst_security_config.moc"
