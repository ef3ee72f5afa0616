#include "FakeAnthropic.h"
#include "FakeOpenAi.h"
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

struct SseEventRecord
{
    QByteArray name;
    QJsonObject data;
    QByteArray rawData;
};

QList<SseEventRecord> parseSse(const QByteArray &body)
{
    QList<SseEventRecord> events;
    QByteArray name;
    for (const QByteArray &line : body.split('\n')) {
        if (line.startsWith("event: "))
            name = line.mid(7);
        else if (line.startsWith("data: ")) {
            events.append({ name, QJsonDocument::fromJson(line.mid(6)).object(), line.mid(6) });
            name.clear();
        }
    }
    return events;
}

const QByteArray kClaudeRequest
    = R"({"model":"%MODEL%","max_tokens":1024,"system":[{"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":[{"type":"text","text":"What is the weather in Oslo?"}]}]%EXTRA%})";

QByteArray claude(const QByteArray &model, const QByteArray &extra = {})
{
    return QByteArray(kClaudeRequest).replace("%MODEL%", model).replace("%EXTRA%", extra);
}

const QByteArray kTools
    = R"(,"tools":[{"name":"get_weather","description":"Weather for a city","input_schema":{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}])";
} // namespace

// Any inbound API to any upstream kind: Anthropic Messages in and out, translated both ways.
class TestProtocols final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void anthropicPassthrough();
    void anthropicPassthroughStream();
    void anthropicToOpenAiUpstream();
    void anthropicToOpenAiStream();
    void anthropicToolUseViaOpenAi();
    void openAiToAnthropicUpstream();
    void openAiToAnthropicStream();
    void errorsInTheClientsFormat();
    void countTokensIsLocal();
    void modelsInAnthropicShape();
    void responsesClientToAnthropic();
    void cacheControlReachesAnthropic();

private:
    TestResponse post(const QByteArray &path, const QByteArray &body,
                      const QList<std::pair<QByteArray, QByteArray>> &headers = {});

    std::unique_ptr<FakeAnthropic> m_claude;
    std::unique_ptr<FakeOpenAi> m_openai;
    std::unique_ptr<core::GatewayHost> m_host;
    quint16 m_port = 0;
};

void TestProtocols::initTestCase()
{
    qputenv("FAKE_ANTHROPIC_KEY", "sk-ant-fake-upstream");
    m_claude = std::make_unique<FakeAnthropic>();
    m_openai = std::make_unique<FakeOpenAi>();
    m_claude->start();
    m_openai->start();
    const QByteArray config = R"({"gateway": {"port": 0, "health_check": {"interval_ms": 0}},
      "providers": [
        {"name": "anthropic", "kind": "anthropic", "base_url": ")"
        + m_claude->baseUrl() + R"(/v1",
         "api_key": {"env": "FAKE_ANTHROPIC_KEY"}, "models": ["claude-sonnet-4-5"]},
        {"name": "oai", "kind": "openai", "base_url": ")"
        + m_openai->baseUrl() + R"(/v1", "models": ["gpt-4o-mini"]}
      ],
      "routes": [ {"model": "claude-via-openai", "targets": ["oai/gpt-4o-mini"]} ]})";
    auto parsed = config::ConfigLoader::parse(config);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    m_host = std::make_unique<core::GatewayHost>();
    auto port = m_host->start(*parsed);
    QVERIFY(port.ok());
    m_port = *port;
}

void TestProtocols::cleanupTestCase()
{
    m_host.reset();
}

TestResponse TestProtocols::post(const QByteArray &path, const QByteArray &body,
                                 const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    return TestClient::request(m_port, "POST", path, body, headers);
}

void TestProtocols::anthropicPassthrough()
{
    const auto r = post("/v1/messages?beta=true", claude("anthropic/claude-sonnet-4-5"),
                        { { "x-api-key", "sk-client-should-not-leak" },
                          { "anthropic-version", "2023-06-01" },
                          { "anthropic-beta", "prompt-caching-2024-07-31" } });
    QCOMPARE(r.status, 200);
    const QJsonObject body = jsonOf(r.body);
    QCOMPARE(body.value(u"type"_s).toString(), u"message"_s);
    QCOMPARE(body[u"content"_s][0][u"text"_s].toString(), QString::fromUtf8(m_claude->content));
    const FakeRequest &up = m_claude->requests().last();
    QCOMPARE(up.path, QByteArray("/v1/messages"));
    QCOMPARE(up.header("x-api-key"), QByteArray("sk-ant-fake-upstream"));
    QCOMPARE(up.header("anthropic-version"), QByteArray("2023-06-01"));
    QCOMPARE(up.header("anthropic-beta"), QByteArray("prompt-caching-2024-07-31"));
    QVERIFY(!up.raw.contains("sk-client-should-not-leak"));
    QCOMPARE(up.body, claude("claude-sonnet-4-5")); // byte for byte but the model
}

