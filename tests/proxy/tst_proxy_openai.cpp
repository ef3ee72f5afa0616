#include "FakeOpenAi.h"
#include "TestClient.h"
#include "config/ConfigLoader.h"
#include "core/GatewayHost.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::fakes;

namespace {
const QByteArray kChat
    = R"({"model":"%MODEL%","messages":[{"role":"user","content":"hi"}],"temperature":0.70,"x_unknown":{"keep":[1,2.50,"é\u00e9"]}%EXTRA%})";

QByteArray chatBody(const QByteArray &model, const QByteArray &extra = {})
{
    return QByteArray(kChat).replace("%MODEL%", model).replace("%EXTRA%", extra);
}

QJsonObject jsonOf(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

QList<QJsonObject> sseObjects(const QByteArray &body, bool *sawDone = nullptr)
{
    QList<QJsonObject> out;
    for (const QByteArray &event : body.split('\n')) {
        if (!event.startsWith("data: "))
            continue;
        const QByteArray data = event.mid(6);
        if (data == "[DONE]") {
            if (sawDone)
                *sawDone = true;
            continue;
        }
        out.append(jsonOf(data));
    }
    return out;
}
} // namespace

// OpenAI-compatible proxying end to end: client -> gateway (own thread) -> fake upstreams.
class TestProxyOpenAi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void forwardsBodyAndInjectsKey();
    void aliasRewritesModel();
    void streamsWithUsageWhenAsked();
    void stripsUsageWhenNotAsked();
    void streamEventsAreFlushedImmediately();
    void streamsToolCallDeltas();
    void completionsPromptIsByteExact();
    void embeddings();
    void listsAndRetrievesModels();
    void unknownModelIs404WithSuggestions();
    void validationErrors_data();
    void validationErrors();
    void upstreamClientErrorPassesThrough();
    void singleTargetServerErrorPassesThrough();
    void upstreamGarbageIs502();
    void connectRefusedIs502();
    void firstByteTimeoutIs504();
    void fallsBackOnFailures_data();
    void fallsBackOnFailures();
    void streamFallsBackBeforeFirstByte();
    void allTargetsFailedNamesEachAttempt();
    void midStreamDropEndsWithErrorEvent();
    void clientDisconnectCancelsUpstream();
    void manyConcurrentRequests();
    void gracefulStopFinishesInFlight();
    void requestRecordsReachTheOwner();

private:
    std::unique_ptr<FakeOpenAi> m_a;
    std::unique_ptr<FakeOpenAi> m_b;
    std::unique_ptr<core::GatewayHost> m_host;
    config::Config m_config;
    quint16 m_port = 0;
    quint16 m_deadPort = 0;
};

void TestProxyOpenAi::initTestCase()
{
    qputenv("FA_KEY", "sk-upstream-a-0000");
    m_a = std::make_unique<FakeOpenAi>();
    m_b = std::make_unique<FakeOpenAi>();
    m_a->name = "a";
    m_b->name = "b";
    m_a->start();
    m_b->start();
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        m_deadPort = probe.serverPort();
    }
    const QByteArray config
        = R"({"gateway": {"port": 0, "health_check": {"interval_ms": 0}, "limits": {"shutdown_grace_ms": 500}},
      "providers": [
        {"name": "fa", "kind": "openai", "base_url": ")"
        + m_a->baseUrl() + R"(/v1", "api_key": {"env": "FA_KEY"},
         "models": ["gpt-4o-mini", "text-embedding-3-small", "gpt-3.5-turbo-instruct"],
         "timeouts": {"first_byte_ms": 1500, "stream_idle_ms": 1500}},
        {"name": "fb", "kind": "openai", "base_url": ")"
        + m_b->baseUrl() + R"(/v1", "models": ["gpt-4o-mini", "only-b"]},
        {"name": "dead", "kind": "openai", "base_url": "http://127.0.0.1:)"
        + QByteArray::number(m_deadPort) + R"(/v1", "models": ["gpt-4o-mini"]}
      ],
      "routes": [
        {"model": "coder", "strategy": "fallback", "targets": ["fa/gpt-4o-mini", "fb/gpt-4o-mini"]},
        {"model": "deadfirst", "targets": ["dead/gpt-4o-mini", "fb/gpt-4o-mini"]}
      ]})";
    auto parsed = config::ConfigLoader::parse(config);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    m_config = *parsed;
}

