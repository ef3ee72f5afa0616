#include "CodecTestSupport.h"
#include "api/canonical/OpenAiResponsesCodec.h"
#include "api/canonical/OpenAiResponsesStreamEncoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::api;
using namespace switchyard::api::canonical;
using namespace switchyard::tests;

// Declared before the JSON literals: moc's tokenizer trips over some raw strings.
class TestOpenAiResponsesCodec final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesCodexRequest();
    void decodesStringInput();
    void invalidRequest_data();
    void invalidRequest();
    void encodeResponse_data();
    void encodeResponse();
    void usageMapping();
    void streamSequence();
    void streamFinishWithoutStop();
    void streamErrorCodes_data();
    void streamErrorCodes();
    void streamRoundTrip();
    void requestRoundTrip();
    void encodeError();
};

// moc's tokenizer trips over the JSON raw strings below; it only needs the class above.
#ifndef Q_MOC_RUN

namespace {

/// Every field of a canonical request, one line each, for exact comparisons.
QStringList describeRequest(const Request &r)
{
    QStringList lines { u"model "_s % r.model };
    for (const ContentBlock &b : r.system)
        lines.append(u"system "_s % describeBlock(b));
    for (const Message &m : r.messages) {
        lines.append(u"message "_s % roleName(m.role));
        for (const ContentBlock &b : m.content)
            lines.append(u"  "_s % describeBlock(b));
    }
    for (const Tool &t : r.tools)
        lines.append(
            u"tool "_s % t.name % u" | "_s % t.description % u" | "_s
            % QString::fromUtf8(QJsonDocument(t.parameters).toJson(QJsonDocument::Compact)));
    if (r.toolChoice)
        lines.append(u"tool_choice "_s % QString::number(int(r.toolChoice->mode)) % u' '
                     % r.toolChoice->name % (r.toolChoice->disableParallel ? u" serial"_s : u""_s));
    lines.append(u"max_tokens "_s % (r.maxTokens ? QString::number(*r.maxTokens) : u"-"_s));
    lines.append(u"temperature "_s % (r.temperature ? QString::number(*r.temperature) : u"-"_s));
    lines.append(u"top_p "_s % (r.topP ? QString::number(*r.topP) : u"-"_s));
    lines.append(u"stream "_s % (r.stream ? u"1"_s : u"0"_s) % u" usage "_s
                 % (r.includeUsage ? u"1"_s : u"0"_s));
    lines.append(u"reasoning "_s % (r.reasoning ? r.reasoning->effort : u"-"_s));
    lines.append(u"parallel "_s
                 % (r.parallelToolCalls ? (*r.parallelToolCalls ? u"1"_s : u"0"_s) : u"-"_s));
    lines.append(u"user "_s % r.user);
    lines.append(
        u"format "_s
        % QString::fromUtf8(QJsonDocument(r.responseFormat).toJson(QJsonDocument::Compact)));
    return lines;
}

// ---- Required fields, copied from `required` in /work/shared/ref/openai-openapi.json ----
// Response (allOf ModelResponseProperties + ResponseProperties + own): id, object, created_at,
//   error, incomplete_details, instructions, model, tools, output, parallel_tool_calls,
//   metadata, tool_choice, temperature, top_p
// ResponseUsage: input_tokens, input_tokens_details{cached_tokens, cache_write_tokens},
//   output_tokens, output_tokens_details{reasoning_tokens}, total_tokens
// OutputMessage: id, type, role, content, status; OutputTextContent: type, text, annotations,
//   logprobs; ReasoningItem: id, summary, type; SummaryTextContent: type, text;
// FunctionToolCall: type, call_id, name, arguments; ResponseError: code, message
// Events (all: type, sequence_number) plus:
//   response.created / in_progress / completed / failed: response
//   response.output_item.added / done: output_index, item
//   response.content_part.added / done: item_id, output_index, content_index, part
//   response.output_text.delta: item_id, output_index, content_index, delta, logprobs
//   response.output_text.done: item_id, output_index, content_index, text, logprobs
//   response.reasoning_summary_part.added / done: item_id, output_index, summary_index, part
//   response.reasoning_summary_text.delta: item_id, output_index, summary_index, delta
//   response.reasoning_summary_text.done: item_id, output_index, summary_index, text
//   response.function_call_arguments.delta: item_id, output_index, delta
//   response.function_call_arguments.done: item_id, name, output_index, arguments

QStringList missing(const QJsonObject &object, const QStringList &required, const QString &where)
{
    QStringList result;
    for (const QString &key : required) {
        if (!object.contains(key))
            result.append(where % u'.' % key);
    }
    return result;
}

QStringList checkItem(const QJsonObject &item, const QString &where)
{
    const QString type = item.value(u"type").toString();
    if (type == u"message") {
        QStringList result
            = missing(item, { u"id"_s, u"type"_s, u"role"_s, u"content"_s, u"status"_s }, where);
        for (const QJsonValue &part : item.value(u"content").toArray())
            result += missing(part.toObject(),
                              { u"type"_s, u"text"_s, u"annotations"_s, u"logprobs"_s },
                              where % u".content"_s);
        return result;
    }
    if (type == u"reasoning") {
        QStringList result = missing(item, { u"id"_s, u"summary"_s, u"type"_s }, where);
        for (const QJsonValue &part : item.value(u"summary").toArray())
            result += missing(part.toObject(), { u"type"_s, u"text"_s }, where % u".summary"_s);
        return result;
    }
    if (type == u"function_call")
        return missing(item, { u"type"_s, u"call_id"_s, u"name"_s, u"arguments"_s }, where);
    return { where % u": unknown item type "_s % type };
}

QStringList checkResponse(const QJsonObject &r, const QString &where = u"response"_s)
{
    QStringList result = missing(r,
                                 { u"id"_s, u"object"_s, u"created_at"_s, u"error"_s,
                                   u"incomplete_details"_s, u"instructions"_s, u"model"_s,
                                   u"tools"_s, u"output"_s, u"parallel_tool_calls"_s, u"metadata"_s,
                                   u"tool_choice"_s, u"temperature"_s, u"top_p"_s },
                                 where);
    if (r.value(u"object").toString() != u"response")
        result.append(where % u".object is not \"response\""_s);
    if (!r.value(u"id").toString().startsWith(u"resp_"))
        result.append(where % u".id does not start with resp_"_s);
    for (const QJsonValue &item : r.value(u"output").toArray())
        result += checkItem(item.toObject(), where % u".output"_s);
    if (r.contains(u"usage")) {
        const QJsonObject usage = r.value(u"usage").toObject();
        result += missing(usage,
                          { u"input_tokens"_s, u"input_tokens_details"_s, u"output_tokens"_s,
                            u"output_tokens_details"_s, u"total_tokens"_s },
                          where % u".usage"_s);
        result += missing(usage.value(u"input_tokens_details").toObject(),
                          { u"cached_tokens"_s, u"cache_write_tokens"_s }, where % u".usage"_s);
        result += missing(usage.value(u"output_tokens_details").toObject(),
                          { u"reasoning_tokens"_s }, where % u".usage"_s);
    }
    if (!r.value(u"error").isNull())
        result += missing(r.value(u"error").toObject(), { u"code"_s, u"message"_s },
                          where % u".error"_s);
    return result;
}

QStringList checkEvent(const QJsonObject &e)
{
    const QString type = e.value(u"type").toString();
    QStringList required { u"type"_s, u"sequence_number"_s };
    QStringList result;
    if (type == u"response.created" || type == u"response.in_progress"
        || type == u"response.completed" || type == u"response.failed") {
        required += u"response"_s;
        result += checkResponse(e.value(u"response").toObject(), type);
    } else if (type == u"response.output_item.added" || type == u"response.output_item.done") {
        required += { u"output_index"_s, u"item"_s };
        result += checkItem(e.value(u"item").toObject(), type);
    } else if (type == u"response.content_part.added" || type == u"response.content_part.done") {
        required += { u"item_id"_s, u"output_index"_s, u"content_index"_s, u"part"_s };
    } else if (type == u"response.output_text.delta") {
        required
            += { u"item_id"_s, u"output_index"_s, u"content_index"_s, u"delta"_s, u"logprobs"_s };
    } else if (type == u"response.output_text.done") {
        required
            += { u"item_id"_s, u"output_index"_s, u"content_index"_s, u"text"_s, u"logprobs"_s };
    } else if (type == u"response.reasoning_summary_part.added"
               || type == u"response.reasoning_summary_part.done") {
        required += { u"item_id"_s, u"output_index"_s, u"summary_index"_s, u"part"_s };
    } else if (type == u"response.reasoning_summary_text.delta") {
        required += { u"item_id"_s, u"output_index"_s, u"summary_index"_s, u"delta"_s };
    } else if (type == u"response.reasoning_summary_text.done") {
        required += { u"item_id"_s, u"output_index"_s, u"summary_index"_s, u"text"_s };
    } else if (type == u"response.function_call_arguments.delta") {
        required += { u"item_id"_s, u"output_index"_s, u"delta"_s };
    } else if (type == u"response.function_call_arguments.done") {
        required += { u"item_id"_s, u"name"_s, u"output_index"_s, u"arguments"_s };
    } else {
        result.append(u"unexpected event type "_s % type);
    }
    return result + missing(e, required, type);
}

/// thinking, text and two tool calls, with usage, then MessageStop.
QList<StreamEvent> richStream()
{
    using K = StreamEvent::Kind;
    StreamEvent start = ev(K::MessageStart);
    start.id = u"msg_up1"_s;
    start.model = u"upstream-model"_s;
    start.usage.known = true;
    start.usage.inputTokens = 100;
    start.usage.cacheReadTokens = 900;
    StreamEvent delta = ev(K::MessageDelta);
    delta.stopReason = StopReason::ToolUse;
    delta.usage.known = true;
    delta.usage.outputTokens = 50;
    delta.usage.reasoningTokens = 20;
    return { start,
             blockStart(0, ContentBlock::Kind::Thinking),
             ev(K::ThinkingDelta, 0, u"Let me "_s),
             ev(K::ThinkingDelta, 0, u"think."_s),
             ev(K::SignatureDelta, 0, u"sig-1"_s),
             ev(K::BlockStop, 0),
             blockStart(1, ContentBlock::Kind::Text),
             ev(K::TextDelta, 1, u"Reading "_s),
             ev(K::TextDelta, 1, u"files."_s),
             ev(K::BlockStop, 1),
             blockStart(2, ContentBlock::Kind::ToolUse, u"call_a"_s, u"shell"_s),
             ev(K::ToolArgsDelta, 2, u"{\"command\":"_s),
             ev(K::ToolArgsDelta, 2, u"[\"ls\"]}"_s),
             ev(K::BlockStop, 2),
             blockStart(3, ContentBlock::Kind::ToolUse, u"call_b"_s, u"read"_s),
             ev(K::ToolArgsDelta, 3, u"{\"path\":\"a\"}"_s),
             ev(K::BlockStop, 3),
             delta,
             ev(K::Ping),
             ev(K::MessageStop) };
}

QByteArray encodeStream(const QList<StreamEvent> &events, bool callFinish = true)
{
    Request request;
    request.model = u"client-model"_s;
    OpenAiResponsesStreamEncoder encoder(request, 1700000000, u"resp_fallback"_s);
    return encodeEvents(encoder, events, callFinish);
}

} // namespace

