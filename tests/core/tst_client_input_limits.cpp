#include "FakeOpenAi.h"
#include "TestClient.h"
#include "config/ConfigLoader.h"
#include "core/GatewayHost.h"
#include "providers/ModelCatalog.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::fakes;

// What a client sends must not grow the gateway's work without bound: model names are capped
// before routing, so a huge one is refused at once and never reaches the catalog's
// suggestions (edit distance against every entry) on the gateway thread.
class TestClientInputLimits final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void longModelNamesAreRefusedAtOnce_data();
    void longModelNamesAreRefusedAtOnce();
    void nameAtTheLimitStillGetsSuggestions();
    void suggestionsAreBoundedForLongNames();
    void modelNamesNeverInjectHeaders();

private:
    std::unique_ptr<FakeOpenAi> m_upstream;
    std::unique_ptr<core::GatewayHost> m_host;
    quint16 m_port = 0;
};

void TestClientInputLimits::initTestCase()
{
    m_upstream = std::make_unique<FakeOpenAi>();
    QVERIFY(m_upstream->start() != 0);
    const QString json
        = QStringLiteral(R"({"gateway": {"port": 0, "health_check": {"interval_ms": 0}},
        "providers": [{"name": "p", "kind": "openai", "base_url": "%1/v1", "models": ["m"]},
                      {"name": "d", "kind": "openai", "base_url": "%1/v1", "models": "discover"}]})")
              .arg(QString::fromLatin1(m_upstream->baseUrl()));
    auto config = config::ConfigLoader::parse(json.toUtf8());
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    m_host = std::make_unique<core::GatewayHost>();
    auto port = m_host->start(*config);
    QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
    m_port = *port;
}

void TestClientInputLimits::cleanupTestCase()
{
    m_host.reset();
    m_upstream.reset();
}

void TestClientInputLimits::longModelNamesAreRefusedAtOnce_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("bodyTemplate");
    QTest::addColumn<bool>("anthropic");
    QTest::addColumn<int>("length");
    const QByteArray chat
        = R"({"model": "MODEL", "messages": [{"role": "user", "content": "hi"}]})";
    const QByteArray messages
        = R"({"model": "MODEL", "max_tokens": 8, "messages": [{"role": "user", "content": "hi"}]})";
    const QByteArray responses = R"({"model": "MODEL", "input": "hi"})";
    QTest::newRow("chat, 257 bytes") << QByteArray("/v1/chat/completions") << chat << false << 257;
    QTest::newRow("chat, 2 MB") << QByteArray("/v1/chat/completions") << chat << false
                                << 2 * 1024 * 1024;
    QTest::newRow("embeddings, 2 MB")
        << QByteArray("/v1/embeddings") << QByteArray(R"({"model": "MODEL", "input": "hi"})")
        << false << 2 * 1024 * 1024;
    QTest::newRow("messages, 2 MB")
        << QByteArray("/v1/messages") << messages << true << 2 * 1024 * 1024;
    QTest::newRow("responses, 2 MB")
        << QByteArray("/v1/responses") << responses << false << 2 * 1024 * 1024;
    QTest::newRow("dry run, 2 MB")
        << QByteArray("/v1/switchyard/route") << chat << false << 2 * 1024 * 1024;
}

void TestClientInputLimits::longModelNamesAreRefusedAtOnce()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, bodyTemplate);
    QFETCH(bool, anthropic);
    QFETCH(int, length);
    QByteArray body = bodyTemplate;
    body.replace(QByteArrayLiteral("MODEL"),
                 QByteArray(QByteArray("ollama/") + QByteArray(length - 7, 'x')));
    QElapsedTimer clock;
    clock.start();
    const TestResponse response = TestClient::request(
        m_port, "POST", path, body, { { "Content-Type", "application/json" } }, 30000);
    QCOMPARE(response.status, 400);
    // Refused without the suggestion search: well under a second even on a busy machine
    // (8.5 s before the cap for 2 MB).
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    const QJsonObject error = QJsonDocument::fromJson(response.body).object();
    if (anthropic) {
        QCOMPARE(error.value(u"type"_s).toString(), u"error"_s);
        QCOMPARE(error.value(u"error"_s).toObject().value(u"type"_s).toString(),
                 u"invalid_request_error"_s);
    } else {
        QCOMPARE(error.value(u"error"_s).toObject().value(u"param"_s).toString(), u"model"_s);
    }
    QVERIFY(response.body.size() < 1024); // the name is not echoed back
    QCOMPARE(TestClient::request(m_port, "GET", "/health").status, 200);
}

void TestClientInputLimits::nameAtTheLimitStillGetsSuggestions()
{
    const QByteArray body = R"({"model": ")" + QByteArray(256, 'm')
        + R"(", "messages": [{"role": "user", "content": "hi"}]})";
    const TestResponse response = TestClient::request(m_port, "POST", "/v1/chat/completions", body,
                                                      { { "Content-Type", "application/json" } });
    QCOMPARE(response.status, 404); // a name that long is allowed, and simply not found
}

void TestClientInputLimits::suggestionsAreBoundedForLongNames()
{
    config::Config config;
    config::ProviderConfig provider;
    provider.name = u"p"_s;
    for (int i = 0; i < 100; ++i)
        provider.models.append(u"model-%1"_s.arg(i));
    config.providers.append(provider);
    const providers::ModelCatalog catalog(config);
    QVERIFY(!catalog.closeMatches(u"model-1x"_s).isEmpty());
    QElapsedTimer clock;
    clock.start();
    QVERIFY(catalog.closeMatches(QString(100'000, u'm')).isEmpty());
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
}

void TestClientInputLimits::modelNamesNeverInjectHeaders()
{
    // A provider that discovers its models takes any "d/<name>", and the name is echoed in
    // x-switchyard-model: CR LF in it must not start a header of its own.
    const QByteArray body
        = R"({"model": "d/x\r\nSet-Cookie: injected=1", "messages": [{"role": "user", "content": "hi"}]})";
    const TestResponse response = TestClient::request(m_port, "POST", "/v1/chat/completions", body,
                                                      { { "Content-Type", "application/json" } });
    QVERIFY(response.status != 0);
    const QByteArray head = response.raw.left(response.raw.indexOf("\r\n\r\n") + 2);
    QVERIFY2(!head.toLower().contains("\r\nset-cookie:"), head.constData());
    QVERIFY2(head.contains("x-switchyard-model: x%0D%0ASet-Cookie: injected=1\r\n"),
             head.constData());
}

QTEST_GUILESS_MAIN(TestClientInputLimits)
#include "tst_client_input_limits.moc"
