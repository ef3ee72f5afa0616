#include "CodecTestSupport.h"
#include "api/canonical/AnthropicCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::api;
using namespace switchyard::api::canonical;
using namespace switchyard::tests;

Q_DECLARE_METATYPE(switchyard::api::canonical::StreamEvent)
Q_DECLARE_METATYPE(switchyard::api::canonical::StopReason)

namespace {

ContentBlock toolUse(const QString &id, const QString &name, const QString &arguments)
{
    ContentBlock block;
    block.kind = ContentBlock::Kind::ToolUse;
    block.toolId = id;
    block.toolName = name;
    block.toolArguments = arguments;
    return block;
}

ContentBlock toolResult(const QString &id, const QString &text, bool isError = false)
{
    ContentBlock block;
    block.kind = ContentBlock::Kind::ToolResult;
    block.toolId = id;
    block.text = text;
    block.isError = isError;
    return block;
}

Usage usage(qint64 input, qint64 cacheRead, qint64 cacheWrite, qint64 output)
{
    Usage out;
    out.inputTokens = input;
    out.cacheReadTokens = cacheRead;
    out.cacheWriteTokens = cacheWrite;
    out.outputTokens = output;
    out.known = true;
    return out;
}

QString usageText(const Usage &u)
{
    if (!u.known)
        return u"-"_s;
    return QString::number(u.inputTokens) % u'/' % QString::number(u.cacheReadTokens) % u'/'
        % QString::number(u.cacheWriteTokens) % u'/' % QString::number(u.outputTokens);
}

/// describeEvent() with the usage, the stop sequence and a block's initial text.
QString describe(const StreamEvent &e)
{
    switch (e.kind) {
    case StreamEvent::Kind::MessageStart:
        return describeEvent(e) % u' ' % usageText(e.usage);
    case StreamEvent::Kind::BlockStart:
        return describeEvent(e) % (e.block.text.isEmpty() ? QString() : u' ' % e.block.text);
    case StreamEvent::Kind::MessageDelta:
        return describeEvent(e) % u' ' % e.stopSequence % u' ' % usageText(e.usage);
    default:
        return describeEvent(e);
    }
}

QStringList decodeSse(StreamDecoder *decoder, const QByteArray &sse, bool finish = true)
{
    return describeEach(decodeEvents(*decoder, sseChunks(sse), finish), describe);
}

QByteArray sseEvent(const char *name, const char *json)
{
    return QByteArray("event: ") + name + "\ndata: " + json + "\n\n";
}

// A Claude Code request, already in the shape the encoder writes (arrays everywhere).
// URLs are written "https:\/\/…" (valid JSON): moc reads // inside a raw string as a comment.
const char *const kClaudeCodeRequest = R"({
  "model": "claude-sonnet-4-5-20250929",
  "max_tokens": 32000,
  "stream": true,
  "metadata": {"user_id": "user_abc_account__session_123"},
  "system": [
    {"type": "text", "text": "You are Claude Code, the official CLI for Claude.",
     "cache_control": {"type": "ephemeral"}},
    {"type": "text", "text": "Working directory: /repo", "cache_control": {"type": "ephemeral"}}
  ],
  "thinking": {"type": "enabled", "budget_tokens": 31999},
  "tools": [
    {"name": "Read", "description": "Reads a file",
     "input_schema": {"$schema": "http:\/\/json-schema.org/draft-07/schema#", "type": "object",
                      "properties": {"file_path": {"type": "string"}},
                      "required": ["file_path"], "additionalProperties": false}},
    {"name": "Bash", "description": "Runs a command",
     "input_schema": {"type": "object", "properties": {"command": {"type": "string"}},
                      "required": ["command"]},
     "cache_control": {"type": "ephemeral"}}
  ],
  "tool_choice": {"type": "auto"},
  "messages": [
    {"role": "user", "content": [
      {"type": "text", "text": "What is in this screenshot and in README.md?"},
      {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                   "data": "iVBORw0KGgo="}},
      {"type": "image", "source": {"type": "url", "url": "https:\/\/example.com/a.png"}}]},
    {"role": "assistant", "content": [
      {"type": "thinking", "thinking": "Read the file, list the dir.",
       "signature": "EqQBCgIYAhIM1gbcDa9GJwZA"},
      {"type": "text", "text": "Let me look."},
      {"type": "tool_use", "id": "toolu_01A", "name": "Read",
       "input": {"file_path": "/repo/README.md"}},
      {"type": "tool_use", "id": "toolu_01B", "name": "Bash", "input": {"command": "ls /nope"}}]},
    {"role": "user", "content": [
      {"type": "tool_result", "tool_use_id": "toolu_01A", "content": "# Switchyard\nA gateway."},
      {"type": "tool_result", "tool_use_id": "toolu_01B", "is_error": true,
       "content": [{"type": "text", "text": "ls: cannot access /nope: No such file"}]}]},
    {"role": "assistant", "content": [
      {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix"},
      {"type": "text", "text": "The README describes a gateway."}]},
    {"role": "user", "content": [
      {"type": "text", "text": "Thanks!", "cache_control": {"type": "ephemeral"}}]}
  ]
})";

} // namespace

// Golden translation tests for the Anthropic Messages codec.
class TestAnthropicCodec final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestRoundTrip();
    void requestDecodeDetails();
    void requestDecodeErrors_data();
    void requestDecodeErrors();
    void encodeMergesOpenAiConversation();
    void encodeToolChoiceNeedsTools();
    void encodeThinking_data();
    void encodeThinking();
    void responseRoundTrip();
    void responseStopReasons_data();
    void responseStopReasons();
    void responseDefaults();
    void streamDecode();
    void streamDecodeCut_data();
    void streamDecodeCut();
    void streamEncode_data();
    void streamEncode();
    void encodeError_data();
    void encodeError();
    void decodeError_data();
    void decodeError();

