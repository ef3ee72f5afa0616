#include "FakeOllama.h"
#include "TestClient.h"
#include "config/ConfigLoader.h"
#include "core/GatewayHost.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::fakes;

namespace {
QJsonObject jsonOf(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}
} // namespace

// Ollama through the gateway: native /api/chat with num_ctx, NDJSON streams translated for
// OpenAI and Anthropic clients, discovery from /api/tags, load and unload.
class TestOllamaGateway final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void openAiClientNonStream();
    void openAiClientStream();
    void anthropicClientStream();
    void discoveredModelsAreListed();
    void loadAndUnload();
    void loadRefusedForCloudProviders();
    void imageUrlsAreRefusedKeepAlivePasses();
    void responsesClientToOllama();
    void loadedModelsAndVram();
    void modelsCarryContextAndCapabilities();

private:
    QJsonObject lastChat() const;

    std::unique_ptr<FakeOllama> m_ollama;
    std::unique_ptr<core::GatewayHost> m_host;
    quint16 m_port = 0;
};

void TestOllamaGateway::initTestCase()
{
    m_ollama = std::make_unique<FakeOllama>();
    m_ollama->start();
    const QByteArray config = R"({"gateway": {"port": 0, "health_check": {"interval_ms": 200}},
      "providers": [
        {"name": "local", "kind": "ollama", "base_url": ")"
        + m_ollama->baseUrl() + R"(", "models": ["llama3.2:3b"],
         "model_info": {"llama3.2:3b": {"context_length": 32768, "capabilities": ["tools", "vision"]}}},
        {"name": "found", "kind": "ollama", "base_url": ")"
        + m_ollama->baseUrl() + R"(", "models": "discover"},
        {"name": "cloud", "kind": "openai", "base_url": "http://127.0.0.1:9/v1", "models": ["gpt-4o-mini"]}
      ]})";
    auto parsed = config::ConfigLoader::parse(config);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    m_host = std::make_unique<core::GatewayHost>();
    auto port = m_host->start(*parsed);
    QVERIFY(port.ok());
    m_port = *port;
}

void TestOllamaGateway::cleanupTestCase()
{
    m_host.reset();
}

QJsonObject TestOllamaGateway::lastChat() const
{
    for (qsizetype i = m_ollama->requests().size() - 1; i >= 0; --i) {
        if (m_ollama->requests().at(i).path == "/api/chat")
            return jsonOf(m_ollama->requests().at(i).body);
    }
    return {};
}

void TestOllamaGateway::openAiClientNonStream()
{
    const auto r = TestClient::request(
        m_port, "POST", "/v1/chat/completions",
        R"({"model":"local/llama3.2:3b","messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(r.status, 200);
    const QJsonObject body = jsonOf(r.body);
    QCOMPARE(body.value(u"object"_s).toString(), u"chat.completion"_s);
    QCOMPARE(body[u"choices"_s][0][u"message"_s][u"content"_s].toString(),
             QString::fromUtf8(m_ollama->content));
    QCOMPARE(body[u"usage"_s][u"prompt_tokens"_s].toInt(), m_ollama->promptEvalCount);
    const QJsonObject up = lastChat();
    QCOMPARE(up.value(u"model"_s).toString(), u"llama3.2:3b"_s);
    QCOMPARE(up.value(u"stream"_s).toBool(true),
             false); // set explicitly: Ollama streams by default
    // The configured context window: the prompt is never silently cut to Ollama's small default.
    QCOMPARE(up[u"options"_s][u"num_ctx"_s].toInt(), 32768);
}

void TestOllamaGateway::openAiClientStream()
{
    const auto r = TestClient::request(
        m_port, "POST", "/v1/chat/completions",
        R"({"model":"local/llama3.2:3b","stream":true,"messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("content-type").startsWith("text/event-stream"));
    QVERIFY(r.body.contains("data: [DONE]"));
    QString text;
    for (const QByteArray &line : r.body.split('\n')) {
        if (line.startsWith("data: {"))
            text += jsonOf(line.mid(6))[u"choices"_s][0][u"delta"_s][u"content"_s].toString();
    }
    QCOMPARE(text.trimmed(), QString::fromUtf8(m_ollama->content).trimmed());
    QCOMPARE(lastChat().value(u"stream"_s).toBool(false), true);
}

void TestOllamaGateway::anthropicClientStream()
{
    const auto r = TestClient::request(
        m_port, "POST", "/v1/messages",
        R"({"model":"local/llama3.2:3b","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"hi"}]})",
        { { "anthropic-version", "2023-06-01" } });
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.startsWith("event: message_start"));
    QVERIFY(r.body.contains("event: content_block_delta"));
    QVERIFY(r.body.trimmed().endsWith("\"type\":\"message_stop\"}"));
}

