#include "CodecTestSupport.h"
#include "api/canonical/OpenAiChatCodec.h"
#include "api/canonical/OpenAiChatStreamEncoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::api;
using namespace switchyard::api::canonical;
using namespace switchyard::tests;

// Declared before the JSON literals: moc's tokenizer trips over some raw strings.
class TestOpenAiChatCodec final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestRoundTrip_data();
    void requestRoundTrip();
    void decodesRichRequest();
    void encodesCanonicalRequest_data();
    void encodesCanonicalRequest();
    void invalidRequest_data();
    void invalidRequest();
    void response_data();
    void response();
    void streamDecode_data();
    void streamDecode();
    void streamEncode_data();
    void streamEncode();
    void streamRoundTrip();
    void decodeError_data();
    void decodeError();
    void encodeError();
};

namespace {

// A one-line form of a canonical event, used both to describe decoder output and to build
// encoder input: "start ID MODEL", "block_start I text|thinking|tool [ID NAME]", "text I …",
// "thinking I …", "args I …", "block_stop I", "delta STOP [usage IN CACHE OUT REASONING]",
// "stop", "error TYPE MESSAGE".
QString describe(const StreamEvent &e)
{
    const QString i = QString::number(e.index);
    switch (e.kind) {
    case StreamEvent::Kind::MessageStart:
        return u"start "_s % e.id % u' ' % e.model;
    case StreamEvent::Kind::BlockStart:
        if (e.block.kind == ContentBlock::Kind::ToolUse)
            return u"block_start "_s % i % u" tool "_s % e.block.toolId % u' ' % e.block.toolName;
        return u"block_start "_s % i
            % (e.block.kind == ContentBlock::Kind::Thinking ? u" thinking"_s : u" text"_s);
    case StreamEvent::Kind::TextDelta:
        return u"text "_s % i % u' ' % e.text;
    case StreamEvent::Kind::ThinkingDelta:
        return u"thinking "_s % i % u' ' % e.text;
    case StreamEvent::Kind::ToolArgsDelta:
        return u"args "_s % i % u' ' % e.text;
    case StreamEvent::Kind::BlockStop:
        return u"block_stop "_s % i;
    case StreamEvent::Kind::MessageDelta: {
        QString line = u"delta "_s % stopReasonName(e.stopReason);
        if (e.usage.known)
            line += u" usage "_s % QString::number(e.usage.inputTokens) % u' '
                % QString::number(e.usage.cacheReadTokens) % u' '
                % QString::number(e.usage.outputTokens) % u' '
                % QString::number(e.usage.reasoningTokens);
        return line;
    }
    case StreamEvent::Kind::MessageStop:
        return u"stop"_s;
    case StreamEvent::Kind::Error:
        return u"error "_s % e.errorType % u' ' % e.errorMessage;
    case StreamEvent::Kind::SignatureDelta:
        return u"signature "_s % i % u' ' % e.text;
    case StreamEvent::Kind::Ping:
        return u"ping"_s;
    }
    return {};
}

StreamEvent parseEvent(const QString &line)
{
    const QString head = line.section(u' ', 0, 0);
    const QString arg1 = line.section(u' ', 1, 1);
    const QString rest = line.section(u' ', 2); // keeps inner and leading spaces
    StreamEvent e;
    e.index = arg1.toInt();
    if (head == u"start") {
        e.kind = StreamEvent::Kind::MessageStart;
        e.id = arg1;
        e.model = rest;
    } else if (head == u"block_start") {
        e.kind = StreamEvent::Kind::BlockStart;
        const QString kind = rest.section(u' ', 0, 0);
        e.block.kind = kind == u"tool" ? ContentBlock::Kind::ToolUse
            : kind == u"thinking"      ? ContentBlock::Kind::Thinking
                                       : ContentBlock::Kind::Text;
        e.block.toolId = rest.section(u' ', 1, 1);
        e.block.toolName = rest.section(u' ', 2, 2);
    } else if (head == u"text" || head == u"thinking" || head == u"args") {
        e.kind = head == u"text" ? StreamEvent::Kind::TextDelta
            : head == u"args"    ? StreamEvent::Kind::ToolArgsDelta
                                 : StreamEvent::Kind::ThinkingDelta;
        e.text = rest;
    } else if (head == u"block_stop") {
        e.kind = StreamEvent::Kind::BlockStop;
    } else if (head == u"delta") {
        e.kind = StreamEvent::Kind::MessageDelta;
        e.index = 0;
        e.stopReason = stopReasonFromName(arg1);
        const QStringList usage = rest.split(u' ', Qt::SkipEmptyParts);
        if (usage.size() == 5) {
            e.usage.known = true;
            e.usage.inputTokens = usage.at(1).toLongLong();
            e.usage.cacheReadTokens = usage.at(2).toLongLong();
            e.usage.outputTokens = usage.at(3).toLongLong();
            e.usage.reasoningTokens = usage.at(4).toLongLong();
        }
    } else if (head == u"stop") {
        e.kind = StreamEvent::Kind::MessageStop;
    } else if (head == u"error") {
        e.kind = StreamEvent::Kind::Error;
        e.index = 0;
        e.errorType = arg1;
        e.errorMessage = rest;
    } else {
        qFatal("unknown event line in test");
    }
    return e;
}

QStringList decodeStream(const QByteArrayList &chunks, bool callFinish = true)
{
    const std::unique_ptr<StreamDecoder> decoder = OpenAiChatCodec().streamDecoder();
    return describeEach(decodeEvents(*decoder, dataChunks(chunks), callFinish), describe);
}

/// One complete SSE event of a chunk for the stream-encoder tests (fixed envelope).
QByteArray chunkLine(const QByteArray &choicesAndUsage)
{
    return "data: {\"choices\":" + choicesAndUsage.left(choicesAndUsage.indexOf('|'))
        + ",\"created\":1700000000,\"id\":\"msg_1\",\"model\":\"client-model\","
          "\"object\":\"chat.completion.chunk\""
        + choicesAndUsage.mid(choicesAndUsage.indexOf('|') + 1) + "}\n\n";
}

QByteArray deltaLine(const QByteArray &delta, const QByteArray &finish, bool usageNull)
{
    return chunkLine("[{\"delta\":" + delta + ",\"finish_reason\":" + finish
                     + ",\"index\":0,\"logprobs\":null}]|" + (usageNull ? ",\"usage\":null" : ""));
}

const QByteArray richRequest = R"({
  "model": "gpt-4o",
  "messages": [
    {"role": "system", "content": "You are terse."},
    {"role": "user", "content": [
      {"type": "text", "text": "What is in these images?", "cache_control": {"type": "ephemeral"}},
      {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
      {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}}]},
    {"role": "assistant", "content": "Checking the weather.", "tool_calls": [
      {"id": "call_1", "type": "function",
       "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}},
      {"id": "call_2", "type": "function",
       "function": {"name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"}}]},
    {"role": "tool", "tool_call_id": "call_1", "content": "18C"},
    {"role": "tool", "tool_call_id": "call_2", "content": "3C"},
    {"role": "user", "content": "Thanks"}
  ],
  "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather by city",
    "parameters": {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
      "properties": {"city": {"type": "string", "$schema": "x"}}, "required": ["city"]}}}],
  "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
  "parallel_tool_calls": true,
  "max_completion_tokens": 512,
  "temperature": 0.2,
  "top_p": 0.9,
  "stop": ["END", "STOP"],
  "stream": true,
  "stream_options": {"include_usage": true},
  "reasoning_effort": "medium",
  "user": "u-42",
  "response_format": {"type": "json_object"}
})";