// A Codex-like request: instructions, developer + user messages, a reasoning item, an assistant
// message, a function call and its output, function + built-in tools.
static const QByteArray codexRequest = R"({
  "model": "gpt-5-codex",
  "instructions": "You are Codex.",
  "input": [
    {"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "Sandbox: workspace-write"}]},
    {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "List the files"},
      {"type": "input_image", "image_url": "data:image/png;base64,iVBORw0K", "detail": "auto"}]},
    {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "Need ls."}], "encrypted_content": "enc-1"},
    {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Listing."}]},
    {"type": "function_call", "call_id": "call_1", "name": "shell", "arguments": "{\"command\":[\"ls\"]}"},
    {"type": "function_call_output", "call_id": "call_1", "output": "a.txt\nb.txt"},
    {"role": "user", "content": "Thanks"}
  ],
  "tools": [
    {"type": "function", "name": "shell", "description": "Runs a command", "strict": false,
     "parameters": {"type": "object", "properties": {"command": {"type": "array"}}}},
    {"type": "local_shell"},
    {"type": "web_search"}
  ],
  "tool_choice": "auto",
  "parallel_tool_calls": false,
  "reasoning": {"effort": "high", "summary": "auto"},
  "max_output_tokens": 4096,
  "store": false,
  "stream": true,
  "include": ["reasoning.encrypted_content"],
  "prompt_cache_key": "abc",
  "user": "dev-1"
})";

