// Golden translation tests over every inbound × upstream pairing: a client's request decoded by
// the inbound codec and encoded by the upstream codec, and the upstream's answer (plain and
// streamed) decoded by the upstream codec and encoded back by the inbound codec.

#include "CodecTestSupport.h"
#include "api/canonical/Codecs.h"
#include "base/WireFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::api;
using namespace switchyard::api::canonical;
using namespace switchyard::tests;

// Declared before the JSON literals: moc's tokenizer trips over some raw strings.
class TestTranslationPairs final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestRoundTrip_data();
    void requestRoundTrip();
    void responseRoundTrip_data();
    void responseRoundTrip();
    void streamRoundTrip_data();
    void streamRoundTrip();
};

namespace {

const QString kSystem = u"You are a weather bot."_s;
const QString kQuestion = u"Should I bring a jacket?"_s;
const QByteArray kImage = "iVBORw0KGgo=";
const QJsonObject kOslo { { u"city"_s, u"Oslo"_s } };

// ---- golden requests, as each client really sends them ----

const QByteArray kChatRequest = R"({
  "model": "gpt-4o",
  "messages": [
    {"role": "system", "content": "You are a weather bot."},
    {"role": "user", "content": [
      {"type": "text", "text": "What is in this picture?"},
      {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
    ]},
    {"role": "assistant", "content": null, "tool_calls": [
      {"id": "call_A1", "type": "function",
       "function": {"name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"}}
    ]},
    {"role": "tool", "tool_call_id": "call_A1", "content": "12 C"},
    {"role": "user", "content": "Should I bring a jacket?"}
  ],
  "tools": [
    {"type": "function", "function": {
      "name": "get_weather",
      "description": "Current weather for a city",
      "parameters": {
        "$schema": "http:\/\/json-schema.org\/draft-07\/schema#",
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
        "additionalProperties": false
      }
    }}
  ],
  "stream": false
})";

const QByteArray kAnthropicRequest = R"({
  "model": "claude-sonnet-4-5",
  "max_tokens": 1024,
  "system": [{"type": "text", "text": "You are a weather bot."}],
  "tools": [
    {"name": "get_weather",
     "description": "Current weather for a city",
     "input_schema": {
       "$schema": "http:\/\/json-schema.org\/draft-07\/schema#",
       "type": "object",
       "properties": {"city": {"type": "string"}},
       "required": ["city"]
     }}
  ],
  "messages": [
    {"role": "user", "content": [
      {"type": "text", "text": "What is in this picture?"},
      {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}
    ]},
    {"role": "assistant", "content": [
      {"type": "tool_use", "id": "call_A1", "name": "get_weather", "input": {"city": "Oslo"}}
    ]},
    {"role": "user", "content": [
      {"type": "tool_result", "tool_use_id": "call_A1", "content": "12 C"},
      {"type": "text", "text": "Should I bring a jacket?"}
    ]}
  ],
  "stream": false
})";

const QByteArray kResponsesRequest = R"({
  "model": "gpt-5-codex",
  "instructions": "You are a weather bot.",
  "input": [
    {"type": "message", "role": "user", "content": [
      {"type": "input_text", "text": "What is in this picture?"},
      {"type": "input_image", "image_url": "data:image/png;base64,iVBORw0KGgo="}
    ]},
    {"type": "function_call", "call_id": "call_A1", "name": "get_weather",
     "arguments": "{\"city\":\"Oslo\"}"},
    {"type": "function_call_output", "call_id": "call_A1", "output": "12 C"},
    {"type": "message", "role": "user", "content": [
      {"type": "input_text", "text": "Should I bring a jacket?"}
    ]}
  ],
  "tools": [
    {"type": "function", "name": "get_weather", "description": "Current weather for a city",
     "strict": false,
     "parameters": {
       "$schema": "http:\/\/json-schema.org\/draft-07\/schema#",
       "type": "object",
       "properties": {"city": {"type": "string"}},
       "required": ["city"]
     }}
  ],
  "tool_choice": "auto",
  "parallel_tool_calls": false,
  "store": false,
  "stream": false
})";

// ---- golden non-stream responses, as each upstream really answers ----