private:
    AnthropicCodec m_codec;
};

void TestAnthropicCodec::requestRoundTrip()
{
    const QJsonObject input = json(kClaudeCodeRequest);
    const auto decoded = m_codec.decodeRequest(input);
    QVERIFY(std::holds_alternative<Request>(decoded));
    const Request &request = std::get<Request>(decoded);

    QCOMPARE(request.system.size(), 2);
    QCOMPARE(request.system.at(0).cacheControl.value(u"type"_s).toString(), u"ephemeral"_s);
    QCOMPARE(request.messages.size(), 5);
    const Message &assistant = request.messages.at(1);
    QCOMPARE(assistant.role, Role::Assistant);
    QCOMPARE(assistant.content.at(0).kind, ContentBlock::Kind::Thinking);
    QCOMPARE(assistant.content.at(0).signature, u"EqQBCgIYAhIM1gbcDa9GJwZA"_s);
    QCOMPARE(assistant.content.at(2).toolArguments, uR"({"file_path":"/repo/README.md"})"_s);
    const Message &results = request.messages.at(2);
    QCOMPARE(results.role, Role::User);
    QCOMPARE(results.content.at(0).kind, ContentBlock::Kind::ToolResult);
    QCOMPARE(results.content.at(0).text, u"# Switchyard\nA gateway."_s);
    QVERIFY(!results.content.at(0).isError);
    QCOMPARE(results.content.at(1).toolId, u"toolu_01B"_s);
    QVERIFY(results.content.at(1).isError);
    QCOMPARE(results.content.at(1).toolResult.size(), 1);
    const ContentBlock &image = request.messages.at(0).content.at(1);
    QCOMPARE(image.kind, ContentBlock::Kind::Image);
    QCOMPARE(image.imageData, QByteArray("iVBORw0KGgo="));
    QCOMPARE(image.mediaType, u"image/png"_s);
    QCOMPARE(request.messages.at(0).content.at(2).imageUrl, u"https://example.com/a.png"_s);
    QCOMPARE(request.messages.at(3).content.at(0).kind, ContentBlock::Kind::RedactedThinking);
    QCOMPARE(request.tools.size(), 2);
    QVERIFY(request.toolChoice.has_value());
    QCOMPARE(request.toolChoice->mode, ToolChoice::Mode::Auto);
    QVERIFY(request.reasoning.has_value());
    QCOMPARE(request.reasoning->budgetTokens.value_or(-1), 31999);
    QCOMPARE(request.maxTokens.value_or(-1), 32000);
    QVERIFY(request.stream);
    QCOMPARE(request.user, u"user_abc_account__session_123"_s);

    QJsonObject expected = input;
    QJsonArray tools = expected.value(u"tools"_s).toArray();
    QJsonObject read = tools.at(0).toObject();
    QJsonObject schema = read.value(u"input_schema"_s).toObject();
    QVERIFY(schema.contains(u"$schema"_s));
    schema.remove(u"$schema"_s);
    read.insert(u"input_schema"_s, schema);
    tools.replace(0, read);
    expected.insert(u"tools"_s, tools);
    QCOMPARE(text(m_codec.encodeRequest(request)), text(expected));
}

void TestAnthropicCodec::requestDecodeDetails()
{
    const QJsonObject body = json(R"({
      "model": "claude-haiku-4-5", "max_tokens": 100, "system": "Be terse.",
      "temperature": 0.25, "top_p": 0.9, "top_k": 40, "stop_sequences": ["END", "STOP"],
      "messages": [{"role": "user", "content": "Hi"}],
      "tools": [{"type": "web_search_20250305", "name": "web_search", "max_uses": 5},
                {"type": "custom", "name": "lookup", "input_schema": {"type": "object"}}],
      "tool_choice": {"type": "tool", "name": "lookup", "disable_parallel_tool_use": true},
      "thinking": {"type": "disabled"}
    })");
    const auto decoded = m_codec.decodeRequest(body);
    QVERIFY(std::holds_alternative<Request>(decoded));
    const Request &request = std::get<Request>(decoded);
    QCOMPARE(request.system.size(), 1);
    QCOMPARE(request.system.at(0).text, u"Be terse."_s);
    QCOMPARE(request.messages.size(), 1);
    QCOMPARE(request.messages.at(0).content.at(0).text, u"Hi"_s);
    QCOMPARE(request.tools.size(), 1); // the server tool stays out
    QCOMPARE(request.tools.at(0).name, u"lookup"_s);
    QVERIFY(request.toolChoice.has_value());
    QCOMPARE(request.toolChoice->mode, ToolChoice::Mode::Specific);
    QCOMPARE(request.toolChoice->name, u"lookup"_s);
    QVERIFY(request.toolChoice->disableParallel);
    QCOMPARE(request.parallelToolCalls.value_or(true), false);
    QCOMPARE(request.temperature.value_or(-1), 0.25);
    QCOMPARE(request.topP.value_or(-1), 0.9);
    QCOMPARE(request.topK.value_or(-1), 40);
    QCOMPARE(request.stop, (QStringList { u"END"_s, u"STOP"_s }));
    QVERIFY(!request.reasoning.has_value());
    QVERIFY(!request.stream);

    QJsonObject any = body;
    any.insert(u"tool_choice"_s, QJsonObject { { u"type"_s, u"any"_s } });
    const auto decodedAny = m_codec.decodeRequest(any);
    QVERIFY(std::holds_alternative<Request>(decodedAny));
    QCOMPARE(std::get<Request>(decodedAny).toolChoice->mode, ToolChoice::Mode::Required);
}

