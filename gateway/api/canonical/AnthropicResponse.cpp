#include "AnthropicResponse.h"

#include "AnthropicWire.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

std::variant<Response, base::ApiError> AnthropicResponse::decode(const QJsonObject &body)
{
    const QString type = body.value(u"type"_s).toString();
    if (type == u"error") {
        const QJsonObject error = body.value(u"error"_s).toObject();
        return base::ApiError { 502,
                                AnthropicWire::errorType(error.value(u"type"_s).toString(), 502),
                                error.value(u"message"_s).toString(),
                                {},
                                {} };
    }
    if (type != u"message" || !body.value(u"content"_s).isArray())
        return base::ApiError::badGateway(
            u"the upstream answered something that is not an Anthropic "
            u"message"_s);
    Response response;
    response.id = body.value(u"id"_s).toString();
    response.model = body.value(u"model"_s).toString();
    // Anthropic has no creation time; OpenAI-shaped clients want one.
    response.created = QDateTime::currentSecsSinceEpoch();
    for (const QJsonValue &value : body.value(u"content"_s).toArray()) {
        ContentBlock block;
        QString problem;
        if (AnthropicWire::blockFromJson(value.toObject(), &block, &problem))
            response.content.append(block);
        // else: server_tool_use, web_search_tool_result…: nothing canonical can carry them
    }
    response.stopReason = AnthropicWire::stopReasonFromWire(body.value(u"stop_reason"_s));
    response.stopSequence = body.value(u"stop_sequence"_s).toString();
    response.usage = AnthropicWire::usageFromJson(body.value(u"usage"_s).toObject());
    return response;
}

QJsonObject AnthropicResponse::encode(const Response &response)
{
    QJsonArray content;
    for (const ContentBlock &block : response.content)
        content.append(AnthropicWire::blockToJson(block));
    const QJsonValue stopSequence = response.stopSequence.isEmpty()
        ? QJsonValue(QJsonValue::Null)
        : QJsonValue(response.stopSequence);
    return { { u"id"_s,
               response.id.startsWith(u"msg_"_s) ? response.id : AnthropicWire::newId(u"msg_"_s) },
             { u"type"_s, u"message"_s },
             { u"role"_s, u"assistant"_s },
             { u"model"_s, response.model },
             { u"content"_s, content },
             { u"stop_reason"_s, AnthropicWire::stopReasonToWire(response.stopReason) },
             { u"stop_sequence"_s, stopSequence },
             { u"usage"_s, AnthropicWire::usageToJson(response.usage) } };
}

} // namespace switchyard::api::canonical
