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

Q_DECLARE_METATYPE(switchyard::api::canonical::StopReason)

// Golden translation tests for the Anthropic Messages codec: whole responses and errors.
// Declared before the JSON literals: moc's tokenizer trips over some raw strings.
class TestAnthropicCodecResponse final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void responseRoundTrip();
    void responseStopReasons_data();
    void responseStopReasons();
    void responseDefaults();
    void encodeError_data();
    void encodeError();
    void decodeError_data();
    void decodeError();

private:
    AnthropicCodec m_codec;
};

void TestAnthropicCodecResponse::responseRoundTrip()
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

void TestAnthropicCodecResponse::responseStopReasons_data()
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

void TestAnthropicCodecResponse::responseStopReasons()
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

void TestAnthropicCodecResponse::responseDefaults()
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

void TestAnthropicCodecResponse::encodeError_data()
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

void TestAnthropicCodecResponse::encodeError()
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

void TestAnthropicCodecResponse::decodeError_data()
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

void TestAnthropicCodecResponse::decodeError()
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

QTEST_GUILESS_MAIN(TestAnthropicCodecResponse)
#include "tst_anthropic_codec_response.moc"