void TestAnthropicCodec::requestDecodeErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("message");
    const QByteArray messages = R"("messages": [{"role": "user", "content": "Hi"}])";
    QTest::newRow("no max_tokens") << QByteArray("{\"model\": \"m\", " + messages + "}")
                                   << u"max_tokens"_s << u"max_tokens: Field required"_s;
    QTest::newRow("max_tokens not a number")
        << QByteArray("{\"model\": \"m\", \"max_tokens\": \"9\", " + messages + "}")
        << u"max_tokens"_s << u"max_tokens: Input should be a valid positive integer"_s;
    QTest::newRow("no model") << QByteArray("{\"max_tokens\": 9, " + messages + "}") << u"model"_s
                              << u"model: Field required"_s;
    QTest::newRow("no messages") << QByteArray(R"({"model": "m", "max_tokens": 9})")
                                 << u"messages"_s << u"messages: Field required"_s;
    QTest::newRow("system role") << QByteArray(R"({"model": "m", "max_tokens": 9,
                 "messages": [{"role": "system", "content": "x"}]})")
                                 << u"messages.0.role"_s
                                 << u"messages.0.role: Input should be 'user' or 'assistant'"_s;
    QTest::newRow("document block")
        << QByteArray(R"({"model": "m", "max_tokens": 9, "messages": [{"role": "user",
                 "content": [{"type": "text", "text": "a"}, {"type": "document", "source": {}}]}]})")
        << u"messages.0.content.1"_s
        << u"messages.0.content.1: content block type 'document' cannot be translated for "
           u"this upstream"_s;
    QTest::newRow("tool_result without id")
        << QByteArray(R"({"model": "m", "max_tokens": 9, "messages": [{"role": "user",
                 "content": [{"type": "tool_result", "content": "x"}]}]})")
        << u"messages.0.content.0"_s << u"messages.0.content.0: tool_use_id: Field required"_s;
    QTest::newRow("bad tool_choice")
        << QByteArray("{\"model\": \"m\", \"max_tokens\": 9, \"tool_choice\": {\"type\": "
                      "\"sometimes\"}, "
                      + messages + "}")
        << u"tool_choice.type"_s
        << u"tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'"_s;
}

void TestAnthropicCodec::requestDecodeErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    QFETCH(QString, message);
    const auto decoded = m_codec.decodeRequest(json(body));
    QVERIFY(std::holds_alternative<base::ApiError>(decoded));
    const base::ApiError &error = std::get<base::ApiError>(decoded);
    QCOMPARE(error.status, 400);
    QCOMPARE(error.type, u"invalid_request_error"_s);
    QCOMPARE(error.param, param);
    QCOMPARE(error.message, message);
    QCOMPARE(m_codec.encodeError(error),
             QByteArray("{\"error\":{\"message\":\"" + message.toUtf8()
                        + "\",\"type\":\"invalid_request_error\"},\"type\":\"error\"}"));
}

void TestAnthropicCodec::encodeMergesOpenAiConversation()
{
    // What the OpenAI codec makes of a chat with parallel tool calls: Tool-role results,
    // an empty assistant text, unsigned reasoning, a late system message.
    Request request;
    request.model = u"claude-sonnet-4-5"_s;
    request.system = { textBlock(u"Be brief."_s) };
    ContentBlock unsignedThinking;
    unsignedThinking.kind = ContentBlock::Kind::Thinking;
    unsignedThinking.text = u"from another provider"_s;
    request.messages = {
        message(Role::User, { textBlock(u"Weather in Paris and Rome?"_s) }),
        message(Role::Assistant,
                { unsignedThinking, textBlock({}),
                  toolUse(u"call_1"_s, u"get_weather"_s, uR"({"city": "Paris"})"_s),
                  toolUse(u"call_2"_s, u"get_weather"_s, uR"({"city":"Rome"})"_s) }),
        message(Role::Tool, { toolResult(u"call_1"_s, u"18C"_s) }),
        message(Role::Tool, { toolResult(u"call_2"_s, u"21C"_s) }),
        message(Role::User, { textBlock(u"And tomorrow?"_s) }),
        message(Role::Assistant, { textBlock(u"Checking."_s) }),
        message(Role::Assistant, { toolUse(u"call_3"_s, u"get_weather"_s, {}) }),
        message(Role::User, { textBlock(u"(interrupted)"_s) }),
        message(Role::User, { toolResult(u"call_3"_s, u"timeout"_s, true) }),
        message(Role::System, { textBlock(u"Answer in French."_s) }),
    };
    Tool weather;
    weather.name = u"get_weather"_s;
    weather.parameters = json(R"({"$schema": "https:\/\/json-schema.org/draft/2020-12/schema",
        "type": "object", "properties": {"city": {"type": "string"}}})");
    request.tools = { weather };
    request.parallelToolCalls = false;

    const QJsonObject expected = json(R"json({
      "model": "claude-sonnet-4-5", "max_tokens": 4096,
      "system": [{"type": "text", "text": "Be brief."}, {"type": "text", "text": "Answer in French."}],
      "tools": [{"name": "get_weather", "input_schema": {"type": "object",
                 "properties": {"city": {"type": "string"}}}}],
      "tool_choice": {"type": "auto", "disable_parallel_tool_use": true},
      "messages": [
        {"role": "user", "content": [{"type": "text", "text": "Weather in Paris and Rome?"}]},
        {"role": "assistant", "content": [
          {"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {"city": "Paris"}},
          {"type": "tool_use", "id": "call_2", "name": "get_weather", "input": {"city": "Rome"}}]},
        {"role": "user", "content": [
          {"type": "tool_result", "tool_use_id": "call_1", "content": "18C"},
          {"type": "tool_result", "tool_use_id": "call_2", "content": "21C"},
          {"type": "text", "text": "And tomorrow?"}]},
        {"role": "assistant", "content": [
          {"type": "text", "text": "Checking."},
          {"type": "tool_use", "id": "call_3", "name": "get_weather", "input": {}}]},
        {"role": "user", "content": [
          {"type": "tool_result", "tool_use_id": "call_3", "content": "timeout", "is_error": true},
          {"type": "text", "text": "(interrupted)"}]}
      ]
    })json");
    QCOMPARE(text(m_codec.encodeRequest(request)), text(expected));
}

