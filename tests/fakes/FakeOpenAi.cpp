#include "FakeOpenAi.h"

#include "FakeStream.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QString>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::fakes {

namespace {

QJsonObject usage()
{
    return QJsonObject { { u"prompt_tokens"_s, 12 },
                         { u"completion_tokens"_s, 7 },
                         { u"total_tokens"_s, 19 } };
}

QJsonObject chunk(const QString &model, const QJsonObject &delta, const QJsonValue &finish,
                  bool withUsageNull)
{
    QJsonObject c { { u"id"_s, u"chatcmpl-fake1"_s },
                    { u"object"_s, u"chat.completion.chunk"_s },
                    { u"created"_s, 1700000000 },
                    { u"model"_s, model },
                    { u"choices"_s,
                      QJsonArray { QJsonObject { { u"index"_s, 0 },
                                                 { u"delta"_s, delta },
                                                 { u"logprobs"_s, QJsonValue::Null },
                                                 { u"finish_reason"_s, finish } } } } };
    if (withUsageNull)
        c.insert(u"usage"_s, QJsonValue::Null);
    return c;
}

} // namespace

FakeOpenAi::FakeOpenAi(QObject *parent) : FakeHttpServer(parent)
{
    setHandler([this](const FakeRequest &request, FakeReply *reply) { handle(request, reply); });
}

void FakeOpenAi::stopListening()
{
    const quint16 port = serverPort();
    close();
    setProperty("fake_port", port);
    const auto sockets = findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets)
        socket->abort();
}

bool FakeOpenAi::restart()
{
    return isListening()
        || listen(QHostAddress::LocalHost, quint16(property("fake_port").toUInt()));
}

int FakeOpenAi::chatRequests() const
{
    return int(std::count_if(requests().begin(), requests().end(), [](const FakeRequest &r) {
        return r.path == "/v1/chat/completions";
    }));
}

