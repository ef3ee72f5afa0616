#include "FakeAnthropic.h"

#include "FakeStream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

using namespace Qt::StringLiterals;

namespace switchyard::fakes {

namespace {

QJsonObject usage(int output)
{
    return QJsonObject { { u"input_tokens"_s, 21 },
                         { u"cache_creation_input_tokens"_s, 0 },
                         { u"cache_read_input_tokens"_s, 100 },
                         { u"output_tokens"_s, output } };
}

} // namespace

FakeAnthropic::FakeAnthropic(QObject *parent) : FakeHttpServer(parent)
{
    setHandler([this](const FakeRequest &request, FakeReply *reply) { handle(request, reply); });
}

void FakeAnthropic::handle(const FakeRequest &request, FakeReply *reply)
{
    if (request.path == "/v1/models") {
        reply->sendJson(
            200,
            R"({"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"}],"has_more":false,"first_id":"claude-sonnet-4-5","last_id":"claude-sonnet-4-5"})");
        return;
    }
    if (request.path != "/v1/messages") {
        reply->sendJson(
            404, R"({"type":"error","error":{"type":"not_found_error","message":"Not found"}})");
        return;
    }
    if (fault == Fault::Status) {
        reply->sendJson(
            faultStatus,
            QJsonObject {
                { u"type"_s, u"error"_s },
                { u"error"_s,
                  QJsonObject {
                      { u"type"_s,
                        faultStatus == 529 ? u"overloaded_error"_s : u"invalid_request_error"_s },
                      { u"message"_s, u"fake anthropic error %1"_s.arg(faultStatus) } } } });
        return;
    }
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QString model = body.value(u"model"_s).toString();
    // Call a tool when tools are offered, unless the last turn already carries tool results.
    const QJsonArray messages = body.value(u"messages"_s).toArray();
    const QJsonArray lastContent
        = messages.isEmpty() ? QJsonArray() : messages.last()[u"content"_s].toArray();
    const bool answeringToolResult
        = !lastContent.isEmpty() && lastContent.first()[u"type"_s].toString() == u"tool_result"_s;
    const bool tools = !body.value(u"tools"_s).toArray().isEmpty() && !answeringToolResult;

    if (!body.value(u"stream"_s).toBool()) {
        QJsonArray content;
        if (tools)
            content.append(
                QJsonObject { { u"type"_s, u"tool_use"_s },
                              { u"id"_s, u"toolu_fake1"_s },
                              { u"name"_s, u"get_weather"_s },
                              { u"input"_s, QJsonObject { { u"city"_s, u"Oslo"_s } } } });
        else
            content.append(QJsonObject { { u"type"_s, u"text"_s },
                                         { u"text"_s, QString::fromUtf8(this->content) } });
        reply->sendJson(200,
                        QJsonObject { { u"id"_s, u"msg_fake1"_s },
                                      { u"type"_s, u"message"_s },
                                      { u"role"_s, u"assistant"_s },
                                      { u"model"_s, model },
                                      { u"content"_s, content },
                                      { u"stop_reason"_s, tools ? u"tool_use"_s : u"end_turn"_s },
                                      { u"stop_sequence"_s, QJsonValue::Null },
                                      { u"usage"_s, usage(9) } });
        return;
    }
    FakeStream events(FakeStream::Framing::Sse);
    events.add(QJsonObject { { u"type"_s, u"message_start"_s },
                             { u"message"_s,
                               QJsonObject { { u"id"_s, u"msg_fake1"_s },
                                             { u"type"_s, u"message"_s },
                                             { u"role"_s, u"assistant"_s },
                                             { u"model"_s, model },
                                             { u"content"_s, QJsonArray {} },
                                             { u"stop_reason"_s, QJsonValue::Null },
                                             { u"stop_sequence"_s, QJsonValue::Null },
                                             { u"usage"_s, usage(1) } } } },
               "message_start");
    events.add(QJsonObject { { u"type"_s, u"ping"_s } }, "ping");
    if (tools) {
        events.add(QJsonObject { { u"type"_s, u"content_block_start"_s },
                                 { u"index"_s, 0 },
                                 { u"content_block"_s,
                                   QJsonObject { { u"type"_s, u"tool_use"_s },
                                                 { u"id"_s, u"toolu_fake1"_s },
                                                 { u"name"_s, u"get_weather"_s },
                                                 { u"input"_s, QJsonObject {} } } } },
                   "content_block_start");
        for (const QString &part : { u"{\"ci"_s, u"ty\": \"Os"_s, u"lo\"}"_s })
            events.add(QJsonObject { { u"type"_s, u"content_block_delta"_s },
                                     { u"index"_s, 0 },
                                     { u"delta"_s,
                                       QJsonObject { { u"type"_s, u"input_json_delta"_s },
                                                     { u"partial_json"_s, part } } } },
                       "content_block_delta");
    } else {
        events.add(
            QJsonObject { { u"type"_s, u"content_block_start"_s },
                          { u"index"_s, 0 },
                          { u"content_block"_s,
                            QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, u""_s } } } },
            "content_block_start");
        for (const QByteArray &word : content.split(' '))
            events.add(
                QJsonObject { { u"type"_s, u"content_block_delta"_s },
                              { u"index"_s, 0 },
                              { u"delta"_s,
                                QJsonObject { { u"type"_s, u"text_delta"_s },
                                              { u"text"_s, QString::fromUtf8(word + ' ') } } } },
                "content_block_delta");
    }
    events.add(QJsonObject { { u"type"_s, u"content_block_stop"_s }, { u"index"_s, 0 } },
               "content_block_stop");
    // A dropped stream loses the message_delta and message_stop.
    FakeStream::Delivery delivery;
    if (fault == Fault::DropMidStream)
        delivery.dropAt = events.size();
    events.add(
        QJsonObject { { u"type"_s, u"message_delta"_s },
                      { u"delta"_s,
                        QJsonObject { { u"stop_reason"_s, tools ? u"tool_use"_s : u"end_turn"_s },
                                      { u"stop_sequence"_s, QJsonValue::Null } } },
                      { u"usage"_s, QJsonObject { { u"output_tokens"_s, 9 } } } },
        "message_delta");
    events.add(QJsonObject { { u"type"_s, u"message_stop"_s } }, "message_stop");
    events.send(reply, delivery);
}

} // namespace switchyard::fakes