void TestAnthropicCodec::encodeToolChoiceNeedsTools()
{
    Request request;
    request.model = u"m"_s;
    request.maxTokens = 10;
    request.messages = { message(Role::User, { textBlock(u"Hi"_s) }) };
    ToolChoice choice;
    choice.mode = ToolChoice::Mode::Required;
    request.toolChoice = choice;
    QCOMPARE(text(m_codec.encodeRequest(request)),
             text(json(R"({"model": "m", "max_tokens": 10, "messages": [
                 {"role": "user", "content": [{"type": "text", "text": "Hi"}]}]})")));
    Tool tool;
    tool.name = u"t"_s;
    request.tools = { tool };
    QCOMPARE(m_codec.encodeRequest(request).value(u"tool_choice"_s).toObject(),
             QJsonObject({ { u"type"_s, u"any"_s } }));
}

void TestAnthropicCodec::encodeThinking_data()
{
    QTest::addColumn<QString>("effort");
    QTest::addColumn<int>("budget"); // -1: none
    QTest::addColumn<int>("maxTokens"); // -1: none
    QTest::addColumn<double>("temperature"); // -1: none
    QTest::addColumn<bool>("forceTool");
    QTest::addColumn<int>("expectedBudget"); // 0: no thinking
    QTest::addColumn<int>("expectedMaxTokens");
    QTest::addColumn<double>("expectedTemperature"); // -1: absent
    QTest::addColumn<QString>("log");

    QTest::newRow("effort low, temperature dropped")
        << u"low"_s << -1 << -1 << 0.7 << false << 2048 << 6144 << -1.0 << QString();
    QTest::newRow("effort medium")
        << u"medium"_s << -1 << 20000 << -1.0 << false << 8192 << 20000 << -1.0 << QString();
    QTest::newRow("effort high") << u"high"_s << -1 << 30000 << -1.0 << false << 24576 << 30000
                                 << -1.0 << QString();
    QTest::newRow("effort minimal")
        << u"minimal"_s << -1 << -1 << -1.0 << false << 1024 << 5120 << -1.0 << QString();
    QTest::newRow("budget clamped to 1024")
        << QString() << 500 << 16000 << 0.5 << false << 1024 << 16000 << -1.0
        << u"thinking budget 500 raised to Anthropic's minimum 1024"_s;
    QTest::newRow("budget above max_tokens")
        << QString() << 10000 << 8000 << -1.0 << false << 7999 << 8000 << -1.0
        << u"thinking budget cut to fit max_tokens 8000 -> 7999"_s;
    QTest::newRow("max_tokens too small for thinking")
        << QString() << 2000 << 1000 << -1.0 << false << 0 << 1000 << -1.0
        << u"thinking budget cut to fit max_tokens 1000 -> 0"_s;
    QTest::newRow("forced tool drops thinking")
        << u"medium"_s << -1 << -1 << 0.3 << true << 0 << 4096 << 0.3
        << u"thinking dropped: Anthropic refuses it with a forced tool"_s;
    QTest::newRow("effort none") << u"none"_s << -1 << -1 << 0.3 << false << 0 << 4096 << 0.3
                                 << QString();
    QTest::newRow("no reasoning, temperature clamped to 1")
        << QString() << -1 << -1 << 1.5 << false << 0 << 4096 << 1.0 << QString();
}

void TestAnthropicCodec::encodeThinking()
{
    QFETCH(QString, effort);
    QFETCH(int, budget);
    QFETCH(int, maxTokens);
    QFETCH(double, temperature);
    QFETCH(bool, forceTool);
    QFETCH(int, expectedBudget);
    QFETCH(int, expectedMaxTokens);
    QFETCH(double, expectedTemperature);
    QFETCH(QString, log);

    Request request;
    request.model = u"m"_s;
    request.messages = { message(Role::User, { textBlock(u"Hi"_s) }) };
    if (!effort.isEmpty() || budget >= 0) {
        Reasoning reasoning;
        reasoning.effort = effort;
        if (budget >= 0)
            reasoning.budgetTokens = budget;
        request.reasoning = reasoning;
    }
    if (maxTokens >= 0)
        request.maxTokens = maxTokens;
    if (temperature >= 0)
        request.temperature = temperature;
    if (forceTool) {
        Tool tool;
        tool.name = u"t"_s;
        request.tools = { tool };
        ToolChoice choice;
        choice.mode = ToolChoice::Mode::Specific;
        choice.name = u"t"_s;
        request.toolChoice = choice;
    }
    if (!log.isEmpty())
        QTest::ignoreMessage(QtInfoMsg, qPrintable(log));

    const QJsonObject body = m_codec.encodeRequest(request);
    QCOMPARE(body.value(u"max_tokens"_s).toInt(), expectedMaxTokens);
    if (expectedBudget > 0) {
        QCOMPARE(
            body.value(u"thinking"_s).toObject(),
            QJsonObject({ { u"type"_s, u"enabled"_s }, { u"budget_tokens"_s, expectedBudget } }));
    } else {
        QVERIFY(!body.contains(u"thinking"_s));
    }
    if (expectedTemperature >= 0)
        QCOMPARE(body.value(u"temperature"_s).toDouble(-1), expectedTemperature);
    else
        QVERIFY(!body.contains(u"temperature"_s));
}