void TestProxyOpenAi::cleanupTestCase()
{
    m_host.reset();
}

void TestProxyOpenAi::init()
{
    // A fresh gateway per test: breakers and latency averages must not carry over (a test
    // that fails "fa" on purpose would otherwise open its breaker for the next one).
    m_host = std::make_unique<core::GatewayHost>();
    auto port = m_host->start(m_config);
    QVERIFY(port.ok());
    m_port = *port;
    for (FakeOpenAi *fake : { m_a.get(), m_b.get() }) {
        fake->fault = FakeOpenAi::Fault::None;
        fake->delayMs = 0;
        if (!fake->isListening())
            fake->restart();
    }
}

void TestProxyOpenAi::forwardsBodyAndInjectsKey()
{
    const int before = int(m_a->requests().size());
    const QByteArray body = chatBody("fa/gpt-4o-mini");
    const auto r = TestClient::request(m_port, "POST", "/v1/chat/completions", body,
                                       { { "Authorization", "Bearer sk-client-secret" } });
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-provider"), QByteArray("fa"));
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("gpt-4o-mini"));
    QCOMPARE(r.header("x-switchyard-attempts"), QByteArray("fa/gpt-4o-mini=200"));
    QVERIFY(r.header("x-request-id").startsWith("req_"));
    QCOMPARE(jsonOf(r.body).value(u"model"_s).toString(), u"gpt-4o-mini"_s);
    QCOMPARE(
        jsonOf(r.body).value(u"choices"_s).toArray().at(0)[u"message"_s][u"content"_s].toString(),
        QString::fromUtf8(m_a->content));

    QCOMPARE(int(m_a->requests().size()), before + 1);
    const FakeRequest &up = m_a->requests().last();
    QCOMPARE(up.path, QByteArray("/v1/chat/completions"));
    QCOMPARE(up.header("authorization"), QByteArray("Bearer sk-upstream-a-0000"));
    QVERIFY(!up.raw.contains("sk-client-secret"));
    QVERIFY(up.header("expect").isEmpty());
    // Byte for byte except the model value.
    QCOMPARE(up.body, chatBody("gpt-4o-mini"));
}

void TestProxyOpenAi::aliasRewritesModel()
{
    const auto r = TestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("coder"));
    QCOMPARE(r.status, 200);
    QCOMPARE(jsonOf(r.body).value(u"model"_s).toString(), u"coder"_s);
    QCOMPARE(r.header("x-switchyard-route"), QByteArray("coder"));
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("gpt-4o-mini"));
    QCOMPARE(m_a->requests().last().body, chatBody("gpt-4o-mini"));
}

void TestProxyOpenAi::streamsWithUsageWhenAsked()
{
    const auto r = TestClient::request(
        m_port, "POST", "/v1/chat/completions",
        chatBody("fa/gpt-4o-mini", R"(,"stream":true,"stream_options":{"include_usage":true})"));
    QCOMPARE(r.status, 200);
    QVERIFY(r.chunked);
    QVERIFY(r.header("content-type").startsWith("text/event-stream"));
    bool done = false;
    const auto chunks = sseObjects(r.body, &done);
    QVERIFY(done);
    QVERIFY(chunks.size() >= 3);
    QVERIFY(chunks.last().value(u"usage"_s).isObject());
    QCOMPARE(chunks.last().value(u"choices"_s).toArray().size(), 0);
    QString text;
    for (const auto &c : chunks)
        text += c[u"choices"_s][0][u"delta"_s][u"content"_s].toString();
    QCOMPARE(text.trimmed(), QString::fromUtf8(m_a->content));
    QVERIFY(r.raw.endsWith("0\r\n\r\n"));
}