// The same, as encoded for an upstream: $schema gone, max_tokens instead of
// max_completion_tokens; everything else identical.
const QByteArray richRequestEncoded
    = QByteArray(richRequest)
          .replace(R"("$schema": "http://json-schema.org/draft-07/schema#", )", "")
          .replace(R"(, "$schema": "x")", "")
          .replace("max_completion_tokens", "max_tokens");

const QByteArrayList parallelToolStream = {
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null})",
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Let me check."},"logprobs":null,"finish_reason":null}],"usage":null})",
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}],"usage":null})",
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"logprobs":null,"finish_reason":null}],"usage":null})",
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":" \"Paris\"}"}}]},"logprobs":null,"finish_reason":null}],"usage":null})",
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_2","type":"function","function":{"name":"get_time","arguments":""}}]},"logprobs":null,"finish_reason":null}],"usage":null})",
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"tz\":"}}]},"logprobs":null,"finish_reason":null}],"usage":null})",
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"\"CET\"}"}}]},"logprobs":null,"finish_reason":null}],"usage":null})",
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null})",
    R"({"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":25,"total_tokens":55,"prompt_tokens_details":{"cached_tokens":10},"completion_tokens_details":{"reasoning_tokens":0}}})",
    "[DONE]",
};

} // namespace

void TestOpenAiChatCodec::requestRoundTrip_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("rich") << richRequest << richRequestEncoded;
    QTest::newRow("no tools: tool_choice and parallel_tool_calls dropped")
        << QByteArray(R"({"model":"m","messages":[{"role":"developer","content":"Be nice"},
             {"role":"user","content":"hi"}],"tool_choice":"auto","parallel_tool_calls":false,
             "stop":"END","max_tokens":10})")
        << QByteArray(R"({"model":"m","messages":[{"role":"system","content":"Be nice"},
             {"role":"user","content":"hi"}],"stop":["END"],"max_tokens":10})");
    QTest::newRow("assistant reasoning dropped, required choice, no stream options")
        << QByteArray(R"({"model":"m","messages":[{"role":"user","content":"q"},
             {"role":"assistant","reasoning_content":"hmm","content":"a"},
             {"role":"user","content":[{"type":"text","text":"x"},{"type":"text","text":"y"}]}],
             "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
             "tool_choice":"required","stream":false})")
        << QByteArray(R"({"model":"m","messages":[{"role":"user","content":"q"},
             {"role":"assistant","content":"a"},
             {"role":"user","content":[{"type":"text","text":"x"},{"type":"text","text":"y"}]}],
             "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],
             "tool_choice":"required"})");
}