void TestAnthropicCodec::responseRoundTrip()
{
    const QJsonObject body = json(R"({
      "id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant",
      "model": "claude-sonnet-4-5-20250929",
      "content": [
        {"type": "thinking", "thinking": "Think.", "signature": "sig1"},
        {"type": "redacted_thinking", "data": "opaque"},
        {"type": "text", "text": "Listing."},
        {"type": "tool_use", "id": "toolu_9", "name": "Bash", "input": {"command": "ls -la"}}
      ],
      "stop_reason": "tool_use", "stop_sequence": null,
      "usage": {"input_tokens": 7, "cache_creation_input_tokens": 300,
                "cache_read_input_tokens": 4000, "output_tokens": 55}
    })");
    const auto decoded = m_codec.decodeResponse(body);
    QVERIFY(std::holds_alternative<Response>(decoded));
    const Response &response = std::get<Response>(decoded);
    QCOMPARE(response.id, u"msg_01XFDUDYJgAACzvnptvVoYEL"_s);
    QCOMPARE(response.content.size(), 4);
    QCOMPARE(response.content.at(0).signature, u"sig1"_s);
    QCOMPARE(response.content.at(1).text, u"opaque"_s);
    QCOMPARE(response.content.at(3).toolArguments, uR"({"command":"ls -la"})"_s);
    QCOMPARE(response.stopReason, StopReason::ToolUse);
    QVERIFY(response.usage.known);
    QCOMPARE(response.usage.inputTokens, 7); // cached tokens are not in it
    QCOMPARE(response.usage.cacheReadTokens, 4000);
    QCOMPARE(response.usage.cacheWriteTokens, 300);
    QCOMPARE(response.usage.outputTokens, 55);
    QVERIFY(response.created > 0);
    QCOMPARE(text(m_codec.encodeResponse(response)), text(body));
}

void TestAnthropicCodec::responseStopReasons_data()
{
    QTest::addColumn<QJsonValue>("wire");
    QTest::addColumn<StopReason>("reason");
    QTest::addColumn<QString>("encoded");
    QTest::newRow("end_turn") << QJsonValue(u"end_turn"_s) << StopReason::EndTurn << u"end_turn"_s;
    QTest::newRow("max_tokens") << QJsonValue(u"max_tokens"_s) << StopReason::MaxTokens
                                << u"max_tokens"_s;
    QTest::newRow("tool_use") << QJsonValue(u"tool_use"_s) << StopReason::ToolUse << u"tool_use"_s;
    QTest::newRow("stop_sequence")
        << QJsonValue(u"stop_sequence"_s) << StopReason::StopSequence << u"stop_sequence"_s;
    QTest::newRow("refusal") << QJsonValue(u"refusal"_s) << StopReason::Refusal << u"refusal"_s;
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << StopReason::None << u"end_turn"_s;
}

void TestAnthropicCodec::responseStopReasons()
{
    QFETCH(QJsonValue, wire);
    QFETCH(StopReason, reason);
    QFETCH(QString, encoded);
    QJsonObject body = json(R"({"id": "msg_1", "type": "message", "role": "assistant",
        "model": "c", "content": [], "usage": {"input_tokens": 1, "output_tokens": 1}})");
    body.insert(u"stop_reason"_s, wire);
    const auto decoded = m_codec.decodeResponse(body);
    QVERIFY(std::holds_alternative<Response>(decoded));
    QCOMPARE(std::get<Response>(decoded).stopReason, reason);
    QCOMPARE(m_codec.encodeResponse(std::get<Response>(decoded)).value(u"stop_reason"_s).toString(),
             encoded);
}

void TestAnthropicCodec::responseDefaults()
{
    Response response;
    response.model = u"claude-client-alias"_s;
    response.content = { textBlock(u"Hi"_s) };
    response.stopReason = StopReason::StopSequence;
    response.stopSequence = u"END"_s;
    QJsonObject body = m_codec.encodeResponse(response);
    const QString id = body.take(u"id"_s).toString();
    QVERIFY2(QRegularExpression(u"^msg_[A-Za-z0-9]{24}$"_s).match(id).hasMatch(), qPrintable(id));
    QCOMPARE(text(body), text(json(R"({"type": "message", "role": "assistant",
        "model": "claude-client-alias", "content": [{"type": "text", "text": "Hi"}],
        "stop_reason": "stop_sequence", "stop_sequence": "END",
        "usage": {"input_tokens": 0, "cache_creation_input_tokens": 0,
                  "cache_read_input_tokens": 0, "output_tokens": 0}})")));

    const auto notMessage = m_codec.decodeResponse(json(R"({"object": "chat.completion"})"));
    QVERIFY(std::holds_alternative<base::ApiError>(notMessage));
    QCOMPARE(std::get<base::ApiError>(notMessage).status, 502);
}

void TestAnthropicCodec::streamDecode()
{
    const QByteArray stream
        = sseEvent(
              "message_start",
              R"({"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"output_tokens":1}}})")
        + sseEvent(
              "content_block_start",
              R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}})")
        + sseEvent("ping", R"({"type": "ping"})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me check"}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAh"}})")
        + sseEvent("content_block_stop", R"({"type":"content_block_stop","index":0})")
        + sseEvent(
              "content_block_start",
              R"({"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"I will look"}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" it up."}})")
        + sseEvent("content_block_stop", R"({"type":"content_block_stop","index":1})")
        + sseEvent(
              "content_block_start",
              R"({"type":"content_block_start","index":2,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"query\":\"x\"}"}})")
        + sseEvent("content_block_stop", R"({"type":"content_block_stop","index":2})")
        + sseEvent(
              "content_block_start",
              R"({"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":""}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{\"loc"}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"ation\": \"Paris\"}"}})")
        + sseEvent("content_block_stop", R"({"type":"content_block_stop","index":3})")
        + sseEvent(
              "message_delta",
              R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}})")
        + sseEvent("message_stop", R"({"type":"message_stop"})");

    const QStringList expected {
        u"MessageStart msg_01 claude-sonnet-4-5 12/2000/100/1"_s,
        u"BlockStart 0 thinking"_s,
        u"Ping"_s,
        u"Thinking 0 Let me check"_s,
        u"Signature 0 EqQBCgIYAh"_s,
        u"BlockStop 0"_s,
        u"BlockStart 1 text"_s,
        u"Text 1 I will look"_s,
        u"Text 1  it up."_s,
        u"BlockStop 1"_s,
        u"BlockStart 2 tool_use toolu_01 get_weather"_s,
        u"Args 2 "_s,
        u"Args 2 {\"loc"_s,
        u"Args 2 ation\": \"Paris\"}"_s,
        u"BlockStop 2"_s,
        u"MessageDelta tool_use  12/2000/100/89"_s,
        u"MessageStop"_s,
    };
    const auto decoder = m_codec.streamDecoder();
    QCOMPARE(decodeSse(decoder.get(), stream), expected);
}

