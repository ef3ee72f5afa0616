#include "CodecTestSupport.h"
#include "FakeOllama.h"
#include "TestClient.h"
#include "api/canonical/OllamaCodec.h"
#include "api/canonical/OllamaRequestEncoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::api;
using namespace switchyard::api::canonical;
using namespace switchyard::tests;
using switchyard::fakes::FakeOllama;
using switchyard::fakes::TestClient;
using switchyard::fakes::TestResponse;

// Golden translation tests for the Ollama native chat codec, plus a check of FakeOllama.
// Declared before the raw-string constants: Qt 6.4's moc misreads some raw strings.
class TestOllamaCodec final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodeRequestGolden();
    void contextSize_data();
    void contextSize();
    void encodeFlags_data();
    void encodeFlags();
    void decodeResponse_data();
    void decodeResponse();
    void streamDecode();
    void streamDecodeFailures_data();
    void streamDecodeFailures();
    void streamEncodeRoundTrip();
    void responseEncode();
    void requestDecode();
    void decodeError_data();
    void decodeError();
    void encodeError();
    void fakeAnswersNdjson();
    void fakeEndpoints();

private:
    OllamaCodec m_codec;
};

namespace {

// URLs are written "http:\/\/…" (valid JSON): moc reads // inside a raw string as a comment.
const char *const kWeatherSchema = R"({"$schema": "http:\/\/json-schema.org/draft-07/schema#",
  "type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
  "required": ["city"]})";

// What conversation() must become on the wire.
const char *const kExpectedRequest = R"({
  "model": "qwen3:8b",
  "stream": true,
  "keep_alive": "10m",
  "messages": [
    {"role": "system", "content": "You are a weather bot.\n\nAnswer briefly."},
    {"role": "user", "content": "Where is this? What is the weather?", "images": ["iVBORw0KGgo="]},
    {"role": "assistant", "content": "Let me check.",
     "tool_calls": [{"function": {"name": "get_weather", "arguments": {"city": "Oslo", "days": 2}}}]},
    {"role": "tool", "content": "12 C, cloudy", "tool_name": "get_weather"},
    {"role": "user", "content": "And tomorrow?"}
  ],
  "tools": [{"type": "function", "function": {"name": "get_weather",
    "description": "Current weather for a city",
    "parameters": {"type": "object", "required": ["city"],
      "properties": {"city": {"type": "string"}, "days": {"type": "integer"}}}}}],
  "options": {"num_ctx": 4096, "num_predict": 512, "temperature": 0.2, "top_p": 0.9,
              "top_k": 40, "stop": ["END"]}
})";

// A thinking model answering with reasoning, text and two tool calls, as Ollama streams it.
const char *const kStream
    = R"({"model":"qwen3:8b","created_at":"2025-01-15T10:20:30.1Z","message":{"role":"assistant","content":"","thinking":"The user"},"done":false}
{"model":"qwen3:8b","created_at":"2025-01-15T10:20:30.2Z","message":{"role":"assistant","content":"","thinking":" asks."},"done":false}
{"model":"qwen3:8b","created_at":"2025-01-15T10:20:30.3Z","message":{"role":"assistant","content":"Checking"},"done":false}
{"model":"qwen3:8b","created_at":"2025-01-15T10:20:30.4Z","message":{"role":"assistant","content":" now."},"done":false}
{"model":"qwen3:8b","created_at":"2025-01-15T10:20:30.5Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Oslo"}}},{"function":{"name":"get_time","arguments":{}}}]},"done":false}
{"model":"qwen3:8b","created_at":"2025-01-15T10:20:31.0Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":42,"prompt_eval_duration":342546000,"eval_count":17,"eval_duration":4535599000}
)";

ContentBlock block(ContentBlock::Kind kind)
{
    ContentBlock out;
    out.kind = kind;
    return out;
}

QString usageText(const Usage &u)
{
    if (!u.known)
        return u"-"_s;
    return QString::number(u.inputTokens) % u'/' % QString::number(u.outputTokens);
}

/// describeEvent() with the usage of the message delta.
QString describe(const StreamEvent &e)
{
    if (e.kind == StreamEvent::Kind::MessageDelta)
        return describeEvent(e) % u' ' % usageText(e.usage);
    return describeEvent(e);
}

QString describe(const ContentBlock &b)
{
    switch (b.kind) {
    case ContentBlock::Kind::Text:
        return u"text:"_s % b.text;
    case ContentBlock::Kind::Thinking:
        return u"thinking:"_s % b.text;
    case ContentBlock::Kind::ToolUse:
        return u"tool:"_s % b.toolId % u' ' % b.toolName % u' ' % b.toolArguments;
    default:
        return u"other"_s;
    }
}

