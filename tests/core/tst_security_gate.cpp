#include "FakeHttpServer.h"
#include "FakeOpenAi.h"
#include "TestClient.h"
#include "config/ConfigLoader.h"
#include "core/GatewayHost.h"
#include "security/AccessToken.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::fakes;

// Who may call the gateway, over loopback: Host and Origin checks, access tokens, rate limits,
// the JSON guard, provider concurrency caps and key scrubbing.
class TestSecurityGate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void foreignHostIsRefused();
    void webPagesNeedAnAllowListedOrigin();
    void tokensAreRequiredWhenConfigured();
    void repeatedBadTokensAreSlowedDown();
    void tokenMayBeLimitedToModels();
    void rateLimitAnswers429WithRetryAfter();
    void hostileJsonIsRefused_data();
    void hostileJsonIsRefused();
    void nonLoopbackNeedsTokens();
    void reloadCannotDropTokensOnANetworkAddress();
    void providerConcurrencyIsCapped();
    void upstreamErrorsNeverEchoTheKey();

private:
    void startGateway(const QString &gatewayExtra, const QString &rootExtra = {},
                      const QString &providerExtra = {});
    TestResponse chat(const QList<std::pair<QByteArray, QByteArray>> &headers = {},
                      const QByteArray &model = "p/m");

    std::unique_ptr<FakeOpenAi> m_upstream;
    std::unique_ptr<core::GatewayHost> m_host;
    quint16 m_port = 0;
    QByteArray m_token;
};

void TestSecurityGate::startGateway(const QString &gatewayExtra, const QString &rootExtra,
                                    const QString &providerExtra)
{
    if (!m_upstream) {
        m_upstream = std::make_unique<FakeOpenAi>();
        QVERIFY(m_upstream->start() != 0);
    }
    m_token = security::AccessToken::generate();
    const QString json
        = QStringLiteral(R"({"gateway": {"port": 0, "health_check": {"interval_ms": 0}%1},
        "providers": [{"name": "p", "kind": "openai", "base_url": "%2/v1", "models": ["m", "n"]%4}],
        "routes": [{"model": "r", "targets": ["p/m"]}]%3})")
              .arg(gatewayExtra, QString::fromLatin1(m_upstream->baseUrl()), rootExtra,
                   providerExtra)
              .replace(u"TOKEN_HASH"_s, QString::fromLatin1(security::AccessToken::hash(m_token)));
    auto config = config::ConfigLoader::parse(json.toUtf8());
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    m_host = std::make_unique<core::GatewayHost>();
    auto port = m_host->start(*config);
    QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
    m_port = *port;
}

void TestSecurityGate::cleanup()
{
    m_host.reset();
    m_upstream.reset();
}

TestResponse TestSecurityGate::chat(const QList<std::pair<QByteArray, QByteArray>> &headers,
                                    const QByteArray &model)
{
    QList<std::pair<QByteArray, QByteArray>> all { { "Content-Type", "application/json" } };
    all += headers;
    return TestClient::request(
        m_port, "POST", "/v1/chat/completions",
        R"({"model":")" + model + R"(","messages":[{"role":"user","content":"hi"}]})", all);
}

static QString errorCode(const TestResponse &r)
{
    return QJsonDocument::fromJson(r.body)
        .object()
        .value(u"error"_s)
        .toObject()
        .value(u"code"_s)
        .toString();
}