const QByteArray kChatResponse = R"({
  "id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-2024",
  "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
    "role": "assistant", "content": "Hello",
    "tool_calls": [{"id": "call_Z9", "type": "function",
                    "function": {"name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"}}]
  }}],
  "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120,
            "prompt_tokens_details": {"cached_tokens": 40}}
})";

const QByteArray kAnthropicResponse = R"({
  "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
  "content": [
    {"type": "text", "text": "Hello"},
    {"type": "tool_use", "id": "toolu_Z9", "name": "get_weather", "input": {"city": "Oslo"}}
  ],
  "stop_reason": "tool_use", "stop_sequence": null,
  "usage": {"input_tokens": 60, "cache_read_input_tokens": 40, "cache_creation_input_tokens": 0,
            "output_tokens": 20}
})";

const QByteArray kOllamaResponse = R"({
  "model": "llama3.1", "created_at": "2024-07-22T20:33:28.123Z",
  "message": {"role": "assistant", "content": "Hello",
              "tool_calls": [{"function": {"name": "get_weather", "arguments": {"city": "Oslo"}}}]},
  "done": true, "done_reason": "stop",
  "total_duration": 1000, "prompt_eval_count": 100, "eval_count": 20
})";

// ---- golden streams ----

using Stream = QList<WireChunk>;

Stream chatStream()
{
    const QByteArray head = R"({"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,)"
                            R"("model":"gpt-4o-2024","choices":[{"index":0,)";
    return {
        { {}, head + R"("delta":{"role":"assistant","content":""},"finish_reason":null}]})" },
        { {}, head + R"("delta":{"content":"Hel"},"finish_reason":null}]})" },
        { {}, head + R"("delta":{"content":"lo"},"finish_reason":null}]})" },
        { {},
          head
              + R"("delta":{"tool_calls":[{"index":0,"id":"call_Z9","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]})" },
        { {},
          head
              + R"("delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\""}}]},"finish_reason":null}]})" },
        { {},
          head
              + R"("delta":{"tool_calls":[{"index":0,"function":{"arguments":":\"Oslo\"}"}}]},"finish_reason":null}]})" },
        { {}, head + R"("delta":{},"finish_reason":"tool_calls"}]})" },
        { {},
          R"({"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024","choices":[],)"
          R"("usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120,"prompt_tokens_details":{"cached_tokens":40}}})" },
        { {}, "[DONE]" },
    };
}

Stream anthropicStream()
{
    return {
        { "message_start",
          R"({"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":60,"cache_read_input_tokens":40,"cache_creation_input_tokens":0,"output_tokens":1}}})" },
        { "content_block_start",
          R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})" },
        { "ping", R"({"type":"ping"})" },
        { "content_block_delta",
          R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}})" },
        { "content_block_delta",
          R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}})" },
        { "content_block_stop", R"({"type":"content_block_stop","index":0})" },
        { "content_block_start",
          R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_Z9","name":"get_weather","input":{}}})" },
        { "content_block_delta",
          R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\""}})" },
        { "content_block_delta",
          R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":":\"Oslo\"}"}})" },
        { "content_block_stop", R"({"type":"content_block_stop","index":1})" },
        { "message_delta",
          R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":20}})" },
        { "message_stop", R"({"type":"message_stop"})" },
    };
}

Stream ollamaStream()
{
    const QByteArray head = R"({"model":"llama3.1","created_at":"2024-07-22T20:33:28.123Z",)";
    return {
        { {}, head + R"("message":{"role":"assistant","content":"Hel"},"done":false})" },
        { {}, head + R"("message":{"role":"assistant","content":"lo"},"done":false})" },
        { {},
          head
              + R"("message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Oslo"}}}]},"done":false})" },
        { {},
          head
              + R"("message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":100,"eval_count":20})" },
    };
}

// ---- helpers ----

QString formatTag(base::WireFormat format)
{
    switch (format) {
    case base::WireFormat::OpenAiChat:
        return u"openai"_s;
    case base::WireFormat::AnthropicMessages:
        return u"anthropic"_s;
    case base::WireFormat::OpenAiResponses:
        return u"responses"_s;
    case base::WireFormat::OllamaChat:
        return u"ollama"_s;
    default:
        return u"?"_s;
    }
}