void TestOpenAiResponsesCodec::decodesCodexRequest()
{
    const auto decoded = OpenAiResponsesCodec().decodeRequest(json(codexRequest));
    QVERIFY2(std::holds_alternative<Request>(decoded),
             qPrintable(std::get_if<base::ApiError>(&decoded)
                            ? std::get<base::ApiError>(decoded).message
                            : QString()));
    const QStringList expected {
        u"model gpt-5-codex"_s,
        u"system text You are Codex."_s,
        u"system text Sandbox: workspace-write"_s,
        u"message user"_s,
        u"  text List the files"_s,
        u"  image  url= data=iVBORw0K media=image/png"_s,
        u"message assistant"_s,
        u"  thinking Need ls. sig=enc-1"_s,
        u"  text Listing."_s,
        u"  tool_use  id=call_1 name=shell args={\"command\":[\"ls\"]}"_s,
        u"message user"_s,
        u"  tool_result a.txt\nb.txt id=call_1 name= args="_s,
        u"message user"_s,
        u"  text Thanks"_s,
        u"tool shell | Runs a command | {\"properties\":{\"command\":{\"type\":\"array\"}},"
        "\"type\":\"object\"}"_s,
        u"tool_choice 0  serial"_s,
        u"max_tokens 4096"_s,
        u"temperature -"_s,
        u"top_p -"_s,
        u"stream 1 usage 1"_s,
        u"reasoning high"_s,
        u"parallel 0"_s,
        u"user dev-1"_s,
        u"format {}"_s,
    };
    QCOMPARE(describeRequest(std::get<Request>(decoded)), expected);
}

