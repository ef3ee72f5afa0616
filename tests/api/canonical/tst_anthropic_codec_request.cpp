#include "CodecTestSupport.h"
#include "api/canonical/AnthropicCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::api;
using namespace switchyard::api::canonical;
using namespace switchyard::tests;

// Golden translation tests for the Anthropic Messages codec: requests, both directions.
// Declared before the JSON literals: moc's tokenizer trips over some raw strings.
class TestAnthropicCodecRequest final : public QObject
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

private:
    AnthropicCodec m_codec;
};

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

void TestAnthropicCodecRequest::requestRoundTrip()
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

void TestAnthropicCodecRequest::requestDecodeDetails()
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

void TestAnthropicCodecRequest::requestDecodeErrors_data()
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

void TestAnthropicCodecRequest::requestDecodeErrors()
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

void TestAnthropicCodecRequest::encodeMergesOpenAiConversation()
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

void TestAnthropicCodecRequest::encodeToolChoiceNeedsTools()
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

void TestAnthropicCodecRequest::encodeThinking_data()
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

void TestAnthropicCodecRequest::encodeThinking()
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

QTEST_GUILESS_MAIN(TestAnthropicCodecRequest)
#include "tst_anthropic_codec_request.moc"