void TestProxyOpenAi::stripsUsageWhenNotAsked()
{
    const auto r = TestClient::request(m_port, "POST", "/v1/chat/completions",
                                       chatBody("fa/gpt-4o-mini", R"(,"stream":true)"));
    QCOMPARE(r.status, 200);
    bool done = false;
    const auto chunks = sseObjects(r.body, &done);
    QVERIFY(done);
    for (const auto &c : chunks)
        QVERIFY(!c.contains(u"usage"_s)); // not even "usage": null, which we caused upstream
    const QJsonObject up = jsonOf(m_a->requests().last().body);
    QCOMPARE(up[u"stream_options"_s][u"include_usage"_s].toBool(), true);
}

void TestProxyOpenAi::streamEventsAreFlushedImmediately()
{
    m_a->fault = FakeOpenAi::Fault::SlowChunks;
    m_a->chunkDelayMs = 400; // generous: the gateway must relay event 1 before event 2 exists
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    const QByteArray body = chatBody("fa/gpt-4o-mini", R"(,"stream":true)");
    client.sendRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                   "application/json\r\nContent-Length: "
                   + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    // The first event must reach us while the fake has not yet sent the second one.
    QTRY_VERIFY_WITH_TIMEOUT(
        (client.socket().bytesAvailable() > 0 || (client.socket().waitForReadyRead(5), false))
            && client.socket().peek(4096).contains("data: {"),
        3000);
    QCOMPARE(m_a->eventSentAt.size(), 1);
    const auto r = client.readResponse();
    QCOMPARE(r.status, 200);
}

void TestProxyOpenAi::streamsToolCallDeltas()
{
    const QByteArray tools
        = R"(,"stream":true,"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}])";
    const auto r = TestClient::request(m_port, "POST", "/v1/chat/completions",
                                       chatBody("fa/gpt-4o-mini", tools));
    QCOMPARE(r.status, 200);
    QString name, args;
    for (const auto &c : sseObjects(r.body)) {
        const QJsonValue call = c[u"choices"_s][0][u"delta"_s][u"tool_calls"_s][0];
        if (call.isObject()) {
            QCOMPARE(call[u"index"_s].toInt(), 0);
            name += call[u"function"_s][u"name"_s].toString();
            args += call[u"function"_s][u"arguments"_s].toString();
        }
    }
    QCOMPARE(name, u"get_weather"_s);
    QCOMPARE(args, u"{\"city\":\"Oslo\"}"_s);
}

void TestProxyOpenAi::completionsPromptIsByteExact()
{
    const QByteArray body
        = R"({"model": "fa/gpt-3.5-turbo-instruct", "prompt": "<|fim_prefix|>def f(x):\r\n    \u00e9 \"q\" \\ \ud83d\ude00  <|fim_suffix|>\n<|fim_middle|>", "max_tokens": 16})";
    const auto r = TestClient::request(m_port, "POST", "/v1/completions", body);
    QCOMPARE(r.status, 200);
    QCOMPARE(jsonOf(r.body).value(u"object"_s).toString(), u"text_completion"_s);
    QByteArray expected = body;
    expected.replace("fa/gpt-3.5-turbo-instruct", "gpt-3.5-turbo-instruct");
    QCOMPARE(m_a->requests().last().body, expected);
    QCOMPARE(m_a->requests().last().path, QByteArray("/v1/completions"));
}

void TestProxyOpenAi::embeddings()
{
    const auto r = TestClient::request(m_port, "POST", "/v1/embeddings",
                                       R"({"model":"text-embedding-3-small","input":["a","b"]})");
    QCOMPARE(r.status, 200);
    QCOMPARE(jsonOf(r.body).value(u"object"_s).toString(), u"list"_s);
    QCOMPARE(m_a->requests().last().path, QByteArray("/v1/embeddings"));
}