void TestOpenAiChatCodec::requestRoundTrip()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    const OpenAiChatCodec codec;
    const auto decoded = codec.decodeRequest(json(input));
    if (const auto *error = std::get_if<base::ApiError>(&decoded))
        QFAIL(qPrintable(error->param % u": "_s % error->message));
    const QJsonObject encoded = codec.encodeRequest(std::get<Request>(decoded));
    QCOMPARE(pretty(encoded), pretty(json(expected)));
}

void TestOpenAiChatCodec::decodesRichRequest()
{
    const auto decoded = OpenAiChatCodec().decodeRequest(json(richRequest));
    QVERIFY(std::holds_alternative<Request>(decoded));
    const Request &r = std::get<Request>(decoded);
    QCOMPARE(r.model, u"gpt-4o"_s);
    QCOMPARE(r.system.size(), 1);
    QCOMPARE(r.system.at(0).text, u"You are terse."_s);
    QCOMPARE(r.messages.size(), 4); // the two tool messages share one user message
    const Message &user = r.messages.at(0);
    QCOMPARE(user.content.size(), 3);
    QCOMPARE(user.content.at(0).cacheControl, json(R"({"type":"ephemeral"})"));
    QCOMPARE(user.content.at(1).kind, ContentBlock::Kind::Image);
    QCOMPARE(user.content.at(1).imageData, QByteArray("iVBORw0KGgo="));
    QCOMPARE(user.content.at(1).mediaType, u"image/png"_s);
    QCOMPARE(user.content.at(2).imageUrl, u"https://example.com/cat.jpg"_s);
    const Message &assistant = r.messages.at(1);
    QCOMPARE(assistant.role, Role::Assistant);
    QCOMPARE(assistant.content.size(), 3);
    QCOMPARE(assistant.content.at(0).text, u"Checking the weather."_s);
    QCOMPARE(assistant.content.at(1).kind, ContentBlock::Kind::ToolUse);
    QCOMPARE(assistant.content.at(1).toolArguments, uR"({"city": "Paris"})"_s); // exact text
    QCOMPARE(assistant.content.at(2).toolId, u"call_2"_s);
    const Message &results = r.messages.at(2);
    QCOMPARE(results.role, Role::User);
    QCOMPARE(results.content.size(), 2);
    QCOMPARE(results.content.at(0).kind, ContentBlock::Kind::ToolResult);
    QCOMPARE(results.content.at(0).toolId, u"call_1"_s);
    QCOMPARE(results.content.at(1).text, u"3C"_s);
    QCOMPARE(r.messages.at(3).content.at(0).text, u"Thanks"_s);
    QVERIFY(r.toolChoice.has_value());
    QCOMPARE(r.toolChoice->mode, ToolChoice::Mode::Specific);
    QCOMPARE(r.toolChoice->name, u"get_weather"_s);
    QCOMPARE(r.parallelToolCalls, std::optional<bool>(true));
    QCOMPARE(r.maxTokens, std::optional<int>(512));
    QCOMPARE(r.stop, QStringList({ u"END"_s, u"STOP"_s }));
    QVERIFY(r.stream);
    QVERIFY(r.includeUsage);
    QVERIFY(r.reasoning.has_value());
    QCOMPARE(r.reasoning->effort, u"medium"_s);
    QCOMPARE(r.user, u"u-42"_s);

    const auto thinking = OpenAiChatCodec().decodeRequest(json(
        R"({"model":"m","messages":[{"role":"assistant","content":"a","reasoning_content":"r"}]})"));
    const Message &m = std::get<Request>(thinking).messages.at(0);
    QCOMPARE(m.content.size(), 2);
    QCOMPARE(m.content.at(0).kind, ContentBlock::Kind::Thinking); // thinking comes first
    QCOMPARE(m.content.at(0).text, u"r"_s);
}

