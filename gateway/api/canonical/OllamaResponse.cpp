#include "OllamaResponse.h"

#include "OllamaWire.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

std::variant<Response, base::ApiError> OllamaResponse::decode(const QJsonObject &body)
{
    if (body.contains(u"error")) {
        base::ApiError error = ollama::errorFromJson(502, body);
        if (error.message.isEmpty())
            error.message = u"the upstream reported an error"_s;
        return error;
    }
    if (!body.value(u"message").isObject())
        return base::ApiError::badGateway(u"the upstream's chat answer has no message"_s);
    const QJsonObject message = body.value(u"message").toObject();

    Response response; // Ollama answers carry no id: the client's encoder makes one up
    response.model = body.value(u"model").toString();
    response.created = ollama::parseCreatedAt(body.value(u"created_at").toString());
    const QString thinking = message.value(u"thinking").toString();
    if (!thinking.isEmpty()) {
        ContentBlock block;
        block.kind = ContentBlock::Kind::Thinking;
        block.text = thinking;
        response.content.append(block);
    }
    const QString text = message.value(u"content").toString();
    if (!text.isEmpty()) {
        ContentBlock block;
        block.text = text;
        response.content.append(block);
    }
    const QJsonArray calls = message.value(u"tool_calls").toArray();
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QJsonObject call = calls.at(i).toObject();
        const QJsonObject function = call.value(u"function").toObject();
        ContentBlock block;
        block.kind = ContentBlock::Kind::ToolUse;
        block.toolId = ollama::toolCallId(call, int(i));
        block.toolName = function.value(u"name").toString();
        const QJsonValue arguments = function.value(u"arguments");
        block.toolArguments = arguments.isObject()
            ? QString::fromUtf8(QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact))
            : u"{}"_s;
        response.content.append(block);
    }
    response.stopReason
        = ollama::stopReasonFromDone(body.value(u"done_reason").toString(), !calls.isEmpty());
    response.usage = ollama::usageFromJson(body);
    return response;
}

QJsonObject OllamaResponse::encode(const Response &response)
{
    QStringList texts;
    QStringList thinking;
    QJsonArray toolCalls;
    for (const ContentBlock &block : response.content) {
        if (block.kind == ContentBlock::Kind::Text)
            texts.append(block.text);
        else if (block.kind == ContentBlock::Kind::Thinking)
            thinking.append(block.text);
        else if (block.kind == ContentBlock::Kind::ToolUse)
            toolCalls.append(ollama::toolCallToJson(block));
    }
    QJsonObject message { { u"role"_s, u"assistant"_s }, { u"content"_s, texts.join(QString()) } };
    if (!thinking.isEmpty())
        message.insert(u"thinking"_s, thinking.join(QString()));
    if (!toolCalls.isEmpty())
        message.insert(u"tool_calls"_s, toolCalls);
    const qint64 created
        = response.created > 0 ? response.created : QDateTime::currentSecsSinceEpoch();
    return QJsonObject { { u"model"_s, response.model },
                         { u"created_at"_s, ollama::formatCreatedAt(created) },
                         { u"message"_s, message },
                         { u"done"_s, true },
                         { u"done_reason"_s, ollama::doneReasonFromStop(response.stopReason) },
                         { u"prompt_eval_count"_s,
                           response.usage.inputTokens + response.usage.cacheReadTokens
                               + response.usage.cacheWriteTokens },
                         { u"eval_count"_s, response.usage.outputTokens } };
}

} // namespace switchyard::api::canonical