void TestAnthropicCodec::streamDecodeCut_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QStringList>("expected");
    const QByteArray start
        = sseEvent(
              "message_start",
              R"({"type":"message_start","message":{"id":"msg_2","model":"c","usage":{"input_tokens":3,"output_tokens":1}}})")
        + sseEvent(
              "content_block_start",
              R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}})");
    const QStringList begun { u"MessageStart msg_2 c 3/0/0/1"_s, u"BlockStart 0 text"_s,
                              u"Text 0 Hel"_s };
    QTest::newRow("cut") << start
                         << (begun + QStringList { u"Error api_error stream ended early"_s });
    QTest::newRow("upstream error")
        << start
            + sseEvent(
                "error",
                R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")
        << (begun + QStringList { u"Error overloaded_error Overloaded"_s });
    QTest::newRow("garbage") << start
            + QByteArray("event: content_block_delta\ndata: {\"type\":\n\n")
                             << (begun
                                 + QStringList {
                                     u"Error api_error upstream sent an invalid stream event: "
                                     u"unterminated object"_s });
    QTest::newRow("complete, no events owed")
        << start + sseEvent("content_block_stop", R"({"type":"content_block_stop","index":0})")
            + sseEvent(
                "message_delta",
                R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}})")
            + sseEvent("message_stop", R"({"type":"message_stop"})")
        << (begun
            + QStringList { u"BlockStop 0"_s, u"MessageDelta end_turn  3/0/0/2"_s,
                            u"MessageStop"_s });
}

void TestAnthropicCodec::streamDecodeCut()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    const auto decoder = m_codec.streamDecoder();
    QCOMPARE(decodeSse(decoder.get(), stream), expected);
}