void TestOpenAiChatCodec::encodesCanonicalRequest_data()
{
    QTest::addColumn<int>("budget");
    QTest::addColumn<QString>("effort");
    QTest::newRow("1024 → low") << 1024 << u"low"_s;
    QTest::newRow("2048 → medium") << 2048 << u"medium"_s;
    QTest::newRow("8191 → medium") << 8191 << u"medium"_s;
    QTest::newRow("16000 → high") << 16000 << u"high"_s;
}

// What Anthropic-side requests look like after decoding: mixed user turns, thinking history,
// tool-result images, cached system blocks, tool_choice without tools, thinking budgets.
void TestOpenAiChatCodec::encodesCanonicalRequest()
{
    QFETCH(int, budget);
    QFETCH(QString, effort);
    Request request;
    request.model = u"m"_s;
    ContentBlock system;
    system.text = u"S"_s;
    system.cacheControl = json(R"({"type":"ephemeral"})");
    request.system = { system };
    request.toolChoice = ToolChoice { ToolChoice::Mode::Auto, QString(), true };
    request.reasoning = Reasoning { QString(), budget };

    ContentBlock thinking;
    thinking.kind = ContentBlock::Kind::Thinking;
    thinking.text = u"secret"_s;
    thinking.signature = u"sig"_s;
    ContentBlock use;
    use.kind = ContentBlock::Kind::ToolUse;
    use.toolId = u"toolu_1"_s;
    use.toolName = u"read"_s;
    use.toolArguments = uR"({"path":"a"})"_s;
    Message assistant { Role::Assistant, { thinking, use }, QString() };

    ContentBlock result1;
    result1.kind = ContentBlock::Kind::ToolResult;
    result1.toolId = u"toolu_1"_s;
    result1.text = u"file A"_s;
    result1.isError = true;
    ContentBlock text;
    text.text = u"and also"_s;
    ContentBlock image;
    image.kind = ContentBlock::Kind::Image;
    image.imageData = "AAAA";
    image.mediaType = u"image/jpeg"_s;
    ContentBlock result2;
    result2.kind = ContentBlock::Kind::ToolResult;
    result2.toolId = u"toolu_2"_s;
    result2.toolResult = { text, image };
    Message user { Role::User, { result1, text, result2 }, QString() };
    request.messages = { assistant, user };

    const QJsonObject expected = json(QByteArray(R"({"model":"m","messages":[
        {"role":"system","content":[{"type":"text","text":"S","cache_control":{"type":"ephemeral"}}]},
        {"role":"assistant","content":null,"tool_calls":[{"id":"toolu_1","type":"function",
          "function":{"name":"read","arguments":"{\"path\":\"a\"}"}}]},
        {"role":"tool","tool_call_id":"toolu_1","content":"file A"},
        {"role":"tool","tool_call_id":"toolu_2","content":"and also"},
        {"role":"user","content":[{"type":"text","text":"and also"},
          {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,AAAA"}}]}],
        "reasoning_effort":")") + effort.toUtf8()
                                      + "\"}");
    QCOMPARE(pretty(OpenAiChatCodec().encodeRequest(request)), pretty(expected));
}

void TestOpenAiChatCodec::invalidRequest_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");
    const QByteArray user = R"({"role":"user","content":"hi"})";
    QTest::newRow("no model") << QByteArray(R"({"messages":[{"role":"user","content":"x"}]})")
                              << u"model"_s;
    QTest::newRow("messages not array")
        << QByteArray(R"({"model":"m","messages":{}})") << u"messages"_s;
    QTest::newRow("message not object")
        << QByteArray(R"({"model":"m","messages":["hi"]})") << u"messages[0]"_s;
    QTest::newRow("unknown role") << QByteArray(R"({"model":"m","messages":[)" + user
                                                + R"(,{"role":"robot","content":"x"}]})")
                                  << u"messages[1].role"_s;
    QTest::newRow("content number")
        << QByteArray(R"({"model":"m","messages":[{"role":"user","content":5}]})")
        << u"messages[0].content"_s;
    QTest::newRow("audio part") << QByteArray(R"({"model":"m","messages":[{"role":"user",
        "content":[{"type":"text","text":"a"},{"type":"input_audio","input_audio":{}}]}]})")
                                << u"messages[0].content[1].type"_s;
    QTest::newRow("ftp image") << QByteArray(R"({"model":"m","messages":[{"role":"user",
        "content":[{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}]}]})")
                               << u"messages[0].content[0].image_url.url"_s;
    QTest::newRow("tool without id") << QByteArray(R"({"model":"m","messages":[)" + user + ","
                                                   + user + R"(,{"role":"tool","content":"r"}]})")
                                     << u"messages[2].tool_call_id"_s;
    QTest::newRow("tool call without name")
        << QByteArray(R"({"model":"m","messages":[)" + user + R"(,{"role":"assistant","tool_calls":
        [{"id":"c","type":"function","function":{"arguments":"{}"}}]}]})")
        << u"messages[1].tool_calls[0].function.name"_s;
    QTest::newRow("non-function tool") << QByteArray(R"({"model":"m","messages":[)" + user
                                                     + R"(],"tools":[{"type":"web_search"}]})")
                                       << u"tools[0].type"_s;
    QTest::newRow("bad tool_choice")
        << QByteArray(R"({"model":"m","messages":[)" + user + R"(],"tool_choice":"sometimes"})")
        << u"tool_choice"_s;
    QTest::newRow("negative max_tokens")
        << QByteArray(R"({"model":"m","messages":[)" + user + R"(],"max_tokens":-1})")
        << u"max_tokens"_s;
    QTest::newRow("fractional max_completion_tokens")
        << QByteArray(R"({"model":"m","messages":[)" + user + R"(],"max_completion_tokens":1.5})")
        << u"max_completion_tokens"_s;
    QTest::newRow("string temperature")
        << QByteArray(R"({"model":"m","messages":[)" + user + R"(],"temperature":"hot"})")
        << u"temperature"_s;
    QTest::newRow("numeric stop") << QByteArray(R"({"model":"m","messages":[)" + user
                                                + R"(],"stop":["a",1]})")
                                  << u"stop[1]"_s;
}