void TestOpenAiResponsesCodec::decodesStringInput()
{
    const auto decoded = OpenAiResponsesCodec().decodeRequest(
        json(R"({"model":"m","input":"hi","tool_choice":{"type":"function","name":"f"},
                 "temperature":0.5,"top_p":0.9,
                 "text":{"format":{"type":"json_schema","name":"out","schema":{"type":"object"},
                 "strict":true}}})"));
    QVERIFY(std::holds_alternative<Request>(decoded));
    const QStringList expected {
        u"model m"_s,
        u"message user"_s,
        u"  text hi"_s,
        u"tool_choice 3 f"_s,
        u"max_tokens -"_s,
        u"temperature 0.5"_s,
        u"top_p 0.9"_s,
        u"stream 0 usage 0"_s,
        u"reasoning -"_s,
        u"parallel -"_s,
        u"user "_s,
        u"format {\"json_schema\":{\"name\":\"out\",\"schema\":{\"type\":\"object\"},"
        "\"strict\":true},\"type\":\"json_schema\"}"_s,
    };
    QCOMPARE(describeRequest(std::get<Request>(decoded)), expected);
}

void TestOpenAiResponsesCodec::invalidRequest_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("previous_response_id")
        << QByteArray(R"({"model":"m","input":"hi","previous_response_id":"resp_1"})")
        << u"previous_response_id"_s << u"stateless"_s;
    QTest::newRow("conversation") << QByteArray(R"({"model":"m","input":"hi","conversation":"c"})")
                                  << u"conversation"_s << u"stateless"_s;
    QTest::newRow("file_id image") << QByteArray(R"({"model":"m","input":[{"role":"user","content":[
               {"type":"input_image","file_id":"file-1","detail":"auto"}]}]})")
                                   << u"input[0].content[0].file_id"_s << u"file_id"_s;
    QTest::newRow("item_reference")
        << QByteArray(R"({"model":"m","input":[{"type":"item_reference","id":"x"}]})")
        << u"input[0].type"_s << u"item_reference"_s;
    QTest::newRow("no model") << QByteArray(R"({"input":"hi"})") << u"model"_s << u"model"_s;
    QTest::newRow("no input") << QByteArray(R"({"model":"m"})") << u"input"_s << u"input"_s;
    QTest::newRow("call without id")
        << QByteArray(R"({"model":"m","input":[{"type":"function_call","name":"f"}]})")
        << u"input[0].call_id"_s << u"call_id"_s;
    QTest::newRow("bad tool_choice")
        << QByteArray(R"({"model":"m","input":"x","tool_choice":"sometimes"})") << u"tool_choice"_s
        << u"tool_choice"_s;
    QTest::newRow("bad max_output_tokens")
        << QByteArray(R"({"model":"m","input":"x","max_output_tokens":-1})")
        << u"max_output_tokens"_s << u"non-negative"_s;
}