void TestAnthropicCodec::streamEncode_data()
{
    QTest::addColumn<QList<StreamEvent>>("events");
    QTest::addColumn<QByteArray>("expected");

    StreamEvent start = ev(StreamEvent::Kind::MessageStart);
    start.id = u"msg_1"_s;
    start.model = u"upstream-model"_s;
    start.usage = usage(10, 0, 0, 0);
    StreamEvent finalDelta = ev(StreamEvent::Kind::MessageDelta);
    finalDelta.stopReason = StopReason::ToolUse;
    finalDelta.usage = usage(10, 20, 30, 42);
    QTest::newRow("well formed")
        << QList<StreamEvent> { start,
                                blockStart(0, ContentBlock::Kind::Thinking),
                                ev(StreamEvent::Kind::ThinkingDelta, 0, u"Hmm"_s),
                                ev(StreamEvent::Kind::SignatureDelta, 0, u"sig"_s),
                                ev(StreamEvent::Kind::BlockStop, 0),
                                blockStart(1, ContentBlock::Kind::Text),
                                ev(StreamEvent::Kind::TextDelta, 1, u"Hi"_s),
                                ev(StreamEvent::Kind::BlockStop, 1),
                                blockStart(2, ContentBlock::Kind::ToolUse, u"toolu_1"_s, u"Bash"_s),
                                ev(StreamEvent::Kind::ToolArgsDelta, 2, u"{\"command\":"_s),
                                ev(StreamEvent::Kind::ToolArgsDelta, 2, u"\"ls\"}"_s),
                                ev(StreamEvent::Kind::BlockStop, 2),
                                ev(StreamEvent::Kind::Ping),
                                finalDelta,
                                ev(StreamEvent::Kind::MessageStop) }
        << QByteArray(
               sseEvent(
                   "message_start",
                   R"({"message":{"content":[],"id":"msg_1","model":"claude-client","role":"assistant","stop_reason":null,"stop_sequence":null,"type":"message","usage":{"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"input_tokens":10,"output_tokens":0}},"type":"message_start"})")
               + sseEvent(
                   "content_block_start",
                   R"({"content_block":{"thinking":"","type":"thinking"},"index":0,"type":"content_block_start"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"thinking":"Hmm","type":"thinking_delta"},"index":0,"type":"content_block_delta"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"signature":"sig","type":"signature_delta"},"index":0,"type":"content_block_delta"})")
               + sseEvent("content_block_stop", R"({"index":0,"type":"content_block_stop"})")
               + sseEvent(
                   "content_block_start",
                   R"({"content_block":{"text":"","type":"text"},"index":1,"type":"content_block_start"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"text":"Hi","type":"text_delta"},"index":1,"type":"content_block_delta"})")
               + sseEvent("content_block_stop", R"({"index":1,"type":"content_block_stop"})")
               + sseEvent(
                   "content_block_start",
                   R"({"content_block":{"id":"toolu_1","input":{},"name":"Bash","type":"tool_use"},"index":2,"type":"content_block_start"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"partial_json":"{\"command\":","type":"input_json_delta"},"index":2,"type":"content_block_delta"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"partial_json":"\"ls\"}","type":"input_json_delta"},"index":2,"type":"content_block_delta"})")
               + sseEvent("content_block_stop", R"({"index":2,"type":"content_block_stop"})")
               + sseEvent("ping", R"({"type":"ping"})")
               + sseEvent(
                   "message_delta",
                   R"({"delta":{"stop_reason":"tool_use","stop_sequence":null},"type":"message_delta","usage":{"cache_creation_input_tokens":30,"cache_read_input_tokens":20,"input_tokens":10,"output_tokens":42}})")
               + sseEvent("message_stop", R"({"type":"message_stop"})"));

    // Sloppy input: no start, a delta before its block, a block never stopped, indexes with
    // gaps, a late MessageStart, two MessageDeltas, two MessageStops, events after the end.
    StreamEvent lateStart = start;
    lateStart.id = u"msg_late"_s;
    StreamEvent unknownUsageDelta = ev(StreamEvent::Kind::MessageDelta);
    unknownUsageDelta.stopReason = StopReason::EndTurn;
    unknownUsageDelta.usage.outputTokens = 5;
    QTest::newRow("sloppy")
        << QList<StreamEvent> { ev(StreamEvent::Kind::TextDelta, 4, u"Hi"_s),
                                blockStart(7, ContentBlock::Kind::ToolUse, u"toolu_2"_s, u"Read"_s),
                                ev(StreamEvent::Kind::ToolArgsDelta, 7, u"{}"_s),
                                lateStart,
                                unknownUsageDelta,
                                finalDelta,
                                ev(StreamEvent::Kind::MessageStop),
                                ev(StreamEvent::Kind::MessageStop),
                                ev(StreamEvent::Kind::TextDelta, 4, u"late"_s) }
        << QByteArray(
               sseEvent(
                   "message_start",
                   R"({"message":{"content":[],"id":"msg_X","model":"claude-client","role":"assistant","stop_reason":null,"stop_sequence":null,"type":"message","usage":{"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"input_tokens":0,"output_tokens":0}},"type":"message_start"})")
               + sseEvent(
                   "content_block_start",
                   R"({"content_block":{"text":"","type":"text"},"index":0,"type":"content_block_start"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"text":"Hi","type":"text_delta"},"index":0,"type":"content_block_delta"})")
               + sseEvent("content_block_stop", R"({"index":0,"type":"content_block_stop"})")
               + sseEvent(
                   "content_block_start",
                   R"({"content_block":{"id":"toolu_2","input":{},"name":"Read","type":"tool_use"},"index":1,"type":"content_block_start"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"partial_json":"{}","type":"input_json_delta"},"index":1,"type":"content_block_delta"})")
               + sseEvent("content_block_stop", R"({"index":1,"type":"content_block_stop"})")
               + sseEvent(
                   "message_delta",
                   R"({"delta":{"stop_reason":"end_turn","stop_sequence":null},"type":"message_delta","usage":{"output_tokens":5}})")
               + sseEvent("message_stop", R"({"type":"message_stop"})"));

    QTest::newRow("stop without delta, block open")
        << QList<StreamEvent> { start,
                                blockStart(0, ContentBlock::Kind::ToolUse, u"toolu_3"_s, u"Bash"_s),
                                ev(StreamEvent::Kind::ToolArgsDelta, 0, u"{}"_s),
                                ev(StreamEvent::Kind::MessageStop) }
        << QByteArray(
               sseEvent(
                   "message_start",
                   R"({"message":{"content":[],"id":"msg_1","model":"claude-client","role":"assistant","stop_reason":null,"stop_sequence":null,"type":"message","usage":{"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"input_tokens":10,"output_tokens":0}},"type":"message_start"})")
               + sseEvent(
                   "content_block_start",
                   R"({"content_block":{"id":"toolu_3","input":{},"name":"Bash","type":"tool_use"},"index":0,"type":"content_block_start"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"partial_json":"{}","type":"input_json_delta"},"index":0,"type":"content_block_delta"})")
               + sseEvent("content_block_stop", R"({"index":0,"type":"content_block_stop"})")
               + sseEvent(
                   "message_delta",
                   R"({"delta":{"stop_reason":"tool_use","stop_sequence":null},"type":"message_delta","usage":{"output_tokens":0}})")
               + sseEvent("message_stop", R"({"type":"message_stop"})"));

    QTest::newRow("finish closes an unfinished stream")
        << QList<StreamEvent> { start, ev(StreamEvent::Kind::TextDelta, 0, u"Hi"_s) }
        << QByteArray(
               sseEvent(
                   "message_start",
                   R"({"message":{"content":[],"id":"msg_1","model":"claude-client","role":"assistant","stop_reason":null,"stop_sequence":null,"type":"message","usage":{"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"input_tokens":10,"output_tokens":0}},"type":"message_start"})")
               + sseEvent(
                   "content_block_start",
                   R"({"content_block":{"text":"","type":"text"},"index":0,"type":"content_block_start"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"text":"Hi","type":"text_delta"},"index":0,"type":"content_block_delta"})")
               + sseEvent("content_block_stop", R"({"index":0,"type":"content_block_stop"})")
               + sseEvent(
                   "message_delta",
                   R"({"delta":{"stop_reason":"end_turn","stop_sequence":null},"type":"message_delta","usage":{"output_tokens":0}})")
               + sseEvent("message_stop", R"({"type":"message_stop"})"));

    StreamEvent failure = ev(StreamEvent::Kind::Error);
    failure.errorType = u"rate_limit_exceeded"_s;
    failure.errorMessage = u"Slow down"_s;
    QTest::newRow("error ends the stream")
        << QList<StreamEvent> { ev(StreamEvent::Kind::Ping),
                                start,
                                blockStart(0, ContentBlock::Kind::Text),
                                ev(StreamEvent::Kind::TextDelta, 0, u"Hi"_s),
                                failure,
                                ev(StreamEvent::Kind::MessageStop) }
        << QByteArray(
               sseEvent("ping", R"({"type":"ping"})")
               + sseEvent(
                   "message_start",
                   R"({"message":{"content":[],"id":"msg_1","model":"claude-client","role":"assistant","stop_reason":null,"stop_sequence":null,"type":"message","usage":{"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"input_tokens":10,"output_tokens":0}},"type":"message_start"})")
               + sseEvent(
                   "content_block_start",
                   R"({"content_block":{"text":"","type":"text"},"index":0,"type":"content_block_start"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"text":"Hi","type":"text_delta"},"index":0,"type":"content_block_delta"})")
               + sseEvent(
                   "error",
                   R"({"error":{"message":"Slow down","type":"rate_limit_error"},"type":"error"})"));
}