void TestOpenAiChatCodec::invalidRequest()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    const auto decoded = OpenAiChatCodec().decodeRequest(json(body));
    QVERIFY(std::holds_alternative<base::ApiError>(decoded));
    const base::ApiError &error = std::get<base::ApiError>(decoded);
    QCOMPARE(error.param, param);
    QCOMPARE(error.status, 400);
    QCOMPARE(error.type, u"invalid_request_error"_s);
    QVERIFY(!error.message.isEmpty());
}

void TestOpenAiChatCodec::response_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("content"); // block kinds and texts
    QTest::addColumn<QString>("stop");
    QTest::addColumn<QString>("usage"); // "known input cacheRead output reasoning"
    QTest::addColumn<QByteArray>("reencoded"); // empty: identical to body
    QTest::newRow("cached and reasoning tokens")
        << QByteArray(R"({"id":"chatcmpl-abc",
        "object":"chat.completion","created":1700000000,"model":"o3-mini","choices":[{"index":0,
        "message":{"role":"assistant","content":"Hi","reasoning_content":"think","refusal":null},
        "logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":1000,
        "completion_tokens":300,"total_tokens":1300,"prompt_tokens_details":{"cached_tokens":800},
        "completion_tokens_details":{"reasoning_tokens":200}}})")
        << u"thinking:think|text:Hi"_s << u"end_turn"_s << u"1 200 800 300 200"_s << QByteArray();
    const QByteArray toolBody = R"({"id":"chatcmpl-t","object":"chat.completion","created":5,
        "model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,
        "tool_calls":[{"id":"call_9","type":"function","function":{"name":"ls","arguments":"{\"d\":1}"}}]},
        "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}})";
    QTest::newRow("tool call, plain usage")
        << toolBody << uR"(tool:call_9:ls:{"d":1})"_s << u"tool_use"_s << u"1 7 0 3 0"_s
        << QByteArray(R"({"id":"chatcmpl-t","object":"chat.completion","created":5,
        "model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
        "tool_calls":[{"id":"call_9","type":"function","function":{"name":"ls","arguments":"{\"d\":1}"}}]},
        "logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":7,"completion_tokens":3,
        "total_tokens":10,"prompt_tokens_details":{"cached_tokens":0},
        "completion_tokens_details":{"reasoning_tokens":0}}})");
    QTest::newRow("length, no usage")
        << QByteArray(R"({"id":"chatcmpl-l","object":"chat.completion",
        "created":9,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"abc",
        "refusal":null},"logprobs":null,"finish_reason":"length"}]})")
        << u"text:abc"_s << u"max_tokens"_s << u"0 0 0 0 0"_s << QByteArray();
}