void addPairRows()
{
    QTest::addColumn<int>("inbound");
    QTest::addColumn<int>("upstream");
    for (base::WireFormat in : { base::WireFormat::OpenAiChat, base::WireFormat::AnthropicMessages,
                                 base::WireFormat::OpenAiResponses }) {
        for (base::WireFormat up :
             { base::WireFormat::OpenAiChat, base::WireFormat::AnthropicMessages,
               base::WireFormat::OllamaChat }) {
            const QString name = formatTag(in) % u"->"_s % formatTag(up);
            QTest::newRow(qPrintable(name)) << int(in) << int(up);
        }
    }
}

/// The formats and codecs of the current addPairRows() row.
struct Pairing
{
    base::WireFormat in;
    base::WireFormat up;
    const Codec *inCodec;
    const Codec *upCodec;
};

Pairing currentPairing()
{
    QFETCH(int, inbound);
    QFETCH(int, upstream);
    const auto in = base::WireFormat(inbound);
    const auto up = base::WireFormat(upstream);
    return { in, up, codecFor(in), codecFor(up) };
}

/// Text of an OpenAI/Ollama "content" (string or parts) or Anthropic content (string or blocks).
QString textOf(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList parts;
    for (const QJsonValue &part : content.toArray()) {
        const QJsonObject object = part.toObject();
        const QString type = object.value(u"type").toString();
        if (type == u"text" || type == u"input_text" || type == u"output_text")
            parts.append(object.value(u"text").toString());
    }
    return parts.join(u'\n');
}

/// One step of an upstream conversation, flattened across formats.
struct Step
{
    QString role; ///< user / assistant / tool / system
    QString kind; ///< "text", "call", "result"
    QString id; ///< tool call id (empty for Ollama)
    QString name;
    QString text;
};

QList<Step> flatten(base::WireFormat format, const QJsonObject &body)
{
    QList<Step> steps;
    for (const QJsonValue &value : body.value(u"messages").toArray()) {
        const QJsonObject message = value.toObject();
        const QString role = message.value(u"role").toString();
        if (format == base::WireFormat::AnthropicMessages) {
            const QJsonValue content = message.value(u"content");
            if (content.isString()) {
                steps.append({ role, u"text"_s, {}, {}, content.toString() });
                continue;
            }
            for (const QJsonValue &blockValue : content.toArray()) {
                const QJsonObject block = blockValue.toObject();
                const QString type = block.value(u"type").toString();
                if (type == u"text")
                    steps.append({ role, u"text"_s, {}, {}, block.value(u"text").toString() });
                else if (type == u"tool_use")
                    steps.append({ role,
                                   u"call"_s,
                                   block.value(u"id").toString(),
                                   block.value(u"name").toString(),
                                   {} });
                else if (type == u"tool_result")
                    steps.append({ role,
                                   u"result"_s,
                                   block.value(u"tool_use_id").toString(),
                                   {},
                                   textOf(block.value(u"content")) });
            }
            continue;
        }
        if (role == u"tool") {
            steps.append({ role, u"result"_s, message.value(u"tool_call_id").toString(),
                           message.value(u"tool_name").toString(),
                           textOf(message.value(u"content")) });
            continue;
        }
        const QString text = textOf(message.value(u"content"));
        if (!text.isEmpty())
            steps.append({ role, u"text"_s, {}, {}, text });
        for (const QJsonValue &call : message.value(u"tool_calls").toArray()) {
            const QJsonObject object = call.toObject();
            steps.append({ role,
                           u"call"_s,
                           object.value(u"id").toString(),
                           object.value(u"function").toObject().value(u"name").toString(),
                           {} });
        }
    }
    return steps;
}

QString systemText(base::WireFormat format, const QJsonObject &body)
{
    if (format == base::WireFormat::AnthropicMessages)
        return textOf(body.value(u"system"));
    QStringList texts;
    for (const QJsonValue &value : body.value(u"messages").toArray()) {
        const QJsonObject message = value.toObject();
        if (message.value(u"role").toString() == u"system"
            || message.value(u"role").toString() == u"developer")
            texts.append(textOf(message.value(u"content")));
    }
    return texts.join(u'\n');
}