/// Feeds NDJSON \a lines one line per decode() call, as the proxy does.
QStringList decodeLines(StreamDecoder *decoder, const QByteArray &ndjson, bool finish = true)
{
    return describeEach(decodeEvents(*decoder, ndjsonChunks(ndjson), finish), describe);
}

Request conversation()
{
    Request request;
    request.model = u"qwen3:8b"_s;
    request.system = { textBlock(u"You are a weather bot."_s), textBlock(u"Answer briefly."_s) };
    ContentBlock png = block(ContentBlock::Kind::Image);
    png.imageData = "iVBORw0KGgo=";
    png.mediaType = u"image/png"_s;
    ContentBlock remote = block(ContentBlock::Kind::Image);
    remote.imageUrl = u"https://example.com/a.png"_s;
    ContentBlock thinking = block(ContentBlock::Kind::Thinking);
    thinking.text = u"The user wants the weather."_s;
    thinking.signature = u"sig"_s;
    ContentBlock call = block(ContentBlock::Kind::ToolUse);
    call.toolId = u"toolu_01"_s;
    call.toolName = u"get_weather"_s;
    call.toolArguments = uR"({"city":"Oslo","days":2})"_s;
    ContentBlock result = block(ContentBlock::Kind::ToolResult);
    result.toolId = u"toolu_01"_s;
    result.toolResult = { textBlock(u"12 C, cloudy"_s) };
    request.messages = {
        message(Role::User, { textBlock(u"Where is this? What is the weather?"_s), png, remote }),
        message(Role::Assistant, { thinking, textBlock(u"Let me check."_s), call }),
        message(Role::User, { result, textBlock(u"And tomorrow?"_s) }),
    };
    Tool tool;
    tool.name = u"get_weather"_s;
    tool.description = u"Current weather for a city"_s;
    tool.parameters = json(kWeatherSchema);
    request.tools = { tool };
    request.maxTokens = 512;
    request.temperature = 0.2;
    request.topP = 0.9;
    request.topK = 40;
    request.stop = { u"END"_s };
    request.stream = true;
    request.keepAlive = u"10m"_s;
    return request;
}

} // namespace

void TestOllamaCodec::encodeRequestGolden()
{
    QCOMPARE(text(m_codec.encodeRequest(conversation())), text(json(kExpectedRequest)));
}

void TestOllamaCodec::contextSize_data()
{
    QTest::addColumn<int>("promptChars");
    QTest::addColumn<int>("maxTokens"); // 0: not given
    QTest::addColumn<int>("contextLength"); // 0: unknown
    QTest::addColumn<int>("expected");
    // prompt tokens = (characters + 16 per message) / 3, rounded up
    QTest::newRow("short prompt: the 4096 floor") << 2 << 0 << 0 << 4096;
    // (10006 + 2000) * 1.1 = 13207 → 13312
    QTest::newRow("long prompt: rounded up") << 30000 << 2000 << 0 << 13312;
    QTest::newRow("known window") << 2 << 0 << 32768 << 32768;
    QTest::newRow("known window, rounded") << 2 << 0 << 30000 << 30720;
    QTest::newRow("prompt larger than the known window") << 30000 << 2000 << 8192 << 13312;
    // (6 + 8000) * 1.1 = 8807 → 9216
    QTest::newRow("large max_tokens") << 2 << 8000 << 0 << 9216;
}

void TestOllamaCodec::contextSize()
{
    QFETCH(int, promptChars);
    QFETCH(int, maxTokens);
    QFETCH(int, contextLength);
    QFETCH(int, expected);
    Request request;
    request.model = u"llama3.2"_s;
    request.messages = { message(Role::User, { textBlock(QString(promptChars, u'a')) }) };
    if (maxTokens > 0)
        request.maxTokens = maxTokens;
    if (contextLength > 0)
        request.contextLength = contextLength;
    QCOMPARE(OllamaRequestEncoder::contextSize(request), expected);
    const QJsonObject body = m_codec.encodeRequest(request);
    QCOMPARE(body.value(u"options"_s).toObject().value(u"num_ctx"_s).toInt(), expected);
}