void TestOpenAiChatCodec::response()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, content);
    QFETCH(QString, stop);
    QFETCH(QString, usage);
    QFETCH(QByteArray, reencoded);
    const OpenAiChatCodec codec;
    const auto decoded = codec.decodeResponse(json(body));
    QVERIFY(std::holds_alternative<Response>(decoded));
    const Response &r = std::get<Response>(decoded);
    QStringList blocks;
    for (const ContentBlock &b : r.content) {
        if (b.kind == ContentBlock::Kind::ToolUse)
            blocks.append(u"tool:"_s % b.toolId % u':' % b.toolName % u':' % b.toolArguments);
        else
            blocks.append((b.kind == ContentBlock::Kind::Thinking ? u"thinking:"_s : u"text:"_s)
                          % b.text);
    }
    QCOMPARE(blocks.join(u'|'), content);
    QCOMPARE(stopReasonName(r.stopReason), stop);
    const QString gotUsage = QString::number(int(r.usage.known)) % u' '
        % QString::number(r.usage.inputTokens) % u' ' % QString::number(r.usage.cacheReadTokens)
        % u' ' % QString::number(r.usage.outputTokens) % u' '
        % QString::number(r.usage.reasoningTokens);
    QCOMPARE(gotUsage, usage);
    QCOMPARE(pretty(codec.encodeResponse(r)), pretty(json(reencoded.isEmpty() ? body : reencoded)));
}

void TestOpenAiChatCodec::streamDecode_data()
{
    QTest::addColumn<QByteArrayList>("chunks");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("text then two parallel tool calls, usage chunk")
        << parallelToolStream
        << QStringList { u"start c1 gpt-4o"_s,
                         u"block_start 0 text"_s,
                         u"text 0 Let me check."_s,
                         u"block_stop 0"_s,
                         u"block_start 1 tool call_1 get_weather"_s,
                         uR"(args 1 {"city":)"_s,
                         uR"(args 1  "Paris"})"_s,
                         u"block_stop 1"_s,
                         u"block_start 2 tool call_2 get_time"_s,
                         uR"(args 2 {"tz":)"_s,
                         uR"(args 2 "CET"})"_s,
                         u"block_stop 2"_s,
                         u"delta tool_use usage 20 10 25 0"_s,
                         u"stop"_s };
    QTest::newRow("reasoning then text, usage on the finish chunk")
        << QByteArrayList { R"({"id":"r1","model":"deepseek-r1","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":""}}]})",
                            R"({"id":"r1","model":"deepseek-r1","choices":[{"index":0,"delta":{"reasoning_content":"Hmm"}}]})",
                            R"({"id":"r1","model":"deepseek-r1","choices":[{"index":0,"delta":{"reasoning_content":", ok"}}]})",
                            R"({"id":"r1","model":"deepseek-r1","choices":[{"index":0,"delta":{"content":"Hi"}}]})",
                            R"({"id":"r1","model":"deepseek-r1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":9,"completion_tokens_details":{"reasoning_tokens":6}}})",
                            "[DONE]" }
        << QStringList { u"start r1 deepseek-r1"_s,
                         u"block_start 0 thinking"_s,
                         u"thinking 0 Hmm"_s,
                         u"thinking 0 , ok"_s,
                         u"block_stop 0"_s,
                         u"block_start 1 text"_s,
                         u"text 1 Hi"_s,
                         u"block_stop 1"_s,
                         u"delta end_turn usage 5 0 9 6"_s,
                         u"stop"_s };
    QTest::newRow("finish_reason but no [DONE]") << QByteArrayList {
        R"({"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"a"}}]})",
        R"({"id":"x","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"length"}]})"
    } << QStringList { u"start x m"_s,    u"block_start 0 text"_s, u"text 0 a"_s,
                       u"block_stop 0"_s, u"delta max_tokens"_s,   u"stop"_s };
    QTest::newRow("cut stream")
        << QByteArrayList { R"({"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"Hel"}}]})" }
        << QStringList { u"start x m"_s, u"block_start 0 text"_s, u"text 0 Hel"_s,
                         u"error api_error the upstream stream ended early"_s };
    QTest::newRow("error chunk") << QByteArrayList {
        R"({"error":{"message":"Overloaded","type":"server_error"}})"
    } << QStringList { u"error server_error Overloaded"_s };
}