void TestProtocols::anthropicPassthroughStream()
{
    const auto r = post("/v1/messages", claude("anthropic/claude-sonnet-4-5", R"(,"stream":true)"));
    QCOMPARE(r.status, 200);
    const auto events = parseSse(r.body);
    QVERIFY(events.size() >= 5);
    QCOMPARE(events.first().name, QByteArray("message_start"));
    QCOMPARE(events.last().name, QByteArray("message_stop"));
}

void TestProtocols::anthropicToOpenAiUpstream()
{
    const auto r
        = post("/v1/messages", claude("claude-via-openai"), { { "x-api-key", "anything" } });
    QCOMPARE(r.status, 200);
    const QJsonObject body = jsonOf(r.body);
    QCOMPARE(body.value(u"type"_s).toString(), u"message"_s);
    QCOMPARE(body.value(u"role"_s).toString(), u"assistant"_s);
    QCOMPARE(body.value(u"model"_s).toString(), u"claude-via-openai"_s);
    QCOMPARE(body[u"content"_s][0][u"type"_s].toString(), u"text"_s);
    QCOMPARE(body[u"content"_s][0][u"text"_s].toString(), QString::fromUtf8(m_openai->content));
    QCOMPARE(body.value(u"stop_reason"_s).toString(), u"end_turn"_s);
    QVERIFY(body[u"usage"_s][u"input_tokens"_s].isDouble());
    // What the OpenAI upstream received: a proper chat request.
    const QJsonObject up = jsonOf(m_openai->requests().last().body);
    QCOMPARE(up.value(u"model"_s).toString(), u"gpt-4o-mini"_s);
    QCOMPARE(up[u"messages"_s][0][u"role"_s].toString(), u"system"_s);
    QCOMPARE(up[u"max_tokens"_s].toInt(), 1024);
}

void TestProtocols::anthropicToOpenAiStream()
{
    const auto r = post("/v1/messages", claude("claude-via-openai", R"(,"stream":true)"));
    QCOMPARE(r.status, 200);
    const auto events = parseSse(r.body);
    QStringList names;
    QString text;
    for (const auto &e : events) {
        names.append(QString::fromLatin1(e.name));
        QCOMPARE(e.data.value(u"type"_s).toString(), QString::fromLatin1(e.name));
        if (e.name == "content_block_delta")
            text += e.data[u"delta"_s][u"text"_s].toString();
    }
    QCOMPARE(names.first(), u"message_start"_s);
    QVERIFY(names.contains(u"content_block_start"_s));
    QCOMPARE(names.at(names.size() - 3), u"content_block_stop"_s);
    QCOMPARE(names.at(names.size() - 2), u"message_delta"_s);
    QCOMPARE(names.last(), u"message_stop"_s);
    QCOMPARE(text.trimmed(), QString::fromUtf8(m_openai->content));
    QCOMPARE(events.first().data[u"message"_s][u"model"_s].toString(), u"claude-via-openai"_s);
}