void TestProxyOpenAi::listsAndRetrievesModels()
{
    const auto r = TestClient::request(m_port, "GET", "/v1/models");
    QCOMPARE(r.status, 200);
    const QJsonObject list = jsonOf(r.body);
    QCOMPARE(list.value(u"object"_s).toString(), u"list"_s);
    QStringList ids;
    for (const auto &m : list.value(u"data"_s).toArray()) {
        QCOMPARE(m[u"object"_s].toString(), u"model"_s);
        QVERIFY(m[u"created"_s].isDouble());
        QVERIFY(!m[u"owned_by"_s].toString().isEmpty());
        ids.append(m[u"id"_s].toString());
    }
    QVERIFY(ids.contains(u"coder"_s));
    QVERIFY(ids.contains(u"fa/gpt-4o-mini"_s));
    QVERIFY(ids.contains(u"fb/only-b"_s));

    const auto one = TestClient::request(m_port, "GET", "/v1/models/fa/gpt-4o-mini");
    QCOMPARE(one.status, 200);
    QCOMPARE(jsonOf(one.body).value(u"id"_s).toString(), u"fa/gpt-4o-mini"_s);
    const auto missing = TestClient::request(m_port, "GET", "/v1/models/nope");
    QCOMPARE(missing.status, 404);
    QCOMPARE(jsonOf(missing.body)[u"error"_s][u"code"_s].toString(), u"model_not_found"_s);
}

void TestProxyOpenAi::unknownModelIs404WithSuggestions()
{
    const auto r
        = TestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("gpt-4o-mnii"));
    QCOMPARE(r.status, 404);
    const QJsonObject error = jsonOf(r.body).value(u"error"_s).toObject();
    QCOMPARE(error.value(u"code"_s).toString(), u"model_not_found"_s);
    QCOMPARE(error.value(u"type"_s).toString(), u"invalid_request_error"_s);
    QVERIFY2(error.value(u"message"_s).toString().contains(u"fa/gpt-4o-mini"_s),
             qPrintable(error.value(u"message"_s).toString()));
}

void TestProxyOpenAi::validationErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("needle");
    QTest::newRow("not json") << QByteArray("{nope") << QString() << u"not valid JSON"_s;
    QTest::newRow("array") << QByteArray("[]") << QString() << u"must be a JSON object"_s;
    QTest::newRow("empty") << QByteArray() << QString() << u"empty"_s;
    QTest::newRow("no model") << QByteArray(R"({"messages":[{"role":"user","content":"x"}]})")
                              << u"model"_s << u"'model'"_s;
    QTest::newRow("model number") << QByteArray(R"({"model":5,"messages":[]})") << u"model"_s
                                  << u"expected a string"_s;
    QTest::newRow("no messages") << QByteArray(R"({"model":"coder"})") << u"messages"_s
                                 << u"'messages'"_s;
    QTest::newRow("messages string") << QByteArray(R"({"model":"coder","messages":"hi"})")
                                     << u"messages"_s << u"expected an array"_s;
    QTest::newRow("message without role")
        << QByteArray(R"({"model":"coder","messages":[{"content":"x"}]})") << u"messages[0].role"_s
        << u"role"_s;
    QTest::newRow("stream not bool")
        << QByteArray(R"({"model":"coder","messages":[{"role":"user"}],"stream":"yes"})")
        << u"stream"_s << u"boolean"_s;
}

void TestProxyOpenAi::validationErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    QFETCH(QString, needle);
    const int before = int(m_a->requests().size() + m_b->requests().size());
    const auto r = TestClient::request(m_port, "POST", "/v1/chat/completions", body);
    QCOMPARE(r.status, 400);
    const QJsonObject error = jsonOf(r.body).value(u"error"_s).toObject();
    QCOMPARE(error.value(u"type"_s).toString(), u"invalid_request_error"_s);
    QVERIFY2(error.value(u"message"_s).toString().contains(needle),
             qPrintable(error.value(u"message"_s).toString()));
    if (param.isEmpty())
        QVERIFY(error.value(u"param"_s).isNull());
    else
        QCOMPARE(error.value(u"param"_s).toString(), param);
    QCOMPARE(int(m_a->requests().size() + m_b->requests().size()), before);
}