QStringList toolNames(base::WireFormat format, const QJsonObject &body)
{
    QStringList names;
    for (const QJsonValue &value : body.value(u"tools").toArray()) {
        const QJsonObject tool = value.toObject();
        names.append(format == base::WireFormat::AnthropicMessages
                         ? tool.value(u"name").toString()
                         : tool.value(u"function").toObject().value(u"name").toString());
    }
    return names;
}

/// The text of the last message whose role is user (Anthropic: its text blocks only).
QString lastUserText(base::WireFormat format, const QJsonObject &body)
{
    const QJsonArray messages = body.value(u"messages").toArray();
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const QJsonObject message = messages.at(i).toObject();
        if (message.value(u"role").toString() != u"user")
            continue;
        Q_UNUSED(format);
        return textOf(message.value(u"content"));
    }
    return {};
}

QJsonObject parseArgs(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

// ---------------------------------------------------------------------------------------------

void TestTranslationPairs::requestRoundTrip_data()
{
    addPairRows();
}

void TestTranslationPairs::requestRoundTrip()
{
    const auto [in, up, inCodec, upCodec] = currentPairing();
    QVERIFY(inCodec);
    QVERIFY(upCodec);

    const QByteArray golden = in == base::WireFormat::OpenAiChat ? kChatRequest
        : in == base::WireFormat::AnthropicMessages              ? kAnthropicRequest
                                                                 : kResponsesRequest;
    const auto decoded = inCodec->decodeRequest(json(golden));
    if (const auto *error = std::get_if<base::ApiError>(&decoded))
        QFAIL(qPrintable(u"inbound decode failed: "_s % error->message));
    const Request &request = std::get<Request>(decoded);

    const QJsonObject body = upCodec->encodeRequest(request);
    const QByteArray text = QJsonDocument(body).toJson();

    // System prompt.
    QVERIFY2(systemText(up, body).contains(kSystem), text.constData());
    // Image data, as sent.
    QVERIFY2(text.contains(kImage), text.constData());
    // Tool definition, without "$schema".
    QVERIFY2(toolNames(up, body).contains(u"get_weather"_s), text.constData());
    QVERIFY2(!text.contains("$schema"), text.constData());

    // The tool call and its result, in order.
    const QList<Step> steps = flatten(up, body);
    qsizetype callAt = -1;
    qsizetype resultAt = -1;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const Step &step = steps.at(i);
        if (step.kind == u"call" && step.name == u"get_weather" && callAt < 0)
            callAt = i;
        if (step.kind == u"result" && resultAt < 0)
            resultAt = i;
    }
    QVERIFY2(callAt >= 0, text.constData());
    QVERIFY2(resultAt >= 0, text.constData());
    QVERIFY2(resultAt > callAt, text.constData());
    QCOMPARE(steps.at(resultAt).text, u"12 C"_s);
    if (up == base::WireFormat::OllamaChat) {
        // No ids: the tool message follows the assistant message carrying the tool_calls.
        QCOMPARE(steps.at(callAt).role, u"assistant"_s);
        QCOMPARE(steps.at(resultAt).role, u"tool"_s);
        QCOMPARE(resultAt, callAt + 1);
    } else {
        QCOMPARE(steps.at(callAt).id, u"call_A1"_s);
        QCOMPARE(steps.at(resultAt).id, u"call_A1"_s);
    }

    // The final question is the last user message (and the last step of the conversation).
    QVERIFY2(lastUserText(up, body).endsWith(kQuestion), text.constData());
    QCOMPARE(steps.constLast().role, u"user"_s);
    QCOMPARE(steps.constLast().text, kQuestion);
}

// ---------------------------------------------------------------------------------------------

void TestTranslationPairs::responseRoundTrip_data()
{
    addPairRows();
}