void TestSecurityGate::foreignHostIsRefused()
{
    startGateway(uR"(, "security": {"allowed_hosts": ["switchyard.internal"]})"_s);
    const QByteArray body = R"({"model":"p/m","messages":[{"role":"user","content":"hi"}]})";
    const auto send = [&](const QByteArray &host) {
        return TestClient::raw(m_port,
                               "POST /v1/chat/completions HTTP/1.1\r\nHost: " + host
                                   + "\r\nContent-Type: application/json\r\nContent-Length: "
                                   + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    };
    // DNS rebinding: a page on attacker.example resolved to 127.0.0.1.
    const TestResponse rebound = send("attacker.example:" + QByteArray::number(m_port));
    QCOMPARE(rebound.status, 403);
    QCOMPARE(errorCode(rebound), u"host_not_allowed"_s);
    QCOMPARE(m_upstream->chatRequests(), 0);
    QCOMPARE(send("localhost:" + QByteArray::number(m_port)).status, 200);
    QCOMPARE(send("127.0.0.1").status, 200);
    QCOMPARE(send("[::1]:" + QByteArray::number(m_port)).status, 200);
    QCOMPARE(send("switchyard.internal").status, 200);
}

void TestSecurityGate::webPagesNeedAnAllowListedOrigin()
{
    startGateway(uR"(, "security": {"allowed_origins": ["http://localhost:3000"]})"_s);
    const TestResponse evil = chat({ { "Origin", "https://evil.example" } });
    QCOMPARE(evil.status, 403);
    QCOMPARE(errorCode(evil), u"origin_not_allowed"_s);
    QCOMPARE(evil.header("access-control-allow-origin"), QByteArray());
    QCOMPARE(m_upstream->chatRequests(), 0);

    const TestResponse friendly = chat({ { "Origin", "http://localhost:3000" } });
    QCOMPARE(friendly.status, 200);
    QCOMPARE(friendly.header("access-control-allow-origin"), QByteArray("http://localhost:3000"));
    QVERIFY(friendly.header("vary").contains("Origin"));

    const TestResponse preflight = TestClient::request(
        m_port, "OPTIONS", "/v1/chat/completions", {},
        { { "Origin", "http://localhost:3000" },
          { "Access-Control-Request-Method", "POST" },
          { "Access-Control-Request-Headers", "content-type, authorization" } });
    QCOMPARE(preflight.status, 204);
    QCOMPARE(preflight.header("access-control-allow-origin"), QByteArray("http://localhost:3000"));
    QVERIFY(preflight.header("access-control-allow-methods").contains("POST"));
    const TestResponse evilPreflight = TestClient::request(
        m_port, "OPTIONS", "/v1/chat/completions", {},
        { { "Origin", "https://evil.example" }, { "Access-Control-Request-Method", "POST" } });
    QCOMPARE(evilPreflight.status, 403);
    QCOMPARE(evilPreflight.header("access-control-allow-origin"), QByteArray());
    // Without an Origin header (curl, SDKs) nothing changes and no CORS header is sent.
    const TestResponse plain = chat();
    QCOMPARE(plain.status, 200);
    QCOMPARE(plain.header("access-control-allow-origin"), QByteArray());
}

void TestSecurityGate::tokensAreRequiredWhenConfigured()
{
    QSignalSpy *spy = nullptr;
    startGateway(uR"(, "security": {"require_tokens": true})"_s,
                 uR"(, "tokens": [{"name": "ci", "hash": "TOKEN_HASH"}])"_s);
    QSignalSpy records(m_host.get(), &core::GatewayHost::requestsCompleted);
    spy = &records;
    const TestResponse none = chat();
    QCOMPARE(none.status, 401);
    QCOMPARE(errorCode(none), u"invalid_api_key"_s);
    QCOMPARE(chat({ { "Authorization", "Bearer sk-sy-wrong" } }).status, 401);
    const TestResponse anthropic = TestClient::request(
        m_port, "POST", "/v1/messages",
        R"({"model":"p/m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]})",
        { { "Content-Type", "application/json" }, { "anthropic-version", "2023-06-01" } });
    QCOMPARE(anthropic.status, 401);
    QCOMPARE(QJsonDocument::fromJson(anthropic.body).object().value(u"type"_s).toString(),
             u"error"_s);
    QCOMPARE(m_upstream->chatRequests(), 0);

    QCOMPARE(chat({ { "Authorization", "Bearer " + m_token } }).status, 200);
    QCOMPARE(chat({ { "x-api-key", m_token } }).status, 200);
    // The client's credential never goes upstream.
    for (const FakeRequest &seen : m_upstream->requests()) {
        QVERIFY(!seen.raw.contains(m_token));
        QVERIFY(!seen.raw.contains("sk-sy-"));
    }
    // Liveness stays open.
    QCOMPARE(TestClient::request(m_port, "GET", "/health").status, 200);
    QCOMPARE(TestClient::request(m_port, "GET", "/metrics").status, 401);
    QTRY_VERIFY(spy->size() >= 1);
    QList<base::RequestRecord> all;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            all.clear();
            for (const auto &args : std::as_const(*spy))
                all += args.at(0).value<QList<base::RequestRecord>>();
            return all.size() >= 2;
        }(),
        5000);
    QCOMPARE(all.first().tokenName, u"ci"_s);
}