void TestOpenAiChatCodec::streamDecode()
{
    QFETCH(QByteArrayList, chunks);
    QFETCH(QStringList, expected);
    QCOMPARE(decodeStream(chunks), expected);
}

void TestOpenAiChatCodec::streamEncode_data()
{
    QTest::addColumn<QStringList>("events");
    QTest::addColumn<bool>("includeUsage");
    QTest::addColumn<QByteArray>("expected");
    const QStringList textAndTool { u"start msg_1 upstream-model"_s,
                                    u"block_start 0 thinking"_s,
                                    u"thinking 0 Plan"_s,
                                    u"block_stop 0"_s,
                                    u"block_start 1 text"_s,
                                    u"text 1 Hi"_s,
                                    u"block_stop 1"_s,
                                    u"block_start 2 tool toolu_1 get_weather"_s,
                                    uR"(args 2 {"city":)"_s,
                                    uR"(args 2 "Paris"})"_s,
                                    u"block_stop 2"_s,
                                    u"delta tool_use usage 100 50 20 4"_s,
                                    u"stop"_s };
    for (const bool usage : { true, false }) {
        QByteArray bytes
            = deltaLine(R"({"content":"","role":"assistant"})", "null", usage)
            + deltaLine(R"({"reasoning_content":"Plan"})", "null", usage)
            + deltaLine(R"({"content":"Hi"})", "null", usage)
            + deltaLine(
                  R"({"tool_calls":[{"function":{"arguments":"","name":"get_weather"},"id":"toolu_1","index":0,"type":"function"}]})",
                  "null", usage)
            + deltaLine(R"({"tool_calls":[{"function":{"arguments":"{\"city\":"},"index":0}]})",
                        "null", usage)
            + deltaLine(R"({"tool_calls":[{"function":{"arguments":"\"Paris\"}"},"index":0}]})",
                        "null", usage)
            + deltaLine("{}", "\"tool_calls\"", usage);
        if (usage)
            bytes += chunkLine(
                R"([]|,"usage":{"completion_tokens":20,"completion_tokens_details":{"reasoning_tokens":4},"prompt_tokens":150,"prompt_tokens_details":{"cached_tokens":50},"total_tokens":170})");
        bytes += "data: [DONE]\n\n";
        QTest::newRow(usage ? "include_usage" : "no usage") << textAndTool << usage << bytes;
    }
    QTest::newRow("error mid-stream")
        << QStringList { u"start msg_1 m"_s, u"block_start 0 text"_s, u"text 0 a"_s,
                         u"error overloaded_error Overloaded"_s, u"stop"_s }
        << false
        << QByteArray(
               deltaLine(R"({"content":"","role":"assistant"})", "null", false)
               + deltaLine(R"({"content":"a"})", "null", false)
               + R"(data: {"error":{"code":"overloaded_error","message":"Overloaded","param":null,"type":"overloaded_error"}})"
               + "\n\ndata: [DONE]\n\n");
}