void TestProtocols::anthropicToolUseViaOpenAi()
{
    auto r = post("/v1/messages", claude("claude-via-openai", kTools + R"(,"stream":true)"));
    QCOMPARE(r.status, 200);
    QString toolId, toolName, json;
    for (const auto &e : parseSse(r.body)) {
        if (e.name == "content_block_start"
            && e.data[u"content_block"_s][u"type"_s].toString() == u"tool_use"_s) {
            toolId = e.data[u"content_block"_s][u"id"_s].toString();
            toolName = e.data[u"content_block"_s][u"name"_s].toString();
        }
        if (e.name == "content_block_delta"
            && e.data[u"delta"_s][u"type"_s].toString() == u"input_json_delta"_s)
            json += e.data[u"delta"_s][u"partial_json"_s].toString();
        if (e.name == "message_delta")
            QCOMPARE(e.data[u"delta"_s][u"stop_reason"_s].toString(), u"tool_use"_s);
    }
    QCOMPARE(toolName, u"get_weather"_s);
    QCOMPARE(toolId, u"call_fake1"_s); // ids stay intact across the translation
    QCOMPARE(jsonOf(json.toUtf8()).value(u"city"_s).toString(), u"Oslo"_s);
    // The upstream saw OpenAI tools, without $schema.
    const QByteArray up = m_openai->requests().last().body;
    QVERIFY(!up.contains("$schema"));
    QCOMPARE(jsonOf(up)[u"tools"_s][0][u"function"_s][u"name"_s].toString(), u"get_weather"_s);

    // Second turn: the tool result goes back with the same id, paired in order.
    const QByteArray turn2 = R"({"model":"claude-via-openai","max_tokens":512,"messages":[
      {"role":"user","content":"Weather in Oslo?"},
      {"role":"assistant","content":[{"type":"tool_use","id":"call_fake1","name":"get_weather","input":{"city":"Oslo"}}]},
      {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_fake1","content":"12 C, rain"}]}])"
        + kTools + "}";
    r = post("/v1/messages", turn2);
    QCOMPARE(r.status, 200);
    const QJsonArray messages = jsonOf(m_openai->requests().last().body)[u"messages"_s].toArray();
    QCOMPARE(messages.at(1)[u"tool_calls"_s][0][u"id"_s].toString(), u"call_fake1"_s);
    QCOMPARE(messages.at(2)[u"role"_s].toString(), u"tool"_s);
    QCOMPARE(messages.at(2)[u"tool_call_id"_s].toString(), u"call_fake1"_s);
}

void TestProtocols::openAiToAnthropicUpstream()
{
    const QByteArray body
        = R"({"model":"anthropic/claude-sonnet-4-5","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"max_tokens":100})";
    const auto r = post("/v1/chat/completions", body);
    QCOMPARE(r.status, 200);
    const QJsonObject response = jsonOf(r.body);
    QCOMPARE(response.value(u"object"_s).toString(), u"chat.completion"_s);
    QCOMPARE(response[u"choices"_s][0][u"message"_s][u"content"_s].toString(),
             QString::fromUtf8(m_claude->content));
    QCOMPARE(response[u"choices"_s][0][u"finish_reason"_s].toString(), u"stop"_s);
    // Anthropic's input_tokens exclude cached ones; OpenAI's prompt_tokens include them.
    QCOMPARE(response[u"usage"_s][u"prompt_tokens"_s].toInt(), 121);
    QCOMPARE(response[u"usage"_s][u"prompt_tokens_details"_s][u"cached_tokens"_s].toInt(), 100);
    const FakeRequest &up = m_claude->requests().last();
    QCOMPARE(up.header("x-api-key"), QByteArray("sk-ant-fake-upstream"));
    QCOMPARE(up.header("anthropic-version"), QByteArray("2023-06-01"));
    const QJsonObject upBody = jsonOf(up.body);
    QCOMPARE(upBody.value(u"model"_s).toString(), u"claude-sonnet-4-5"_s);
    QVERIFY(upBody.value(u"system"_s).toVariant().toString().contains(u"Be brief."_s)
            || QJsonDocument(upBody.value(u"system"_s).toArray()).toJson().contains("Be brief."));
    QCOMPARE(upBody[u"messages"_s][0][u"role"_s].toString(), u"user"_s);
}

void TestProtocols::openAiToAnthropicStream()
{
    const QByteArray body
        = R"({"model":"anthropic/claude-sonnet-4-5","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]})";
    const auto r = post("/v1/chat/completions", body);
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.contains("data: [DONE]"));
    QString text;
    bool sawUsage = false;
    for (const auto &e : parseSse(r.body)) {
        if (e.rawData == "[DONE]")
            continue;
        QCOMPARE(e.data.value(u"object"_s).toString(), u"chat.completion.chunk"_s);
        text += e.data[u"choices"_s][0][u"delta"_s][u"content"_s].toString();
        if (e.data.value(u"usage"_s).isObject())
            sawUsage = true;
    }
    QCOMPARE(text.trimmed(), QString::fromUtf8(m_claude->content));
    QVERIFY(sawUsage);
}

void TestProtocols::errorsInTheClientsFormat()
{
    // The gateway's own error on /v1/messages: Anthropic's shape.
    auto r = post("/v1/messages", claude("no-such-model"));
    QCOMPARE(r.status, 404);
    QCOMPARE(jsonOf(r.body).value(u"type"_s).toString(), u"error"_s);
    QCOMPARE(jsonOf(r.body)[u"error"_s][u"type"_s].toString(), u"not_found_error"_s);
    r = post("/v1/messages", R"({"model":"anthropic/claude-sonnet-4-5","messages":[]})");
    QCOMPARE(r.status, 400);
    QCOMPARE(jsonOf(r.body)[u"error"_s][u"type"_s].toString(), u"invalid_request_error"_s);

    // An upstream's error translated: OpenAI 400 -> Anthropic shape, Anthropic 400 -> OpenAI shape.
    m_openai->fault = FakeOpenAi::Fault::Status;
    m_openai->faultStatus = 400;
    r = post("/v1/messages", claude("claude-via-openai"));
    m_openai->fault = FakeOpenAi::Fault::None;
    QCOMPARE(r.status, 400);
    QCOMPARE(jsonOf(r.body)[u"error"_s][u"message"_s].toString(), u"fake upstream error 400"_s);
    QCOMPARE(jsonOf(r.body).value(u"type"_s).toString(), u"error"_s);

    m_claude->fault = FakeAnthropic::Fault::Status;
    m_claude->faultStatus = 400;
    r = post(
        "/v1/chat/completions",
        R"({"model":"anthropic/claude-sonnet-4-5","messages":[{"role":"user","content":"x"}]})");
    m_claude->fault = FakeAnthropic::Fault::None;
    QCOMPARE(r.status, 400);
    QCOMPARE(jsonOf(r.body)[u"error"_s][u"message"_s].toString(), u"fake anthropic error 400"_s);
}