void TestAnthropicCodec::streamEncode()
{
    QFETCH(QList<StreamEvent>, events);
    QFETCH(QByteArray, expected);
    Request request;
    request.model = u"claude-client"_s;
    const auto encoder = m_codec.streamEncoder(request);
    QByteArray out;
    for (const StreamEvent &event : events)
        out += encoder->encode(event);
    out += encoder->finish();
    QCOMPARE(encoder->finish(), QByteArray());
    // Generated message ids are random: normalise them.
    const QString normalised = QString::fromUtf8(out).replace(
        QRegularExpression(u"\"msg_[A-Za-z0-9]{24}\""_s), u"\"msg_X\""_s);
    QCOMPARE(normalised, QString::fromUtf8(expected));
}

void TestAnthropicCodec::encodeError_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("expectedType");
    QTest::newRow("400") << 400 << u"invalid_request_error"_s << u"invalid_request_error"_s;
    QTest::newRow("401") << 401 << u"invalid_request_error"_s << u"authentication_error"_s;
    QTest::newRow("403") << 403 << u"insufficient_permissions"_s << u"permission_error"_s;
    QTest::newRow("404") << 404 << u"invalid_request_error"_s << u"not_found_error"_s;
    QTest::newRow("405") << 405 << u"invalid_request_error"_s << u"invalid_request_error"_s;
    QTest::newRow("413") << 413 << u"invalid_request_error"_s << u"request_too_large"_s;
    QTest::newRow("429") << 429 << u"requests"_s << u"rate_limit_error"_s;
    QTest::newRow("500") << 500 << u"server_error"_s << u"api_error"_s;
    QTest::newRow("502") << 502 << u"api_error"_s << u"api_error"_s;
    QTest::newRow("503") << 503 << u"api_error"_s << u"overloaded_error"_s;
    QTest::newRow("504") << 504 << u"api_error"_s << u"api_error"_s;
    QTest::newRow("529") << 529 << QString() << u"overloaded_error"_s;
    QTest::newRow("anthropic type kept") << 500 << u"overloaded_error"_s << u"overloaded_error"_s;
}

void TestAnthropicCodec::encodeError()
{
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, expectedType);
    base::ApiError error;
    error.status = status;
    error.type = type;
    error.message = u"Something \"went\" wrong"_s;
    error.param = u"model"_s;
    QCOMPARE(m_codec.encodeError(error),
             QByteArray("{\"error\":{\"message\":\"Something \\\"went\\\" wrong\",\"type\":\""
                        + expectedType.toUtf8() + "\"},\"type\":\"error\"}"));
}

void TestAnthropicCodec::decodeError_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::newRow("overloaded")
        << 529
        << QByteArray(
               R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")
        << u"overloaded_error"_s << u"Overloaded"_s;
    QTest::newRow("invalid request")
        << 400
        << QByteArray(
               R"({"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"},"request_id":"req_1"})")
        << u"invalid_request_error"_s << u"max_tokens: Field required"_s;
    QTest::newRow("html from a proxy") << 502 << QByteArray("<html>Bad Gateway</html>\n")
                                       << u"api_error"_s << u"<html>Bad Gateway</html>"_s;
    QTest::newRow("long text truncated")
        << 500 << QByteArray(600, 'x') << u"api_error"_s << QString(500, u'x');
    QTest::newRow("empty 503") << 503 << QByteArray() << u"overloaded_error"_s
                               << u"upstream answered HTTP 503"_s;
    QTest::newRow("401 without type")
        << 401 << QByteArray(R"({"error":{"message":"invalid x-api-key"}})")
        << u"authentication_error"_s << u"invalid x-api-key"_s;
}

void TestAnthropicCodec::decodeError()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, type);
    QFETCH(QString, message);
    const base::ApiError error = m_codec.decodeError(status, body);
    QCOMPARE(error.status, status);
    QCOMPARE(error.type, type);
    QCOMPARE(error.message, message);
}

QTEST_GUILESS_MAIN(TestAnthropicCodec)
#include "tst_anthropic_codec.moc"