void TestProxyOpenAi::upstreamClientErrorPassesThrough()
{
    m_a->fault = FakeOpenAi::Fault::Status;
    m_a->faultStatus = 400;
    const auto r = TestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("coder"));
    QCOMPARE(r.status, 400); // no fallback on the client's own mistakes
    QCOMPARE(jsonOf(r.body)[u"error"_s][u"message"_s].toString(), u"fake upstream error 400"_s);
    QCOMPARE(r.header("x-switchyard-attempts"), QByteArray("fa/gpt-4o-mini=400"));
}

void TestProxyOpenAi::singleTargetServerErrorPassesThrough()
{
    m_a->fault = FakeOpenAi::Fault::Status;
    m_a->faultStatus = 429;
    const auto r
        = TestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("fa/gpt-4o-mini"));
    QCOMPARE(r.status, 429);
    QCOMPARE(jsonOf(r.body)[u"error"_s][u"code"_s].toString(), u"rate_limit_exceeded"_s);
    QCOMPARE(r.header("retry-after"), QByteArray("7"));
}

void TestProxyOpenAi::upstreamGarbageIs502()
{
    for (auto fault : { FakeOpenAi::Fault::Garbage, FakeOpenAi::Fault::GarbageJson }) {
        m_a->fault = fault;
        const auto r = TestClient::request(m_port, "POST", "/v1/chat/completions",
                                           chatBody("fa/gpt-4o-mini"));
        QCOMPARE(r.status, 502);
        const QJsonObject error = jsonOf(r.body)[u"error"_s].toObject();
        QCOMPARE(error.value(u"code"_s).toString(), u"bad_gateway"_s);
        QVERIFY(error.value(u"message"_s).toString().contains(u"fa/gpt-4o-mini"_s));
    }
}

void TestProxyOpenAi::connectRefusedIs502()
{
    const auto r
        = TestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("dead/gpt-4o-mini"));
    QCOMPARE(r.status, 502);
    QVERIFY(jsonOf(r.body)[u"error"_s][u"message"_s].toString().contains(u"could not connect"_s));
}

void TestProxyOpenAi::firstByteTimeoutIs504()
{
    m_a->fault = FakeOpenAi::Fault::Hang;
    const auto r = TestClient::request(m_port, "POST", "/v1/chat/completions",
                                       chatBody("fa/gpt-4o-mini"), {}, 8000);
    QCOMPARE(r.status, 504);
    QCOMPARE(jsonOf(r.body)[u"error"_s][u"code"_s].toString(), u"gateway_timeout"_s);
}

void TestProxyOpenAi::fallsBackOnFailures_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<QByteArray>("outcome");
    QTest::newRow("500") << int(FakeOpenAi::Fault::Status) << QByteArray("500");
    QTest::newRow("429") << -429 << QByteArray("429");
    QTest::newRow("timeout") << int(FakeOpenAi::Fault::Hang) << QByteArray("first_byte_timeout");
    QTest::newRow("garbage") << int(FakeOpenAi::Fault::GarbageJson) << QByteArray("bad_response");
}

void TestProxyOpenAi::fallsBackOnFailures()
{
    QFETCH(int, fault);
    QFETCH(QByteArray, outcome);
    m_a->fault = fault < 0 ? FakeOpenAi::Fault::Status : FakeOpenAi::Fault(fault);
    m_a->faultStatus = fault < 0 ? -fault : 500;
    const auto r
        = TestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("coder"), {}, 8000);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-provider"), QByteArray("fb"));
    QCOMPARE(r.header("x-switchyard-attempts"),
             "fa/gpt-4o-mini=" + outcome + ";fb/gpt-4o-mini=200");
    QCOMPARE(jsonOf(r.body).value(u"id"_s).toString(), u"chatcmpl-b"_s);
}