void FakeOpenAi::handle(const FakeRequest &request, FakeReply *reply)
{
    QPointer<FakeReply> r(reply);
    switch (fault) {
    case Fault::Status:
        reply->sendJson(
            faultStatus,
            QJsonObject {
                { u"error"_s,
                  QJsonObject {
                      { u"message"_s, u"fake upstream error %1"_s.arg(faultStatus) },
                      { u"type"_s, faultStatus == 429 ? u"rate_limit_error"_s : u"server_error"_s },
                      { u"param"_s, QJsonValue::Null },
                      { u"code"_s,
                        faultStatus == 429 ? u"rate_limit_exceeded"_s : u"server_error"_s } } } },
            { { "Retry-After", "7" } });
        return;
    case Fault::Hang:
    case Fault::Refuse:
        return;
    case Fault::ContextLength:
        if (request.path == "/v1/models")
            break;
        reply->sendJson(
            400,
            R"({"error":{"message":"This model's maximum context length is 1000 tokens. However, your messages resulted in 5000 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}})");
        return;
    case Fault::Garbage:
        reply->sendRaw("THIS IS NOT HTTP\r\n\r\n");
        reply->close();
        return;
    case Fault::GarbageJson:
        reply->send(200, "<html>oops</html>", { { "Content-Type", "application/json" } });
        return;
    case Fault::SlowFirstByte: {
        const FakeRequest copy = request;
        Fault saved = fault;
        QTimer::singleShot(delayMs, this, [this, r, copy, saved] {
            if (!r)
                return;
            fault = Fault::None;
            handle(copy, r);
            fault = saved;
        });
        return;
    }
    default:
        break;
    }

    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QString model = body.value(u"model"_s).toString();
    if (request.path == "/v1/models" && request.method == "GET") {
        QJsonArray data;
        for (const char *id : { "gpt-4o-mini", "text-embedding-3-small" })
            data.append(QJsonObject { { u"id"_s, QString::fromLatin1(id) },
                                      { u"object"_s, u"model"_s },
                                      { u"created"_s, 1700000000 },
                                      { u"owned_by"_s, u"fake"_s } });
        reply->sendJson(200, QJsonObject { { u"object"_s, u"list"_s }, { u"data"_s, data } });
        return;
    }
    if (request.path == "/v1/embeddings") {
        QJsonArray data;
        data.append(QJsonObject { { u"object"_s, u"embedding"_s },
                                  { u"index"_s, 0 },
                                  { u"embedding"_s, QJsonArray { 0.1, -0.2, 0.3 } } });
        reply->sendJson(200,
                        QJsonObject { { u"object"_s, u"list"_s },
                                      { u"data"_s, data },
                                      { u"model"_s, model },
                                      { u"usage"_s,
                                        QJsonObject { { u"prompt_tokens"_s, 3 },
                                                      { u"total_tokens"_s, 3 } } } });
        return;
    }
    if (request.path == "/v1/completions") {
        reply->sendJson(
            200,
            QJsonObject { { u"id"_s, u"cmpl-fake"_s },
                          { u"object"_s, u"text_completion"_s },
                          { u"created"_s, 1700000000 },
                          { u"model"_s, model },
                          { u"choices"_s,
                            QJsonArray { QJsonObject { { u"index"_s, 0 },
                                                       { u"text"_s, u" completed"_s },
                                                       { u"logprobs"_s, QJsonValue::Null },
                                                       { u"finish_reason"_s, u"stop"_s } } } },
                          { u"usage"_s, usage() } });
        return;
    }
    if (request.path != "/v1/chat/completions") {
        reply->sendJson(
            404,
            R"({"error":{"message":"unknown path","type":"invalid_request_error","param":null,"code":null}})");
        return;
    }
    if (body.value(u"stream"_s).toBool()) {
        streamChat(body, reply, fault == Fault::DropMidStream);
        return;
    }
    QJsonObject message { { u"role"_s, u"assistant"_s },
                          { u"content"_s, QString::fromUtf8(content) },
                          { u"refusal"_s, QJsonValue::Null } };
    QString finish = u"stop"_s;
    if (body.contains(u"tools"_s)) {
        message.insert(u"content"_s, QJsonValue::Null);
        message.insert(u"tool_calls"_s,
                       QJsonArray { QJsonObject {
                           { u"id"_s, u"call_fake1"_s },
                           { u"type"_s, u"function"_s },
                           { u"function"_s,
                             QJsonObject { { u"name"_s, u"get_weather"_s },
                                           { u"arguments"_s, u"{\"city\":\"Oslo\"}"_s } } } } });
        finish = u"tool_calls"_s;
    }
    reply->sendJson(200,
                    QJsonObject { { u"id"_s, QString::fromLatin1("chatcmpl-" + name) },
                                  { u"object"_s, u"chat.completion"_s },
                                  { u"created"_s, 1700000000 },
                                  { u"model"_s, model },
                                  { u"choices"_s,
                                    QJsonArray { QJsonObject { { u"index"_s, 0 },
                                                               { u"message"_s, message },
                                                               { u"logprobs"_s, QJsonValue::Null },
                                                               { u"finish_reason"_s, finish } } } },
                                  { u"usage"_s, usage() } });
}

void FakeOpenAi::streamChat(const QJsonObject &body, FakeReply *reply, bool drop)
{
    const QString model = body.value(u"model"_s).toString();
    const bool includeUsage
        = body.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool();
    FakeStream events(FakeStream::Framing::Sse);
    auto add = [&events](const QJsonObject &o) {
        events.add(o);
    };
    add(chunk(model, QJsonObject { { u"role"_s, u"assistant"_s }, { u"content"_s, u""_s } },
              QJsonValue::Null, includeUsage));
    if (body.contains(u"tools"_s)) {
        add(chunk(model,
                  QJsonObject { { u"tool_calls"_s,
                                  QJsonArray { QJsonObject {
                                      { u"index"_s, 0 },
                                      { u"id"_s, u"call_fake1"_s },
                                      { u"type"_s, u"function"_s },
                                      { u"function"_s,
                                        QJsonObject { { u"name"_s, u"get_weather"_s },
                                                      { u"arguments"_s, u""_s } } } } } } },
                  QJsonValue::Null, includeUsage));
        for (const QString &part : { u"{\"ci"_s, u"ty\":\"Os"_s, u"lo\"}"_s })
            add(chunk(model,
                      QJsonObject {
                          { u"tool_calls"_s,
                            QJsonArray { QJsonObject {
                                { u"index"_s, 0 },
                                { u"function"_s, QJsonObject { { u"arguments"_s, part } } } } } } },
                      QJsonValue::Null, includeUsage));
        add(chunk(model, QJsonObject {}, u"tool_calls"_s, includeUsage));
    } else {
        for (const QByteArray &word : content.split(' '))
            add(chunk(model, QJsonObject { { u"content"_s, QString::fromUtf8(word + ' ') } },
                      QJsonValue::Null, includeUsage));
        add(chunk(model, QJsonObject {}, u"stop"_s, includeUsage));
    }
    if (includeUsage) {
        QJsonObject last = chunk(model, {}, QJsonValue::Null, false);
        last.insert(u"choices"_s, QJsonArray {});
        last.insert(u"usage"_s, usage());
        add(last);
    }
    events.addRaw("[DONE]");

    FakeStream::Delivery delivery;
    delivery.spacingMs = fault == Fault::SlowChunks ? chunkDelayMs : 0;
    delivery.dropAt = fault == Fault::DropBeforeEvents ? 0 : drop ? 2 : -1;
    delivery.onEvent = [this] {
        eventSentAt.append(QDateTime::currentMSecsSinceEpoch());
    };
    eventSentAt.clear();
    events.send(reply, delivery);
}

} // namespace switchyard::fakes