void TestOpenAiChatCodec::streamEncode()
{
    QFETCH(QStringList, events);
    QFETCH(bool, includeUsage);
    QFETCH(QByteArray, expected);
    Request request;
    request.model = u"client-model"_s;
    request.stream = true;
    request.includeUsage = includeUsage;
    OpenAiChatStreamEncoder encoder(request, 1700000000, u"chatcmpl-fallback"_s);
    QByteArray bytes;
    for (const QString &line : events)
        bytes += encoder.encode(parseEvent(line));
    bytes += encoder.finish();
    QCOMPARE(bytes, expected);
    QCOMPARE(encoder.finish(), QByteArray()); // closing twice writes nothing
}

// Upstream chunks → canonical → client chunks gives back the same chunks, JSON for JSON.
void TestOpenAiChatCodec::streamRoundTrip()
{
    const std::unique_ptr<StreamDecoder> decoder = OpenAiChatCodec().streamDecoder();
    Request request;
    request.model = u"gpt-4o"_s;
    request.includeUsage = true;
    OpenAiChatStreamEncoder encoder(request, 1, u"unused"_s);
    const QByteArray bytes
        = encodeEvents(encoder, decodeEvents(*decoder, dataChunks(parallelToolStream)));

    QByteArrayList events = bytes.split('\n');
    events.removeAll(QByteArray());
    QCOMPARE(events.size(), parallelToolStream.size());
    for (qsizetype i = 0; i < events.size(); ++i) {
        QVERIFY(events.at(i).startsWith("data: "));
        const QByteArray data = events.at(i).mid(6);
        if (parallelToolStream.at(i) == "[DONE]")
            QCOMPARE(data, QByteArray("[DONE]"));
        else
            QCOMPARE(pretty(json(data)), pretty(json(parallelToolStream.at(i))));
    }
}

void TestOpenAiChatCodec::decodeError_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("code");
    QTest::newRow("rate limit") << 429 << QByteArray(R"({"error":{"message":"Rate limit reached",
        "type":"requests","param":null,"code":"rate_limit_exceeded"}})")
                                << u"requests"_s << u"Rate limit reached"_s << QString()
                                << u"rate_limit_exceeded"_s;
    QTest::newRow("invalid with param")
        << 400 << QByteArray(R"({"error":{"message":"bad",
        "type":"invalid_request_error","param":"messages[0]","code":null}})")
        << u"invalid_request_error"_s << u"bad"_s << u"messages[0]"_s << QString();
    QTest::newRow("numeric code") << 404 << QByteArray(R"({"error":{"message":"no such model",
        "type":"invalid_request_error","code":404}})")
                                  << u"invalid_request_error"_s << u"no such model"_s << QString()
                                  << u"404"_s;
    QTest::newRow("string error") << 500 << QByteArray(R"({"error":"boom"})") << u"api_error"_s
                                  << u"boom"_s << QString() << QString();
    QTest::newRow("html") << 502 << QByteArray("<html>Bad Gateway</html>\n") << u"api_error"_s
                          << u"<html>Bad Gateway</html>"_s << QString() << QString();
    QTest::newRow("long text truncated") << 503 << QByteArray(600, 'a') << u"api_error"_s
                                         << QString(500, u'a') << QString() << QString();
}

void TestOpenAiChatCodec::decodeError()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, type);
    QFETCH(QString, message);
    QFETCH(QString, param);
    QFETCH(QString, code);
    const base::ApiError error = OpenAiChatCodec().decodeError(status, body);
    QCOMPARE(error.status, status);
    QCOMPARE(error.type, type);
    QCOMPARE(error.message, message);
    QCOMPARE(error.param, param);
    QCOMPARE(error.code, code);
}

void TestOpenAiChatCodec::encodeError()
{
    const OpenAiChatCodec codec;
    const base::ApiError error
        = base::ApiError::invalidRequest(u"bad content"_s, u"messages[0].content"_s);
    const QByteArray body = codec.encodeError(error);
    QCOMPARE(
        body,
        QByteArray(
            R"({"error":{"code":null,"message":"bad content","param":"messages[0].content","type":"invalid_request_error"}})"));
    const base::ApiError back = codec.decodeError(400, body);
    QCOMPARE(back.message, error.message);
    QCOMPARE(back.type, error.type);
    QCOMPARE(back.param, error.param);

    base::ApiError untyped;
    untyped.status = 503;
    untyped.message = u"down"_s;
    QCOMPARE(json(codec.encodeError(untyped)).value(u"error").toObject().value(u"type").toString(),
             u"api_error"_s);
}

QTEST_GUILESS_MAIN(TestOpenAiChatCodec)
#include "tst_openai_chat_codec.moc"