void TestOllamaGateway::discoveredModelsAreListed()
{
    const QByteArray listed = QByteArray("\"found/" + m_ollama->modelName.toUtf8() + "\"");
    QTRY_VERIFY_WITH_TIMEOUT(TestClient::request(m_port, "GET", "/v1/models").body.contains(listed),
                             3000);
    const auto r
        = TestClient::request(m_port, "POST", "/v1/chat/completions",
                              "{\"model\":\"found/" + m_ollama->modelName.toUtf8()
                                  + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    QCOMPARE(r.status, 200);
}

void TestOllamaGateway::loadAndUnload()
{
    auto r = TestClient::request(m_port, "POST", "/v1/models/local/llama3.2:3b/load", "{}");
    QCOMPARE(r.status, 200);
    QCOMPARE(jsonOf(r.body).value(u"status"_s).toString(), u"loaded"_s);
    QCOMPARE(m_ollama->requests().last().path, QByteArray("/api/generate"));
    QVERIFY(jsonOf(m_ollama->requests().last().body).value(u"keep_alive"_s).isString());
    r = TestClient::request(m_port, "POST", "/v1/models/local/llama3.2:3b/unload", "{}");
    QCOMPARE(r.status, 200);
    QCOMPARE(jsonOf(m_ollama->requests().last().body).value(u"keep_alive"_s).toInt(-1), 0);
}

void TestOllamaGateway::loadRefusedForCloudProviders()
{
    const auto r = TestClient::request(m_port, "POST", "/v1/models/cloud/gpt-4o-mini/load", "{}");
    QCOMPARE(r.status, 400);
    QVERIFY(
        jsonOf(r.body)[u"error"_s][u"message"_s].toString().contains(u"cannot load or unload"_s));
}

void TestOllamaGateway::imageUrlsAreRefusedKeepAlivePasses()
{
    const int before = m_ollama->chatRequests();
    auto r = TestClient::request(
        m_port, "POST", "/v1/chat/completions",
        R"({"model":"local/llama3.2:3b","messages":[{"role":"user","content":[{"type":"text","text":"what is this"},{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]})");
    QCOMPARE(r.status, 400);
    QVERIFY2(
        jsonOf(r.body)[u"error"_s][u"message"_s].toString().contains(u"cannot fetch image URLs"_s),
        r.body.constData());
    QCOMPARE(m_ollama->chatRequests(), before); // nothing was sent

    r = TestClient::request(
        m_port, "POST", "/v1/chat/completions",
        R"({"model":"local/llama3.2:3b","keep_alive":"10m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]})");
    QCOMPARE(r.status, 200);
    QCOMPARE(lastChat().value(u"keep_alive"_s).toString(), u"10m"_s);
    QCOMPARE(lastChat()[u"messages"_s][0][u"images"_s][0].toString(), u"iVBORw0KGgo="_s);
}

void TestOllamaGateway::responsesClientToOllama()
{
    const auto r = TestClient::request(
        m_port, "POST", "/v1/responses",
        R"({"model":"local/llama3.2:3b","input":"hi","stream":true,"store":false})");
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.startsWith("event: response.created"));
    QVERIFY(r.body.contains("event: response.output_text.delta"));
    QVERIFY(r.body.contains("event: response.completed"));
}

void TestOllamaGateway::loadedModelsAndVram()
{
    const auto r = TestClient::request(m_port, "GET", "/v1/switchyard/providers/local/loaded");
    QCOMPARE(r.status, 200);
    const QJsonArray models = jsonOf(r.body).value(u"models"_s).toArray();
    QVERIFY(!models.isEmpty());
    QCOMPARE(models.at(0)[u"vram_bytes"_s].toInteger(), m_ollama->sizeVram);
    QVERIFY(models.at(0)[u"id"_s].toString().startsWith(u"local/"_s));
    QVERIFY(models.at(0)[u"cpu_spill"_s].isBool());
    QCOMPARE(TestClient::request(m_port, "GET", "/v1/switchyard/providers/cloud/loaded").status,
             400);
    QCOMPARE(TestClient::request(m_port, "GET", "/v1/switchyard/providers/nope/loaded").status,
             404);

    // An answer larger than any real /api/ps is cut off, not buffered: 502, and the next
    // request works again.
    m_ollama->psPaddingBytes = 20 * 1024 * 1024;
    const auto huge = TestClient::request(m_port, "GET", "/v1/switchyard/providers/local/loaded");
    m_ollama->psPaddingBytes = 0;
    QCOMPARE(huge.status, 502);
    QVERIFY2(huge.body.contains("answered more than 8 MiB"), huge.body.constData());
    QCOMPARE(TestClient::request(m_port, "GET", "/v1/switchyard/providers/local/loaded").status,
             200);
}

void TestOllamaGateway::modelsCarryContextAndCapabilities()
{
    const auto r = TestClient::request(m_port, "GET", "/v1/models/local/llama3.2:3b");
    QCOMPARE(r.status, 200);
    const QJsonObject model = jsonOf(r.body);
    QCOMPARE(model.value(u"context_length"_s).toInteger(), 32768);
    QCOMPARE(model.value(u"capabilities"_s).toArray(), (QJsonArray { u"tools"_s, u"vision"_s }));
    QCOMPARE(model.value(u"local"_s).toBool(), true);
}

QTEST_GUILESS_MAIN(TestOllamaGateway)
#include "tst_ollama_gateway.moc"