void TestProxyOpenAi::streamFallsBackBeforeFirstByte()
{
    const auto refused = TestClient::request(m_port, "POST", "/v1/chat/completions",
                                             chatBody("deadfirst", R"(,"stream":true)"));
    QCOMPARE(refused.status, 200);
    QCOMPARE(refused.header("x-switchyard-attempts"),
             QByteArray("dead/gpt-4o-mini=connect_failed;fb/gpt-4o-mini=200"));
    bool done = false;
    QVERIFY(!sseObjects(refused.body, &done).isEmpty());
    QVERIFY(done);

    m_a->fault = FakeOpenAi::Fault::DropBeforeEvents;
    const auto dropped = TestClient::request(m_port, "POST", "/v1/chat/completions",
                                             chatBody("coder", R"(,"stream":true)"));
    QCOMPARE(dropped.status, 200);
    QCOMPARE(dropped.header("x-switchyard-provider"), QByteArray("fb"));
    QVERIFY(dropped.header("x-switchyard-attempts").startsWith("fa/gpt-4o-mini=dropped;"));
}

void TestProxyOpenAi::allTargetsFailedNamesEachAttempt()
{
    m_a->fault = FakeOpenAi::Fault::Status;
    m_a->faultStatus = 503;
    m_b->fault = FakeOpenAi::Fault::Garbage;
    const auto r = TestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("coder"));
    QCOMPARE(r.status, 502);
    const QString message = jsonOf(r.body)[u"error"_s][u"message"_s].toString();
    QVERIFY2(message.contains(u"fa/gpt-4o-mini: answered HTTP 503"_s), qPrintable(message));
    QVERIFY2(message.contains(u"fb/gpt-4o-mini:"_s), qPrintable(message));
    QCOMPARE(jsonOf(r.body)[u"error"_s][u"code"_s].toString(), u"all_targets_failed"_s);
}

void TestProxyOpenAi::midStreamDropEndsWithErrorEvent()
{
    m_a->fault = FakeOpenAi::Fault::DropMidStream;
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    const QByteArray body = chatBody("coder", R"(,"stream":true)");
    client.sendRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                   + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    const auto r = client.readResponse();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-provider"),
             QByteArray("fa")); // no fallback once bytes were sent
    const auto events = sseObjects(r.body);
    QVERIFY(events.size() >= 2);
    QCOMPARE(events.last()[u"error"_s][u"code"_s].toString(), u"upstream_stream_error"_s);
    QVERIFY(r.raw.endsWith("\n\n\r\n0\r\n\r\n")); // clean terminating chunk
    // The connection is still usable.
    m_a->fault = FakeOpenAi::Fault::None;
    client.sendRaw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QCOMPARE(client.readResponse().status, 200);
}

void TestProxyOpenAi::clientDisconnectCancelsUpstream()
{
    m_a->fault = FakeOpenAi::Fault::Hang;
    const int aborts = m_a->clientAborts();
    {
        TestClient client(m_port);
        QVERIFY(client.connectToServer());
        const QByteArray body = chatBody("fa/gpt-4o-mini", R"(,"stream":true)");
        client.sendRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                       + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        const int requests = int(m_a->requests().size());
        QTRY_VERIFY(m_a->requests().size() > requests - 1 && m_a->openConnections() > 0);
        spin(100);
        client.socket().abort();
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_a->clientAborts(), aborts + 1, 3000);
}