void TestOllamaCodec::encodeFlags_data()
{
    QTest::addColumn<bool>("stream");
    QTest::addColumn<bool>("reasoning");
    QTest::addColumn<QString>("keepAlive");
    QTest::addColumn<QByteArray>("responseFormat");
    QTest::addColumn<QByteArray>("expected"); // the body without model, messages, options
    QTest::newRow("stream false is explicit")
        << false << false << QString() << QByteArray() << QByteArray(R"({"stream":false})");
    QTest::newRow("think") << true << true << QString() << QByteArray()
                           << QByteArray(R"({"stream":true,"think":true})");
    QTest::newRow("keep_alive") << false << false << u"-1"_s << QByteArray()
                                << QByteArray(R"({"keep_alive":"-1","stream":false})");
    QTest::newRow("json object") << false << false << QString()
                                 << QByteArray(R"({"type":"json_object"})")
                                 << QByteArray(R"({"format":"json","stream":false})");
    QTest::newRow("json schema") << false << false << QString()
                                 << QByteArray(R"({"type":"json_schema","json_schema":{"name":"x",
              "schema":{"$schema":"x","type":"object"}}})")
                                 << QByteArray(R"({"format":{"type":"object"},"stream":false})");
}

void TestOllamaCodec::encodeFlags()
{
    QFETCH(bool, stream);
    QFETCH(bool, reasoning);
    QFETCH(QString, keepAlive);
    QFETCH(QByteArray, responseFormat);
    QFETCH(QByteArray, expected);
    Request request;
    request.model = u"qwen3"_s;
    request.messages = { message(Role::User, { textBlock(u"Hi"_s) }) };
    request.stream = stream;
    if (reasoning) {
        Reasoning effort;
        effort.effort = u"high"_s;
        request.reasoning = effort;
    }
    request.keepAlive = keepAlive;
    if (!responseFormat.isEmpty())
        request.responseFormat = json(responseFormat);
    QJsonObject body = m_codec.encodeRequest(request);
    for (const QString &key : { u"model"_s, u"messages"_s, u"options"_s })
        QVERIFY(body.contains(key));
    body.remove(u"model"_s);
    body.remove(u"messages"_s);
    body.remove(u"options"_s);
    QCOMPARE(text(body), expected);
}

void TestOllamaCodec::decodeResponse_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("blocks");
    QTest::addColumn<int>("stop");
    QTest::addColumn<QString>("usage");
    QTest::newRow("text") << QByteArray(R"({"model":"llama3.2","created_at":
            "2025-01-15T10:20:30.123456789Z","message":{"role":"assistant","content":"Hello!"},
            "done":true,"done_reason":"stop","prompt_eval_count":26,"eval_count":3})")
                          << QStringList { u"text:Hello!"_s } << int(StopReason::EndTurn)
                          << u"26/3"_s;
    QTest::newRow("thinking and tool calls get ids")
        << QByteArray(R"({"model":"qwen3","created_at":"2025-01-15T10:20:30Z",
            "message":{"role":"assistant","content":"","thinking":"Need weather.",
              "tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Oslo"}}},
                            {"function":{"name":"get_time","arguments":{}}}]},
            "done":true,"done_reason":"stop","prompt_eval_count":30,"eval_count":12})")
        << QStringList { u"thinking:Need weather."_s,
                         uR"(tool:call_0 get_weather {"city":"Oslo"})"_s,
                         u"tool:call_1 get_time {}"_s }
        << int(StopReason::ToolUse) << u"30/12"_s;
    QTest::newRow("length") << QByteArray(R"({"model":"llama3.2","created_at":
            "2025-01-15T10:20:30Z","message":{"role":"assistant","content":"Once upon"},
            "done":true,"done_reason":"length","prompt_eval_count":5,"eval_count":2})")
                            << QStringList { u"text:Once upon"_s } << int(StopReason::MaxTokens)
                            << u"5/2"_s;
    QTest::newRow("no counts") << QByteArray(R"({"model":"llama3.2","created_at":
            "2025-01-15T10:20:30Z","message":{"role":"assistant","content":"Hi"},"done":true})")
                               << QStringList { u"text:Hi"_s } << int(StopReason::EndTurn)
                               << u"-"_s;
}