void TestTranslationPairs::responseRoundTrip()
{
    const auto [in, up, inCodec, upCodec] = currentPairing();

    const QByteArray golden = up == base::WireFormat::OpenAiChat ? kChatResponse
        : up == base::WireFormat::AnthropicMessages              ? kAnthropicResponse
                                                                 : kOllamaResponse;
    auto decoded = upCodec->decodeResponse(json(golden));
    if (const auto *error = std::get_if<base::ApiError>(&decoded))
        QFAIL(qPrintable(u"upstream decode failed: "_s % error->message));
    Response response = std::get<Response>(decoded);
    response.model = u"client-model"_s;

    const QJsonObject body = inCodec->encodeResponse(response);
    const QByteArray text = QJsonDocument(body).toJson();
    QVERIFY2(text.contains("Hello"), text.constData());

    QString toolName;
    QJsonObject toolArgs;
    bool toolStop = false;
    switch (in) {
    case base::WireFormat::OpenAiChat: {
        const QJsonObject choice = body.value(u"choices").toArray().at(0).toObject();
        const QJsonObject message = choice.value(u"message").toObject();
        QCOMPARE(textOf(message.value(u"content")), u"Hello"_s);
        const QJsonObject function
            = message.value(u"tool_calls").toArray().at(0).toObject().value(u"function").toObject();
        toolName = function.value(u"name").toString();
        toolArgs = parseArgs(function.value(u"arguments").toString());
        toolStop = choice.value(u"finish_reason").toString() == u"tool_calls";
        break;
    }
    case base::WireFormat::AnthropicMessages: {
        QString hello;
        for (const QJsonValue &value : body.value(u"content").toArray()) {
            const QJsonObject block = value.toObject();
            if (block.value(u"type").toString() == u"text")
                hello += block.value(u"text").toString();
            if (block.value(u"type").toString() == u"tool_use") {
                toolName = block.value(u"name").toString();
                toolArgs = block.value(u"input").toObject();
            }
        }
        QCOMPARE(hello, u"Hello"_s);
        toolStop = body.value(u"stop_reason").toString() == u"tool_use";
        break;
    }
    default: { // Responses
        QString hello;
        for (const QJsonValue &value : body.value(u"output").toArray()) {
            const QJsonObject item = value.toObject();
            const QString type = item.value(u"type").toString();
            if (type == u"message")
                hello += textOf(item.value(u"content"));
            if (type == u"function_call") {
                toolName = item.value(u"name").toString();
                toolArgs = parseArgs(item.value(u"arguments").toString());
                toolStop = true;
            }
        }
        QCOMPARE(hello, u"Hello"_s);
        break;
    }
    }
    QVERIFY2(toolName == u"get_weather", text.constData());
    QVERIFY2(toolArgs == kOslo, text.constData());
    QVERIFY2(toolStop, text.constData());
    QCOMPARE(body.value(u"model").toString(), u"client-model"_s);

    // Usage: 100 prompt tokens of which 40 cached (Ollama: 100 prompt, no cache), 20 output.
    const qint64 cached = up == base::WireFormat::OllamaChat ? 0 : 40;
    const QJsonObject usage = body.value(u"usage").toObject();
    switch (in) {
    case base::WireFormat::OpenAiChat:
        QCOMPARE(usage.value(u"prompt_tokens").toInteger(), 100);
        QCOMPARE(usage.value(u"completion_tokens").toInteger(), 20);
        QCOMPARE(
            usage.value(u"prompt_tokens_details").toObject().value(u"cached_tokens").toInteger(),
            cached);
        break;
    case base::WireFormat::AnthropicMessages:
        QCOMPARE(usage.value(u"input_tokens").toInteger(), 100 - cached);
        QCOMPARE(usage.value(u"cache_read_input_tokens").toInteger(), cached);
        QCOMPARE(usage.value(u"output_tokens").toInteger(), 20);
        break;
    default:
        QCOMPARE(usage.value(u"input_tokens").toInteger(), 100);
        QCOMPARE(
            usage.value(u"input_tokens_details").toObject().value(u"cached_tokens").toInteger(),
            cached);
        QCOMPARE(usage.value(u"output_tokens").toInteger(), 20);
        break;
    }
}

// ---------------------------------------------------------------------------------------------

void TestTranslationPairs::streamRoundTrip_data()
{
    addPairRows();
}