void TestOpenAiResponsesCodec::invalidRequest()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    QFETCH(QString, messagePart);
    const auto decoded = OpenAiResponsesCodec().decodeRequest(json(body));
    QVERIFY(std::holds_alternative<base::ApiError>(decoded));
    const base::ApiError error = std::get<base::ApiError>(decoded);
    QCOMPARE(error.status, 400);
    QCOMPARE(error.type, u"invalid_request_error"_s);
    QCOMPARE(error.param, param);
    QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
}

void TestOpenAiResponsesCodec::encodeResponse_data()
{
    QTest::addColumn<int>("scenario");
    QTest::addColumn<QByteArray>("expected"); // status, incomplete_details and output
    QTest::newRow("text") << 0 << QByteArray(R"({"status":"completed","incomplete_details":null,
        "output":[{"type":"message","id":"msg_abc_0","status":"completed","role":"assistant",
        "content":[{"type":"output_text","text":"Hello","annotations":[],"logprobs":[]}]}]})");
    QTest::newRow("tool call") << 1
                               << QByteArray(R"({"status":"completed","incomplete_details":null,
        "output":[{"type":"function_call","id":"fc_abc_0","status":"completed","call_id":"toolu_1",
        "name":"shell","arguments":"{\"command\":[\"ls\"]}"},
        {"type":"function_call","id":"fc_abc_1","status":"completed","call_id":"toolu_2",
        "name":"noargs","arguments":"{}"}]})");
    QTest::newRow("reasoning and text") << 2 << QByteArray(R"({"status":"completed",
        "incomplete_details":null,
        "output":[{"type":"reasoning","id":"rs_abc_0","encrypted_content":"sig",
        "summary":[{"type":"summary_text","text":"Thinking."}]},
        {"type":"message","id":"msg_abc_1","status":"completed","role":"assistant",
        "content":[{"type":"output_text","text":"Done","annotations":[],"logprobs":[]}]}]})");
    QTest::newRow("max tokens") << 3 << QByteArray(R"({"status":"incomplete",
        "incomplete_details":{"reason":"max_output_tokens"},
        "output":[{"type":"message","id":"msg_abc_0","status":"completed","role":"assistant",
        "content":[{"type":"output_text","text":"Cut","annotations":[],"logprobs":[]}]}]})");
}

void TestOpenAiResponsesCodec::encodeResponse()
{
    QFETCH(int, scenario);
    QFETCH(QByteArray, expected);
    Response response;
    response.id = u"abc"_s;
    response.model = u"client-model"_s;
    response.created = 1700000000;
    ContentBlock text;
    ContentBlock call;
    call.kind = ContentBlock::Kind::ToolUse;
    if (scenario == 0) {
        text.text = u"Hello"_s;
        response.content = { text };
        response.stopReason = StopReason::EndTurn;
    } else if (scenario == 1) {
        call.toolId = u"toolu_1"_s;
        call.toolName = u"shell"_s;
        call.toolArguments = u"{\"command\":[\"ls\"]}"_s;
        ContentBlock second = call;
        second.toolId = u"toolu_2"_s;
        second.toolName = u"noargs"_s;
        second.toolArguments.clear();
        response.content = { call, second };
        response.stopReason = StopReason::ToolUse;
    } else if (scenario == 2) {
        ContentBlock thinking;
        thinking.kind = ContentBlock::Kind::Thinking;
        thinking.text = u"Thinking."_s;
        thinking.signature = u"sig"_s;
        text.text = u"Done"_s;
        response.content = { thinking, text };
        response.stopReason = StopReason::EndTurn;
    } else {
        text.text = u"Cut"_s;
        response.content = { text };
        response.stopReason = StopReason::MaxTokens;
    }
    const QJsonObject body = OpenAiResponsesCodec().encodeResponse(response);
    QCOMPARE(checkResponse(body), QStringList());
    QCOMPARE(body.value(u"id").toString(), u"resp_abc"_s);
    QCOMPARE(body.value(u"model").toString(), u"client-model"_s);
    QCOMPARE(body.value(u"created_at").toInteger(), 1700000000);
    QVERIFY(!body.contains(u"usage")); // not known: not invented
    const QJsonObject want = json(expected);
    for (auto it = want.begin(); it != want.end(); ++it)
        QCOMPARE(pretty(QJsonArray { body.value(it.key()) }), pretty(QJsonArray { it.value() }));

    // decodeResponse reverses it.
    const auto decoded = OpenAiResponsesCodec().decodeResponse(body);
    QVERIFY(std::holds_alternative<Response>(decoded));
    const Response back = std::get<Response>(decoded);
    QCOMPARE(back.content.size(), response.content.size());
    for (qsizetype i = 0; i < back.content.size(); ++i) {
        ContentBlock original = response.content.at(i);
        if (original.kind == ContentBlock::Kind::ToolUse && original.toolArguments.isEmpty())
            original.toolArguments = u"{}"_s;
        QCOMPARE(describeBlock(back.content.at(i)), describeBlock(original));
    }
    QCOMPARE(int(back.stopReason), int(response.stopReason));
}