void TestSecurityGate::repeatedBadTokensAreSlowedDown()
{
    startGateway(uR"(, "security": {"require_tokens": true})"_s,
                 uR"(, "tokens": [{"name": "ci", "hash": "TOKEN_HASH"}])"_s);
    QElapsedTimer timer;
    qint64 firstMs = 0;
    qint64 laterMs = 0;
    for (int i = 0; i < 6; ++i) {
        timer.start();
        QCOMPARE(chat({ { "Authorization", "Bearer sk-sy-guess" + QByteArray::number(i) } }).status,
                 401);
        (i == 0 ? firstMs : laterMs) = timer.elapsed();
    }
    qInfo() << "bad token answered after" << firstMs << "ms at first," << laterMs
            << "ms after 6 failures";
    QVERIFY(firstMs < 200);
    QVERIFY(laterMs >= 400);
    // The right token is not held back for long: success resets the count.
    timer.start();
    QCOMPARE(chat({ { "Authorization", "Bearer " + m_token } }).status, 200);
}

void TestSecurityGate::tokenMayBeLimitedToModels()
{
    startGateway(uR"(, "security": {"require_tokens": true})"_s,
                 uR"(, "tokens": [{"name": "ci", "hash": "TOKEN_HASH", "models": ["p/m"]}])"_s);
    QCOMPARE(chat({ { "Authorization", "Bearer " + m_token } }, "p/m").status, 200);
    const TestResponse other = chat({ { "Authorization", "Bearer " + m_token } }, "p/n");
    QCOMPARE(other.status, 403);
    QCOMPARE(errorCode(other), u"model_not_allowed"_s);
}

void TestSecurityGate::rateLimitAnswers429WithRetryAfter()
{
    startGateway(uR"(, "security": {"rate_limit": {"requests_per_min": 3}})"_s);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(chat().status, 200);
    const TestResponse limited = chat();
    QCOMPARE(limited.status, 429);
    QCOMPARE(errorCode(limited), u"rate_limit_exceeded"_s);
    QVERIFY(limited.header("retry-after").toInt() >= 1);
    QCOMPARE(m_upstream->chatRequests(), 3);
}

void TestSecurityGate::hostileJsonIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("deep nesting") << QByteArray(R"({"model":"p/m","messages":)")
            + QByteArray(100'000, '[') + QByteArray(100'000, ']') + "}";
    QTest::newRow("invalid UTF-8") << QByteArray(
        "{\"model\":\"p/m\",\"messages\":[{\"role\":\"user\",\"content\":\"\xff\xfe\"}]}");
    QTest::newRow("lone surrogate escape")
        << QByteArray(R"({"model":"p/m","messages":[{"role":"user","content":"\ud800"}]})");
    QTest::newRow("number out of range") << QByteArray(
        R"({"model":"p/m","temperature":1e999,"messages":[{"role":"user","content":"hi"}]})");
}

void TestSecurityGate::hostileJsonIsRefused()
{
    QFETCH(QByteArray, body);
    if (!m_host)
        startGateway({});
    const TestResponse r = TestClient::request(m_port, "POST", "/v1/chat/completions", body,
                                               { { "Content-Type", "application/json" } });
    QCOMPARE(r.status, 400);
    QCOMPARE(QJsonDocument::fromJson(r.body)
                 .object()
                 .value(u"error"_s)
                 .toObject()
                 .value(u"type"_s)
                 .toString(),
             u"invalid_request_error"_s);
    QCOMPARE(TestClient::request(m_port, "GET", "/health").status, 200);
}

void TestSecurityGate::reloadCannotDropTokensOnANetworkAddress()
{
    // Listening on every address (only ever reached over loopback here) with tokens required.
    startGateway(uR"(, "host": "0.0.0.0", "security": {"require_tokens": true})"_s,
                 uR"(, "tokens": [{"name": "ci", "hash": "TOKEN_HASH"}])"_s);
    QCOMPARE(chat().status, 401);
    // An edit that turns tokens off is not applied to the running listener.
    const QString relaxed
        = QStringLiteral(
              R"({"gateway": {"host": "0.0.0.0", "port": 0, "health_check": {"interval_ms": 0},
        "security": {"require_tokens": false}},
        "providers": [{"name": "p", "kind": "openai", "base_url": "%1/v1", "models": ["m", "n"]}]})")
              .arg(QString::fromLatin1(m_upstream->baseUrl()));
    auto config = config::ConfigLoader::parse(relaxed.toUtf8());
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    const QStringList restart = m_host->applyConfig(*config);
    QVERIFY2(restart.contains(u"gateway.security.require_tokens"_s),
             qPrintable(restart.join(u' ')));
    QCOMPARE(chat().status, 401);
    QCOMPARE(m_upstream->chatRequests(), 0);
}