void TestOllamaCodec::decodeResponse()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, blocks);
    QFETCH(int, stop);
    QFETCH(QString, usage);
    const auto decoded = m_codec.decodeResponse(json(body));
    QVERIFY(std::holds_alternative<Response>(decoded));
    const Response &response = std::get<Response>(decoded);
    QStringList actual;
    for (const ContentBlock &b : response.content)
        actual.append(describe(b));
    QCOMPARE(actual, blocks);
    QCOMPARE(int(response.stopReason), stop);
    QCOMPARE(usageText(response.usage), usage);
    QCOMPARE(response.created, qint64(1736936430)); // 2025-01-15T10:20:30Z
    QVERIFY(!response.model.isEmpty());

    const auto failed = m_codec.decodeResponse(json(R"({"error":"model 'x' not found"})"));
    QVERIFY(std::holds_alternative<base::ApiError>(failed));
    QCOMPARE(std::get<base::ApiError>(failed).message, u"model 'x' not found"_s);
}

void TestOllamaCodec::streamDecode()
{
    const auto decoder = m_codec.streamDecoder();
    const QStringList expected {
        u"MessageStart  qwen3:8b"_s,
        u"BlockStart 0 thinking"_s,
        u"Thinking 0 The user"_s,
        u"Thinking 0  asks."_s,
        u"BlockStop 0"_s,
        u"BlockStart 1 text"_s,
        u"Text 1 Checking"_s,
        u"Text 1  now."_s,
        u"BlockStop 1"_s,
        u"BlockStart 2 tool_use call_0 get_weather"_s,
        uR"(Args 2 {"city":"Oslo"})"_s,
        u"BlockStop 2"_s,
        u"BlockStart 3 tool_use call_1 get_time"_s,
        u"Args 3 {}"_s,
        u"BlockStop 3"_s,
        u"MessageDelta tool_use 42/17"_s,
        u"MessageStop"_s,
    };
    QCOMPARE(decodeLines(decoder.get(), kStream), expected);
}

void TestOllamaCodec::streamDecodeFailures_data()
{
    QTest::addColumn<QByteArray>("ndjson");
    QTest::addColumn<QStringList>("expected"); // the last line is compared as a prefix
    const QByteArray hi
        = R"({"model":"m","created_at":"2025-01-15T10:20:30Z","message":{"role":"assistant","content":"Hi"},"done":false})"
          "\n";
    const QStringList started { u"MessageStart  m"_s, u"BlockStart 0 text"_s, u"Text 0 Hi"_s };
    QTest::newRow("cut before done")
        << QByteArray(hi + hi)
        << (QStringList { started } << u"Text 0 Hi"_s
                                    << u"Error api_error the upstream stream ended early"_s);
    QTest::newRow("error line")
        << QByteArray(hi + R"({"error":"an error was encountered while running the model"})")
        << (QStringList { started }
            << u"Error api_error an error was encountered while running the model"_s);
    QTest::newRow("garbage line")
        << QByteArray(hi + "<html>")
        << (QStringList { started }
            << u"Error api_error the upstream sent an invalid stream line"_s);
    QTest::newRow("nothing at all")
        << QByteArray() << QStringList { u"Error api_error the upstream stream ended early"_s };
}

void TestOllamaCodec::streamDecodeFailures()
{
    QFETCH(QByteArray, ndjson);
    QFETCH(QStringList, expected);
    const auto decoder = m_codec.streamDecoder();
    const QStringList actual = decodeLines(decoder.get(), ndjson);
    QCOMPARE(actual.size(), expected.size());
    QCOMPARE(actual.mid(0, actual.size() - 1), expected.mid(0, expected.size() - 1));
    QVERIFY2(actual.constLast().startsWith(expected.constLast()), qPrintable(actual.constLast()));
    QVERIFY(decoder->finish().isEmpty()); // reported once
}

void TestOllamaCodec::streamEncodeRoundTrip()
{
    // Canonical events → Ollama NDJSON → canonical events again: nothing lost.
    const auto decoder = m_codec.streamDecoder();
    const QList<StreamEvent> events = decodeEvents(*decoder, ndjsonChunks(kStream), false);
    Request request;
    request.model = u"qwen3:8b"_s;
    const auto encoder = m_codec.streamEncoder(request);
    const QByteArray ndjson = encodeEvents(*encoder, events);
    QVERIFY(ndjson.endsWith('\n'));
    const QList<QByteArray> lines = ndjson.trimmed().split('\n');
    QCOMPARE(lines.size(), 7); // 2 thinking, 2 text, 2 tool calls, done
    const QJsonObject last = json(lines.constLast());
    QCOMPARE(last.value(u"done"_s).toBool(), true);
    QCOMPARE(last.value(u"done_reason"_s).toString(), u"stop"_s);
    QCOMPARE(last.value(u"prompt_eval_count"_s).toInt(), 42);

    const QStringList original = describeEach(events, describe);
    const auto again = m_codec.streamDecoder();
    QCOMPARE(decodeLines(again.get(), ndjson), original);
}