void TestProxyOpenAi::manyConcurrentRequests()
{
    constexpr int kCount = 200;
    std::vector<std::unique_ptr<TestClient>> clients;
    for (int i = 0; i < kCount; ++i) {
        auto client = std::make_unique<TestClient>(m_port);
        QVERIFY(client->connectToServer());
        const bool stream = i % 2 == 0;
        const QByteArray body
            = chatBody(i % 3 == 0 ? "coder" : "fb/gpt-4o-mini", stream ? R"(,"stream":true)" : "");
        client->sendRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: r"
                        + QByteArray::number(i) + "\r\nContent-Length: "
                        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        clients.push_back(std::move(client));
    }
    for (int i = 0; i < kCount; ++i) {
        const auto r = clients[i]->readResponse(20000);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-request-id"), "r" + QByteArray::number(i));
        if (i % 2 == 0) {
            bool done = false;
            QVERIFY(!sseObjects(r.body, &done).isEmpty());
            QVERIFY(done);
        } else {
            QCOMPARE(jsonOf(r.body).value(u"object"_s).toString(), u"chat.completion"_s);
        }
    }
}

void TestProxyOpenAi::gracefulStopFinishesInFlight()
{
    m_a->fault = FakeOpenAi::Fault::SlowFirstByte;
    m_a->delayMs = 400;
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    const QByteArray body = chatBody("fa/gpt-4o-mini");
    client.sendRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                   + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    const int requests = int(m_a->requests().size());
    QTRY_VERIFY(int(m_a->requests().size()) > requests - 1 && m_a->openConnections() > 0);
    spin(50);

    QSignalSpy stopped(m_host.get(), &core::GatewayHost::stopped);
    m_host->requestStop();
    spin(100);
    TestClient late(m_port);
    QVERIFY(!late.connectToServer(500)); // no new connections while draining

    const auto r = client.readResponse();
    QCOMPARE(r.status, 200); // the request in flight still gets its answer
    QCOMPARE(jsonOf(r.body).value(u"object"_s).toString(), u"chat.completion"_s);
    QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, 5000);
    QVERIFY(!m_host->isRunning());
}

void TestProxyOpenAi::requestRecordsReachTheOwner()
{
    QList<base::RequestRecord> records;
    connect(m_host.get(), &core::GatewayHost::requestsCompleted, this,
            [&records](const QList<base::RequestRecord> &batch) { records += batch; });
    m_a->fault = FakeOpenAi::Fault::Status;
    m_a->faultStatus = 500;
    const auto r = TestClient::request(m_port, "POST", "/v1/chat/completions", chatBody("coder"),
                                       { { "X-Request-Id", "rec-1" } });
    QCOMPARE(r.status, 200);
    QTRY_COMPARE(records.size(), 1);
    const base::RequestRecord &rec = records.first();
    QCOMPARE(rec.requestId, QByteArray("rec-1"));
    QCOMPARE(rec.endpoint, u"chat.completions"_s);
    QCOMPARE(rec.requestedModel, u"coder"_s);
    QCOMPARE(rec.route, u"coder"_s);
    QCOMPARE(rec.status, 200);
    QCOMPARE(rec.provider, u"fb"_s);
    QCOMPARE(rec.attempts.size(), 2);
    QCOMPARE(rec.attempts.at(0).outcome, u"500"_s);
    QVERIFY(rec.latencyMs >= 0);
    QCOMPARE(rec.bytesIn, qint64(chatBody("coder").size()));
    QVERIFY(rec.bytesOut > 0);
    QVERIFY(!rec.summary().contains(u"hi"_s)); // no prompt text in the record

    // A client that goes away is logged as 499.
    m_a->fault = FakeOpenAi::Fault::Hang;
    {
        TestClient client(m_port);
        QVERIFY(client.connectToServer());
        const QByteArray body = chatBody("fa/gpt-4o-mini");
        client.sendRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                       + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        spin(200);
        client.socket().abort();
    }
    QTRY_COMPARE(records.size(), 2);
    QCOMPARE(records.at(1).status, 499);
}

QTEST_GUILESS_MAIN(TestProxyOpenAi)
#include "tst_proxy_openai.moc"