void TestTranslationPairs::streamRoundTrip()
{
    const auto [in, up, inCodec, upCodec] = currentPairing();

    Request request;
    request.model = u"client-model"_s;
    request.stream = true;
    request.includeUsage = true;

    const Stream golden = up == base::WireFormat::OpenAiChat ? chatStream()
        : up == base::WireFormat::AnthropicMessages          ? anthropicStream()
                                                             : ollamaStream();
    const std::unique_ptr<StreamDecoder> decoder = upCodec->streamDecoder();
    const std::unique_ptr<StreamEncoder> encoder = inCodec->streamEncoder(request);
    const QByteArray out = encodeEvents(*encoder, decodeEvents(*decoder, golden));

    QStringList textDeltas;
    QStringList toolNamesSeen;
    QString args;
    bool toolStop = false;
    const QList<WireEvent> events = parseSse(out);
    for (const WireEvent &event : events) {
        const QJsonObject &o = event.object;
        switch (in) {
        case base::WireFormat::OpenAiChat: {
            const QJsonObject delta
                = o.value(u"choices").toArray().at(0).toObject().value(u"delta").toObject();
            if (delta.value(u"content").isString() && !delta.value(u"content").toString().isEmpty())
                textDeltas.append(delta.value(u"content").toString());
            if (o.value(u"choices").toArray().at(0).toObject().value(u"finish_reason").toString()
                == u"tool_calls")
                toolStop = true;
            for (const QJsonValue &call : delta.value(u"tool_calls").toArray()) {
                const QJsonObject function = call.toObject().value(u"function").toObject();
                if (function.contains(u"name"))
                    toolNamesSeen.append(function.value(u"name").toString());
                args += function.value(u"arguments").toString();
            }
            break;
        }
        case base::WireFormat::AnthropicMessages: {
            const QString type = o.value(u"type").toString();
            const QJsonObject delta = o.value(u"delta").toObject();
            if (type == u"content_block_delta" && delta.value(u"type").toString() == u"text_delta")
                textDeltas.append(delta.value(u"text").toString());
            if (type == u"content_block_delta"
                && delta.value(u"type").toString() == u"input_json_delta")
                args += delta.value(u"partial_json").toString();
            if (type == u"message_delta" && delta.value(u"stop_reason").toString() == u"tool_use")
                toolStop = true;
            if (type == u"content_block_start") {
                const QJsonObject block = o.value(u"content_block").toObject();
                if (block.value(u"type").toString() == u"tool_use")
                    toolNamesSeen.append(block.value(u"name").toString());
            }
            break;
        }
        default: { // Responses
            if (event.name == "response.output_text.delta")
                textDeltas.append(o.value(u"delta").toString());
            if (event.name == "response.function_call_arguments.delta")
                args += o.value(u"delta").toString();
            if (event.name == "response.completed") {
                for (const QJsonValue &item :
                     o.value(u"response").toObject().value(u"output").toArray()) {
                    if (item.toObject().value(u"type").toString() == u"function_call")
                        toolStop = true;
                }
            }
            if (event.name == "response.output_item.added") {
                const QJsonObject item = o.value(u"item").toObject();
                if (item.value(u"type").toString() == u"function_call")
                    toolNamesSeen.append(item.value(u"name").toString());
            }
            break;
        }
        }
    }

    QVERIFY2(textDeltas.contains(u"Hel"_s), out.constData());
    QVERIFY2(textDeltas.contains(u"lo"_s), out.constData());
    QCOMPARE(textDeltas.join(QString()), u"Hello"_s);
    QVERIFY2(toolNamesSeen.contains(u"get_weather"_s), out.constData());
    QVERIFY2(parseArgs(args) == kOslo, qPrintable(u"arguments: "_s % args));
    QVERIFY2(toolStop, out.constData()); // stop reason "tool use" in the inbound dialect

    const QByteArray terminator = in == base::WireFormat::OpenAiChat ? QByteArray("data: [DONE]")
        : in == base::WireFormat::AnthropicMessages ? QByteArray("event: message_stop")
                                                    : QByteArray("event: response.completed");
    QVERIFY2(out.trimmed().endsWith(in == base::WireFormat::OpenAiChat ? QByteArray("data: [DONE]")
                                                                       : QByteArray("}")),
             out.constData());
    QVERIFY2(out.contains(terminator), out.constData());
    // The terminating event is the last one.
    QVERIFY(!events.isEmpty());
    if (in == base::WireFormat::OpenAiChat)
        QCOMPARE(events.constLast().data, QByteArray("[DONE]"));
    else
        QCOMPARE(events.constLast().name, terminator.mid(7));
}

QTEST_GUILESS_MAIN(TestTranslationPairs)

#include "tst_translation_pairs.moc"