void TestSecurityGate::nonLoopbackNeedsTokens()
{
    m_upstream = std::make_unique<FakeOpenAi>();
    QVERIFY(m_upstream->start() != 0);
    auto config = config::ConfigLoader::parse(
        R"({"gateway": {"host": "0.0.0.0", "port": 0, "health_check": {"interval_ms": 0}}})");
    QVERIFY(config.ok());
    core::GatewayHost host;
    auto port = host.start(*config);
    QVERIFY(!port.ok());
    QVERIFY2(port.error().message.contains(u"require_tokens"_s), qPrintable(port.error().message));
}

void TestSecurityGate::providerConcurrencyIsCapped()
{
    m_upstream = std::make_unique<FakeOpenAi>();
    QVERIFY(m_upstream->start() != 0);
    m_upstream->fault = FakeOpenAi::Fault::SlowFirstByte;
    m_upstream->delayMs = 1500;
    startGateway({}, {}, uR"(, "max_concurrency": 1, "max_queue": 1, "queue_timeout_ms": 300)"_s);
    const QByteArray body = R"({"model":"p/m","messages":[{"role":"user","content":"hi"}]})";
    const QByteArray raw = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Content-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    TestClient first(m_port), queued(m_port), refused(m_port);
    QVERIFY(first.connectToServer() && queued.connectToServer() && refused.connectToServer());
    first.sendRaw(raw);
    QTRY_COMPARE(m_upstream->chatRequests(), 1);
    queued.sendRaw(raw);
    QTest::qWait(50);
    QElapsedTimer timer;
    timer.start();
    refused.sendRaw(raw); // the queue (1) is full: refused at once
    const TestResponse full = refused.readResponse(5000);
    QCOMPARE(full.status, 503);
    QVERIFY(timer.elapsed() < 1000);
    const TestResponse timedOut = queued.readResponse(5000); // waited 300 ms for a slot
    QCOMPARE(timedOut.status, 503);
    QVERIFY2(timedOut.body.contains("busy"), timedOut.body.constData());
    QCOMPARE(first.readResponse(5000).status, 200);
    QCOMPARE(m_upstream->chatRequests(), 1);
}

void TestSecurityGate::upstreamErrorsNeverEchoTheKey()
{
    FakeHttpServer leaky;
    QVERIFY(leaky.start() != 0);
    leaky.setHandler([](const FakeRequest &, FakeReply *reply) {
        reply->sendJson(
            401,
            R"({"error":{"message":"Incorrect API key provided: sk-proj-FAKE.KEY.FOR.TESTS.0123. You can find your API key at https:\/\/platform.openai.com.","type":"invalid_request_error","code":"invalid_api_key"}})");
    });
    qputenv("SWITCHYARD_TEST_LEAKY_KEY", "sk-proj-FAKE.KEY.FOR.TESTS.0123");
    auto config = config::ConfigLoader::parse(
        QStringLiteral(R"({"gateway": {"port": 0, "health_check": {"interval_ms": 0}},
        "providers": [{"name": "l", "kind": "openai", "base_url": "%1/v1", "models": ["m"],
                       "api_key": {"env": "SWITCHYARD_TEST_LEAKY_KEY"}}]})")
            .arg(QString::fromLatin1(leaky.baseUrl()))
            .toUtf8());
    QVERIFY(config.ok());
    m_host = std::make_unique<core::GatewayHost>();
    m_port = *m_host->start(*config);
    const TestResponse r = chat({}, "l/m");
    QCOMPARE(r.status, 401);
    QVERIFY2(!r.body.contains("FAKE.KEY.FOR.TESTS.0123"), r.body.constData());
    QVERIFY(r.body.contains("REDACTED"));
    QCOMPARE(errorCode(r), u"invalid_api_key"_s);
}

QTEST_GUILESS_MAIN(TestSecurityGate)
#include "tst_security_gate.moc"