void TestOllamaCodec::responseEncode()
{
    Response response;
    response.model = u"qwen3:8b"_s;
    response.created = 1736936430;
    ContentBlock thinking = block(ContentBlock::Kind::Thinking);
    thinking.text = u"Hmm."_s;
    ContentBlock call = block(ContentBlock::Kind::ToolUse);
    call.toolId = u"toolu_9"_s;
    call.toolName = u"get_time"_s;
    call.toolArguments = uR"({"tz":"UTC"})"_s;
    response.content = { thinking, textBlock(u"Sure."_s), call };
    response.stopReason = StopReason::ToolUse;
    response.usage.inputTokens = 10;
    response.usage.cacheReadTokens = 5;
    response.usage.outputTokens = 4;
    response.usage.known = true;
    QCOMPARE(text(m_codec.encodeResponse(response)),
             text(json(R"({"model":"qwen3:8b","created_at":"2025-01-15T10:20:30Z",
               "message":{"role":"assistant","content":"Sure.","thinking":"Hmm.",
                 "tool_calls":[{"function":{"name":"get_time","arguments":{"tz":"UTC"}}}]},
               "done":true,"done_reason":"stop","prompt_eval_count":15,"eval_count":4})")));
}

void TestOllamaCodec::requestDecode()
{
    const auto decoded = m_codec.decodeRequest(json(kExpectedRequest));
    QVERIFY(std::holds_alternative<Request>(decoded));
    const Request &request = std::get<Request>(decoded);
    QCOMPARE(request.system.size(), 1);
    QCOMPARE(request.messages.size(), 4);
    QCOMPARE(request.messages.at(0).content.at(1).kind, ContentBlock::Kind::Image);
    QCOMPARE(request.messages.at(0).content.at(1).mediaType, u"image/png"_s);
    QCOMPARE(request.messages.at(1).content.at(1).toolId, u"call_0"_s);
    QCOMPARE(request.messages.at(2).content.at(0).kind, ContentBlock::Kind::ToolResult);
    QCOMPARE(request.messages.at(2).content.at(0).toolId, u"call_0"_s);
    QCOMPARE(request.maxTokens.value_or(-1), 512);
    QCOMPARE(request.contextLength.value_or(-1), 4096);
    QVERIFY(request.stream);
    // Back to the wire: the same body.
    QCOMPARE(text(m_codec.encodeRequest(request)), text(json(kExpectedRequest)));

    // Ollama streams by default.
    const auto minimal = m_codec.decodeRequest(json(R"({"model":"m","messages":[]})"));
    QVERIFY(std::holds_alternative<Request>(minimal));
    QVERIFY(std::get<Request>(minimal).stream);
    const auto noModel = m_codec.decodeRequest(json(R"({"messages":[]})"));
    QVERIFY(std::holds_alternative<base::ApiError>(noModel));
    QCOMPARE(std::get<base::ApiError>(noModel).status, 400);
}

void TestOllamaCodec::decodeError_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("code");
    QTest::newRow("model not found")
        << 404 << QByteArray(R"({"error":"model 'llama9' not found"})")
        << u"invalid_request_error"_s << u"model 'llama9' not found"_s << u"model_not_found"_s;
    QTest::newRow("runner crashed")
        << 500 << QByteArray(R"({"error":"llama runner process has terminated: exit status 2"})")
        << u"api_error"_s << u"llama runner process has terminated: exit status 2"_s << QString();
    QTest::newRow("not json") << 502 << QByteArray("<html>Bad Gateway</html>\n") << u"api_error"_s
                              << u"<html>Bad Gateway</html>"_s << QString();
    QTest::newRow("OpenAI-shaped") << 400 << QByteArray(R"({"error":{"message":"bad"}})")
                                   << u"invalid_request_error"_s << u"bad"_s << QString();
}

void TestOllamaCodec::decodeError()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, type);
    QFETCH(QString, message);
    QFETCH(QString, code);
    const base::ApiError error = m_codec.decodeError(status, body);
    QCOMPARE(error.status, status);
    QCOMPARE(error.type, type);
    QCOMPARE(error.message, message);
    QCOMPARE(error.code, code);
}

void TestOllamaCodec::encodeError()
{
    QCOMPARE(m_codec.encodeError(base::ApiError::notFound(u"model 'x' not found"_s)),
             QByteArray(R"({"error":"model 'x' not found"})"));
}

