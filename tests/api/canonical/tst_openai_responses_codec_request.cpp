#include "CodecTestSupport.h"
#include "api/canonical/OpenAiResponsesCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::api;
using namespace switchyard::api::canonical;
using namespace switchyard::tests;

// Golden translation tests for the OpenAI Responses codec (Codex): requests, both directions.
class TestOpenAiResponsesCodecRequest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesCodexRequest();
    void decodesStringInput();
    void invalidRequest_data();
    void invalidRequest();
    void requestRoundTrip();
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

void TestOpenAiResponsesCodecRequest::decodesCodexRequest()
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

void TestOpenAiResponsesCodecRequest::decodesStringInput()
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

void TestOpenAiResponsesCodecRequest::invalidRequest_data()
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

void TestOpenAiResponsesCodecRequest::invalidRequest()
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

void TestOpenAiResponsesCodecRequest::requestRoundTrip()
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

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestOpenAiResponsesCodecRequest)
#include "tst_openai_responses_codec_request.moc"