void TestOpenAiResponsesCodec::usageMapping()
{
    Response response;
    response.id = u"resp_u"_s;
    response.usage.known = true;
    response.usage.inputTokens = 100;
    response.usage.cacheReadTokens = 900;
    response.usage.cacheWriteTokens = 50;
    response.usage.outputTokens = 40;
    response.usage.reasoningTokens = 10;
    const QJsonObject usage
        = OpenAiResponsesCodec().encodeResponse(response).value(u"usage").toObject();
    const QJsonObject expected = json(R"({"input_tokens":1050,
        "input_tokens_details":{"cached_tokens":900,"cache_write_tokens":50},
        "output_tokens":40,"output_tokens_details":{"reasoning_tokens":10},"total_tokens":1090})");
    QCOMPARE(pretty(usage), pretty(expected));
    const auto decoded
        = OpenAiResponsesCodec().decodeResponse(OpenAiResponsesCodec().encodeResponse(response));
    const Usage back = std::get<Response>(decoded).usage;
    QCOMPARE(back.inputTokens, 100);
    QCOMPARE(back.cacheReadTokens, 900);
    QCOMPARE(back.cacheWriteTokens, 50);
    QCOMPARE(back.outputTokens, 40);
    QCOMPARE(back.reasoningTokens, 10);
}