void TestOllamaCodec::fakeAnswersNdjson()
{
    FakeOllama fake;
    const quint16 port = fake.start();
    QVERIFY(port != 0);

    const TestResponse streamed = TestClient::request(
        port, "POST", "/api/chat",
        R"({"model":"llama3.2:3b","messages":[{"role":"user","content":"Hi"}]})");
    QCOMPARE(streamed.status, 200);
    QCOMPARE(streamed.header("Content-Type"), QByteArray("application/x-ndjson"));
    QVERIFY(streamed.body.count('\n') >= 3);
    const auto decoder = m_codec.streamDecoder();
    const QStringList events = decodeLines(decoder.get(), streamed.body);
    QCOMPARE(events.constFirst(), u"MessageStart  llama3.2:3b"_s);
    QCOMPARE(events.at(events.size() - 2), u"MessageDelta end_turn 26/9"_s);
    QCOMPARE(events.constLast(), u"MessageStop"_s);
    QCOMPARE(fake.chatRequests(), 1);

    Request request = conversation();
    request.model = u"llama3.2:3b"_s;
    request.stream = false;
    const TestResponse single
        = TestClient::request(port, "POST", "/api/chat", text(m_codec.encodeRequest(request)));
    QCOMPARE(single.status, 200);
    QCOMPARE(single.header("Content-Type"), QByteArray("application/json"));
    const auto decoded = m_codec.decodeResponse(json(single.body));
    QVERIFY(std::holds_alternative<Response>(decoded));
    const Response &response = std::get<Response>(decoded);
    QCOMPARE(response.stopReason, StopReason::ToolUse); // tools were given
    QCOMPARE(describe(response.content.constLast()),
             uR"(tool:call_0 get_weather {"city":"Oslo"})"_s);
    QCOMPARE(json(fake.requests().constLast().body).value(u"stream"_s), QJsonValue(false));

    fake.fault = FakeOllama::Fault::DropMidStream;
    const TestResponse dropped = TestClient::request(
        port, "POST", "/api/chat", R"({"model":"llama3.2:3b","messages":[]})", {}, 3000);
    const auto cut = m_codec.streamDecoder();
    QCOMPARE(decodeLines(cut.get(), dropped.body).constLast(),
             u"Error api_error the upstream stream ended early"_s);
}

void TestOllamaCodec::fakeEndpoints()
{
    FakeOllama fake;
    const quint16 port = fake.start();
    QVERIFY(port != 0);
    const TestResponse tags = TestClient::request(port, "GET", "/api/tags");
    QCOMPARE(tags.status, 200);
    const QJsonObject tag = json(tags.body).value(u"models"_s).toArray().at(0).toObject();
    QCOMPARE(tag.value(u"name"_s).toString(), u"llama3.2:3b"_s);
    QCOMPARE(tag.value(u"details"_s).toObject().value(u"quantization_level"_s).toString(),
             u"Q4_K_M"_s);
    const TestResponse ps = TestClient::request(port, "GET", "/api/ps");
    QCOMPARE(json(ps.body)
                 .value(u"models"_s)
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(u"size_vram"_s)
                 .toInteger(),
             fake.sizeVram);
    const TestResponse show
        = TestClient::request(port, "POST", "/api/show", R"({"model":"llama3.2:3b"})");
    QCOMPARE(
        json(show.body).value(u"model_info"_s).toObject().value(u"llama.context_length"_s).toInt(),
        32768);
    const TestResponse models = TestClient::request(port, "GET", "/v1/models");
    QCOMPARE(json(models.body).value(u"data"_s).toArray().size(), 1);

    fake.fault = FakeOllama::Fault::ModelNotFound;
    const TestResponse missing
        = TestClient::request(port, "POST", "/api/chat", R"({"model":"llama9","messages":[]})");
    QCOMPARE(missing.status, 404);
    const base::ApiError error = m_codec.decodeError(missing.status, missing.body);
    QCOMPARE(error.message, u"model 'llama9' not found"_s);
    fake.fault = FakeOllama::Fault::ServerError;
    QCOMPARE(TestClient::request(port, "POST", "/api/chat", "{}").status, 500);
    fake.fault = FakeOllama::Fault::Hang;
    QCOMPARE(TestClient::request(port, "POST", "/api/chat", "{}", {}, 300).status, 0);
}

QTEST_GUILESS_MAIN(TestOllamaCodec)
#include "tst_ollama_codec.moc"