void TestProtocols::countTokensIsLocal()
{
    const int before = int(m_claude->requests().size());
    const auto r = post("/v1/messages/count_tokens", claude("anthropic/claude-sonnet-4-5"));
    QCOMPARE(r.status, 200);
    const int tokens = jsonOf(r.body).value(u"input_tokens"_s).toInt();
    QVERIFY2(tokens > 5 && tokens < 60, qPrintable(QString::number(tokens)));
    QCOMPARE(int(m_claude->requests().size()), before);
}

void TestProtocols::modelsInAnthropicShape()
{
    const auto r
        = TestClient::request(m_port, "GET", "/v1/models?limit=1000", {},
                              { { "anthropic-version", "2023-06-01" }, { "x-api-key", "x" } });
    QCOMPARE(r.status, 200);
    const QJsonObject body = jsonOf(r.body);
    QVERIFY(body.contains(u"has_more"_s));
    QCOMPARE(body[u"data"_s][0][u"type"_s].toString(), u"model"_s);
    QVERIFY(body[u"data"_s][0][u"created_at"_s].toString().endsWith(u'Z'));
    const auto openai = TestClient::request(m_port, "GET", "/v1/models");
    QCOMPARE(jsonOf(openai.body).value(u"object"_s).toString(), u"list"_s);
}

void TestProtocols::responsesClientToAnthropic()
{
    // Codex (Responses) through to Claude, non-stream and stream.
    auto r = post(
        "/v1/responses",
        R"({"model":"anthropic/claude-sonnet-4-5","instructions":"Be brief.","input":"Hi","store":false})");
    QCOMPARE(r.status, 200);
    const QJsonObject response = jsonOf(r.body);
    QCOMPARE(response.value(u"object"_s).toString(), u"response"_s);
    QCOMPARE(response.value(u"status"_s).toString(), u"completed"_s);
    QCOMPARE(response[u"output"_s][0][u"content"_s][0][u"text"_s].toString(),
             QString::fromUtf8(m_claude->content));
    QCOMPARE(response[u"usage"_s][u"input_tokens_details"_s][u"cached_tokens"_s].toInt(), 100);
    QCOMPARE(jsonOf(m_claude->requests().last().body)[u"messages"_s][0][u"role"_s].toString(),
             u"user"_s);

    r = post("/v1/responses",
             R"({"model":"anthropic/claude-sonnet-4-5","input":"Hi","stream":true})");
    QCOMPARE(r.status, 200);
    const auto events = parseSse(r.body);
    QCOMPARE(events.first().name, QByteArray("response.created"));
    QCOMPARE(events.last().name, QByteArray("response.completed"));
    int sequence = -1;
    for (const auto &e : events) {
        QCOMPARE(e.data.value(u"sequence_number"_s).toInt(), sequence + 1);
        sequence = e.data.value(u"sequence_number"_s).toInt();
    }

    r = post(
        "/v1/responses",
        R"({"model":"anthropic/claude-sonnet-4-5","input":"Hi","previous_response_id":"resp_123"})");
    QCOMPARE(r.status, 400);
    QCOMPARE(jsonOf(r.body)[u"error"_s][u"param"_s].toString(), u"previous_response_id"_s);
}

void TestProtocols::cacheControlReachesAnthropic()
{
    // Roo puts Anthropic prompt-caching marks on OpenAI content parts; they must survive.
    const QByteArray body
        = R"({"model":"anthropic/claude-sonnet-4-5","messages":[{"role":"system","content":[{"type":"text","text":"Long system prompt","cache_control":{"type":"ephemeral"}}]},{"role":"user","content":[{"type":"text","text":"Hi","cache_control":{"type":"ephemeral"}}]}]})";
    const auto r = post("/v1/chat/completions", body);
    QCOMPARE(r.status, 200);
    const QJsonObject up = jsonOf(m_claude->requests().last().body);
    QCOMPARE(up[u"system"_s][0][u"cache_control"_s][u"type"_s].toString(), u"ephemeral"_s);
    QCOMPARE(up[u"messages"_s][0][u"content"_s][0][u"cache_control"_s][u"type"_s].toString(),
             u"ephemeral"_s);
}

QTEST_GUILESS_MAIN(TestProtocols)
#include "tst_protocols.moc"