void TestOpenAiResponsesCodec::streamSequence()
{
    const QList<WireEvent> events = parseSse(encodeStream(richStream()));
    QStringList names;
    int lastSequence = -1;
    QHash<int, QString> itemIds; // output_index → item id: stable from added to done
    for (const WireEvent &e : events) {
        names.append(QString::fromUtf8(e.name));
        QCOMPARE(e.object.value(u"type").toString(), QString::fromUtf8(e.name));
        QCOMPARE(checkEvent(e.object), QStringList());
        const int sequence = e.object.value(u"sequence_number").toInt(-1);
        QCOMPARE(sequence, lastSequence + 1);
        lastSequence = sequence;
        if (!e.object.contains(u"output_index"))
            continue;
        const int index = e.object.value(u"output_index").toInt();
        const QString id = e.object.contains(u"item")
            ? e.object.value(u"item").toObject().value(u"id").toString()
            : e.object.value(u"item_id").toString();
        if (!itemIds.contains(index))
            itemIds.insert(index, id);
        QCOMPARE(id, itemIds.value(index));
    }
    const QStringList expected {
        u"response.created"_s,
        u"response.in_progress"_s,
        u"response.output_item.added"_s,
        u"response.reasoning_summary_part.added"_s,
        u"response.reasoning_summary_text.delta"_s,
        u"response.reasoning_summary_text.delta"_s,
        u"response.reasoning_summary_text.done"_s,
        u"response.reasoning_summary_part.done"_s,
        u"response.output_item.done"_s,
        u"response.output_item.added"_s,
        u"response.content_part.added"_s,
        u"response.output_text.delta"_s,
        u"response.output_text.delta"_s,
        u"response.output_text.done"_s,
        u"response.content_part.done"_s,
        u"response.output_item.done"_s,
        u"response.output_item.added"_s,
        u"response.function_call_arguments.delta"_s,
        u"response.function_call_arguments.delta"_s,
        u"response.function_call_arguments.done"_s,
        u"response.output_item.done"_s,
        u"response.output_item.added"_s,
        u"response.function_call_arguments.delta"_s,
        u"response.function_call_arguments.done"_s,
        u"response.output_item.done"_s,
        u"response.completed"_s,
    };
    QCOMPARE(names, expected);
    QCOMPARE(itemIds.size(), 4);
    QCOMPARE(itemIds.value(0), u"rs_msg_up1_0"_s);
    QCOMPARE(itemIds.value(1), u"msg_msg_up1_1"_s);
    QCOMPARE(itemIds.value(2), u"fc_msg_up1_2"_s);

    const QJsonObject created = events.first().object.value(u"response").toObject();
    QCOMPARE(created.value(u"status").toString(), u"in_progress"_s);
    QCOMPARE(created.value(u"output").toArray().size(), 0);
    QCOMPARE(created.value(u"model").toString(), u"client-model"_s);
    QCOMPARE(created.value(u"id").toString(), u"resp_msg_up1"_s);

    const QJsonObject completed = events.last().object.value(u"response").toObject();
    QCOMPARE(completed.value(u"status").toString(), u"completed"_s);
    const QJsonArray output = completed.value(u"output").toArray();
    QCOMPARE(output.size(), 4);
    QCOMPARE(pretty(output.at(0).toObject()),
             pretty(json(R"({"type":"reasoning","id":"rs_msg_up1_0","encrypted_content":"sig-1",
                 "summary":[{"type":"summary_text","text":"Let me think."}]})")));
    QCOMPARE(output.at(1).toObject().value(u"content").toArray().at(0).toObject().value(u"text"),
             u"Reading files."_s);
    QCOMPARE(pretty(output.at(2).toObject()),
             pretty(json(R"({"type":"function_call","id":"fc_msg_up1_2","status":"completed",
                 "call_id":"call_a","name":"shell","arguments":"{\"command\":[\"ls\"]}"})")));
    QCOMPARE(output.at(3).toObject().value(u"call_id").toString(), u"call_b"_s);
    // Usage: cached tokens included in input_tokens and reported in the details.
    QCOMPARE(pretty(completed.value(u"usage").toObject()), pretty(json(R"({"input_tokens":1000,
                 "input_tokens_details":{"cached_tokens":900,"cache_write_tokens":0},
                 "output_tokens":50,"output_tokens_details":{"reasoning_tokens":20},
                 "total_tokens":1050})")));
}

void TestOpenAiResponsesCodec::streamFinishWithoutStop()
{
    QList<StreamEvent> cut = richStream().mid(0, 9); // ends inside the text block
    const QList<WireEvent> events = parseSse(encodeStream(cut));
    QVERIFY(!events.isEmpty());
    QCOMPARE(events.last().name, QByteArray("response.failed"));
    QCOMPARE(checkEvent(events.last().object), QStringList());
    const QJsonObject response = events.last().object.value(u"response").toObject();
    QCOMPARE(response.value(u"status").toString(), u"failed"_s);
    QCOMPARE(response.value(u"error").toObject().value(u"code").toString(), u"server_error"_s);
    QCOMPARE(response.value(u"output").toArray().size(), 1); // the finished reasoning item
    for (const WireEvent &e : events)
        QVERIFY(e.name != "response.completed");

    // An empty stream still opens and fails: Codex must see a terminal event.
    const QList<WireEvent> empty = parseSse(encodeStream({}));
    QCOMPARE(empty.size(), 3);
    QCOMPARE(empty.at(0).name, QByteArray("response.created"));
    QCOMPARE(empty.at(2).name, QByteArray("response.failed"));
    QCOMPARE(empty.at(2).object.value(u"sequence_number").toInt(), 2);

    // After MessageStop, finish() adds nothing.
    Request request;
    OpenAiResponsesStreamEncoder encoder(request, 1, u"resp_x"_s);
    for (const StreamEvent &e : richStream())
        encoder.encode(e);
    QCOMPARE(encoder.finish(), QByteArray());
}

void TestOpenAiResponsesCodec::streamErrorCodes_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("code");
    QTest::newRow("context") << u"invalid_request_error"_s
                             << u"prompt is too long: 210000 tokens > 200000 maximum"_s
                             << u"context_length_exceeded"_s;
    QTest::newRow("context code") << u"context_length_exceeded"_s << u"too big"_s
                                  << u"context_length_exceeded"_s;
    QTest::newRow("rate limit") << u"rate_limit_error"_s << u"slow down"_s
                                << u"rate_limit_exceeded"_s;
    QTest::newRow("quota") << u"insufficient_quota"_s << u"You exceeded your current quota"_s
                           << u"insufficient_quota"_s;
    QTest::newRow("billing") << u"invalid_request_error"_s << u"Your credit balance is too low"_s
                             << u"insufficient_quota"_s;
    QTest::newRow("overloaded") << u"overloaded_error"_s << u"Overloaded"_s << u"server_error"_s;
}

void TestOpenAiResponsesCodec::streamErrorCodes()
{
    QFETCH(QString, type);
    QFETCH(QString, message);
    QFETCH(QString, code);
    StreamEvent error = ev(StreamEvent::Kind::Error);
    error.errorType = type;
    error.errorMessage = message;
    QList<StreamEvent> events = richStream().mid(0, 3);
    events.append(error);
    events.append(ev(StreamEvent::Kind::TextDelta, 5, u"ignored"_s));
    const QList<WireEvent> sse = parseSse(encodeStream(events));
    QCOMPARE(sse.last().name, QByteArray("response.failed"));
    QCOMPARE(checkEvent(sse.last().object), QStringList());
    const QJsonObject failure
        = sse.last().object.value(u"response").toObject().value(u"error").toObject();
    QCOMPARE(failure.value(u"code").toString(), code);
    QCOMPARE(failure.value(u"message").toString(), message);
}

// The upstream direction reverses the client one: encode, then decode, gives the same events.
void TestOpenAiResponsesCodec::streamRoundTrip()
{
    const QList<WireEvent> sse = parseSse(encodeStream(richStream()));
    const std::unique_ptr<StreamDecoder> decoder = OpenAiResponsesCodec().streamDecoder();
    QList<StreamEvent> decoded;
    for (const WireEvent &e : sse)
        decoded += decoder->decode(e.name, QJsonDocument(e.object).toJson());
    decoded += decoder->finish();
    QStringList got;
    for (const StreamEvent &e : decoded)
        got.append(QString::number(int(e.kind)) % u' ' % QString::number(e.index) % u' ' % e.text
                   % u' ' % e.block.toolId % u' ' % e.block.toolName);
    QStringList want;
    for (const StreamEvent &e : richStream()) {
        if (e.kind == StreamEvent::Kind::Ping)
            continue;
        want.append(QString::number(int(e.kind)) % u' ' % QString::number(e.index) % u' ' % e.text
                    % u' ' % e.block.toolId % u' ' % e.block.toolName);
    }
    // The signature arrives with the finished item, just before its BlockStop (same order here).
    QCOMPARE(got, want);
    QCOMPARE(decoded.first().id, u"resp_msg_up1"_s);
    const Usage usage = decoded.at(decoded.size() - 2).usage;
    QCOMPARE(usage.inputTokens, 100);
    QCOMPARE(usage.cacheReadTokens, 900);
    QCOMPARE(int(decoded.at(decoded.size() - 2).stopReason), int(StopReason::ToolUse));
}

void TestOpenAiResponsesCodec::requestRoundTrip()
{
    const OpenAiResponsesCodec codec;
    const auto first = codec.decodeRequest(json(codexRequest));
    QVERIFY(std::holds_alternative<Request>(first));
    const QJsonObject encoded = codec.encodeRequest(std::get<Request>(first));
    QCOMPARE(encoded.value(u"store"_s).toBool(true), false);
    QVERIFY(!encoded.contains(u"previous_response_id"));
    const auto second = codec.decodeRequest(encoded);
    QVERIFY2(std::holds_alternative<Request>(second), qPrintable(pretty(encoded)));
    // Reasoning cannot be replayed to OpenAI; the system parts are joined into instructions.
    QStringList expected = describeRequest(std::get<Request>(first));
    expected.removeAll(u"  thinking Need ls. sig=enc-1"_s);
    expected.removeAll(u"system text Sandbox: workspace-write"_s);
    expected.replace(1, u"system text You are Codex.\n\nSandbox: workspace-write"_s);
    QCOMPARE(describeRequest(std::get<Request>(second)), expected);
}

void TestOpenAiResponsesCodec::encodeError()
{
    const OpenAiResponsesCodec codec;
    const QJsonObject body
        = json(codec.encodeError(base::ApiError::invalidRequest(u"bad"_s, u"input"_s)));
    QCOMPARE(body.value(u"error").toObject().value(u"param").toString(), u"input"_s);
    QCOMPARE(body.value(u"error").toObject().value(u"type").toString(), u"invalid_request_error"_s);
    const base::ApiError decoded = codec.decodeError(
        429, R"({"error":{"message":"slow","type":"requests","code":"rate_limit_exceeded"}})");
    QCOMPARE(decoded.status, 429);
    QCOMPARE(decoded.code, u"rate_limit_exceeded"_s);
    QCOMPARE(decoded.message, u"slow"_s);
}

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestOpenAiResponsesCodec)
#include "tst_openai_responses_codec.moc"
