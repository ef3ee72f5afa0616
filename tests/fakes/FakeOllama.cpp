#include "FakeOllama.h"

#include "FakeStream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QString>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::fakes {

namespace {

QJsonObject errorBody(const QString &message)
{
    return QJsonObject { { u"error"_s, message } };
}

const QString kCreatedAt = u"2025-01-15T10:20:30.123456789Z"_s;

} // namespace

FakeOllama::FakeOllama(QObject *parent) : FakeHttpServer(parent)
{
    setHandler([this](const FakeRequest &request, FakeReply *reply) { handle(request, reply); });
}

int FakeOllama::chatRequests() const
{
    return int(std::count_if(requests().begin(), requests().end(),
                             [](const FakeRequest &r) { return r.path == "/api/chat"; }));
}

QJsonObject FakeOllama::line(const QString &model, const QJsonObject &message, bool done) const
{
    return QJsonObject { { u"model"_s, model },
                         { u"created_at"_s, kCreatedAt },
                         { u"message"_s, message },
                         { u"done"_s, done } };
}

void FakeOllama::handle(const FakeRequest &request, FakeReply *reply)
{
    if (fault == Fault::Hang)
        return;
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QString model = body.value(u"model"_s).toString();
    const bool modelCall = request.path == "/api/chat" || request.path == "/api/show";
    if (fault == Fault::ServerError) {
        reply->sendJson(500, errorBody(u"llama runner process has terminated: exit status 2"_s));
        return;
    }
    if (fault == Fault::ModelNotFound && modelCall) {
        reply->sendJson(404, errorBody(u"model '"_s % model % u"' not found"_s));
        return;
    }
    if (request.path == "/api/chat" && request.method == "POST") {
        chat(body, reply);
        return;
    }
    if (request.path == "/api/generate" && request.method == "POST") {
        // Empty prompt: Ollama loads (or with keep_alive 0 unloads) the model and answers at once.
        const bool unload = body.value(u"keep_alive"_s).toVariant().toString() == u"0"_s;
        reply->sendJson(200,
                        QJsonObject { { u"model"_s, model },
                                      { u"created_at"_s, u"2026-01-01T00:00:00Z"_s },
                                      { u"response"_s, u""_s },
                                      { u"done"_s, true },
                                      { u"done_reason"_s, unload ? u"unload"_s : u"load"_s } });
        return;
    }
    if (request.path == "/api/tags" && request.method == "GET") {
        const QJsonObject details { { u"format"_s, u"gguf"_s },
                                    { u"family"_s, u"llama"_s },
                                    { u"parameter_size"_s, u"3.2B"_s },
                                    { u"quantization_level"_s, u"Q4_K_M"_s } };
        const QJsonObject entry {
            { u"name"_s, modelName },
            { u"model"_s, modelName },
            { u"modified_at"_s, kCreatedAt },
            { u"size"_s, 2019393189 },
            { u"digest"_s, u"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72"_s },
            { u"details"_s, details }
        };
        reply->sendJson(200, QJsonObject { { u"models"_s, QJsonArray { entry } } });
        return;
    }
    if (request.path == "/api/ps" && request.method == "GET") {
        const QJsonObject entry { { u"name"_s, modelName },
                                  { u"model"_s, modelName },
                                  { u"size"_s, 3'000'000'000LL },
                                  { u"size_vram"_s, sizeVram },
                                  { u"expires_at"_s, u"2099-01-01T00:00:00Z"_s },
                                  { u"context_length"_s, 4096 } };
        QJsonObject ps { { u"models"_s, QJsonArray { entry } } };
        if (psPaddingBytes > 0)
            ps.insert(u"padding"_s, QString(psPaddingBytes, u'x'));
        reply->sendJson(200, ps);
        return;
    }
    if (request.path == "/api/show" && request.method == "POST") {
        const QJsonObject info { { u"general.architecture"_s, u"llama"_s },
                                 { u"llama.context_length"_s, contextLength },
                                 { u"llama.embedding_length"_s, 3072 } };
        reply->sendJson(
            200,
            QJsonObject { { u"model_info"_s, info },
                          { u"capabilities"_s, QJsonArray { u"completion"_s, u"tools"_s } } });
        return;
    }
    if (request.path == "/v1/models" && request.method == "GET") {
        const QJsonObject entry { { u"id"_s, modelName },
                                  { u"object"_s, u"model"_s },
                                  { u"created"_s, 1736936430 },
                                  { u"owned_by"_s, u"library"_s } };
        reply->sendJson(
            200, QJsonObject { { u"object"_s, u"list"_s }, { u"data"_s, QJsonArray { entry } } });
        return;
    }
    reply->send(404, "404 page not found", { { "Content-Type", "text/plain" } });
}

void FakeOllama::chat(const QJsonObject &body, FakeReply *reply)
{
    const QString model = body.value(u"model"_s).toString();
    const bool tools = !body.value(u"tools"_s).toArray().isEmpty();
    const bool think = body.value(u"think"_s).toBool() && !thinking.isEmpty();
    const QJsonObject toolCall {
        { u"function"_s,
          QJsonObject { { u"name"_s, u"get_weather"_s },
                        { u"arguments"_s, QJsonObject { { u"city"_s, u"Oslo"_s } } } } }
    };
    QJsonObject last
        = line(model, QJsonObject { { u"role"_s, u"assistant"_s }, { u"content"_s, u""_s } }, true);
    last.insert(u"done_reason"_s, u"stop"_s);
    last.insert(u"total_duration"_s, 1234567890);
    last.insert(u"load_duration"_s, 12345678);
    last.insert(u"prompt_eval_count"_s, promptEvalCount);
    last.insert(u"prompt_eval_duration"_s, 2345678);
    last.insert(u"eval_count"_s, evalCount);
    last.insert(u"eval_duration"_s, 345678901);

    // Ollama defaults to streaming: only an explicit false gets a single object.
    if (!body.value(u"stream"_s).toBool(true)) {
        QJsonObject message { { u"role"_s, u"assistant"_s },
                              { u"content"_s, tools ? QString() : QString::fromUtf8(content) } };
        if (think)
            message.insert(u"thinking"_s, QString::fromUtf8(thinking));
        if (tools)
            message.insert(u"tool_calls"_s, QJsonArray { toolCall });
        last.insert(u"message"_s, message);
        reply->sendJson(200, last);
        return;
    }
    FakeStream lines(FakeStream::Framing::Ndjson);
    auto add = [&](const QJsonObject &message) {
        lines.add(line(model, message, false));
    };
    if (think) {
        for (const QByteArray &word : thinking.split(' '))
            add(QJsonObject { { u"role"_s, u"assistant"_s },
                              { u"content"_s, u""_s },
                              { u"thinking"_s, QString::fromUtf8(word + ' ') } });
    }
    if (tools) {
        add(QJsonObject { { u"role"_s, u"assistant"_s },
                          { u"content"_s, u""_s },
                          { u"tool_calls"_s, QJsonArray { toolCall } } });
    } else {
        for (const QByteArray &word : content.split(' '))
            add(QJsonObject { { u"role"_s, u"assistant"_s },
                              { u"content"_s, QString::fromUtf8(word + ' ') } });
    }
    lines.add(last);

    FakeStream::Delivery delivery;
    if (fault == Fault::DropMidStream)
        delivery.dropAt = 2;
    lines.send(reply, delivery);
}

} // namespace switchyard::fakes
