#include "OpenAiChatResponseCodec.h"

#include "OpenAiChatWire.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

std::variant<Response, base::ApiError> OpenAiChatResponseCodec::decode(const QJsonObject &body)
{
    if (body.contains(u"error"))
        return openai_chat::errorFromJson(502, body);
    const QJsonArray choices = body.value(u"choices").toArray();
    if (choices.isEmpty() || !choices.at(0).isObject())
        return base::ApiError::badGateway(u"the upstream's chat completion has no choices"_s);
    const QJsonObject choice = choices.at(0).toObject();
    const QJsonObject message = choice.value(u"message").toObject();

    Response response;
    response.id = body.value(u"id").toString();
    response.model = body.value(u"model").toString();
    response.created = body.value(u"created").toInteger();
    QJsonValue reasoning = message.value(u"reasoning_content");
    if (!reasoning.isString())
        reasoning = message.value(u"reasoning"); // OpenRouter, newer vLLM
    if (!reasoning.toString().isEmpty()) {
        ContentBlock thinking;
        thinking.kind = ContentBlock::Kind::Thinking;
        thinking.text = reasoning.toString();
        response.content.append(thinking);
    }
    const QJsonValue content = message.value(u"content");
    QString text = content.toString();
    if (content.isArray()) { // a few servers answer with text parts
        QStringList texts;
        for (const QJsonValue &part : content.toArray())
            texts.append(part.toObject().value(u"text").toString());
        text = texts.join(QString());
    }
    if (!text.isEmpty()) {
        ContentBlock block;
        block.text = text;
        response.content.append(block);
    }
    response.stopReason = openai_chat::stopReasonFromFinish(choice.value(u"finish_reason"));
    const QString refusal = message.value(u"refusal").toString();
    if (!refusal.isEmpty()) {
        ContentBlock block;
        block.text = refusal;
        response.content.append(block);
        response.stopReason = StopReason::Refusal;
    }
    for (const QJsonValue &value : message.value(u"tool_calls").toArray()) {
        const QJsonObject call = value.toObject();
        const QJsonObject function = call.value(u"function").toObject();
        ContentBlock use;
        use.kind = ContentBlock::Kind::ToolUse;
        use.toolId = call.value(u"id").toString();
        use.toolName = function.value(u"name").toString();
        const QJsonValue arguments = function.value(u"arguments");
        use.toolArguments = arguments.isObject()
            ? QString::fromUtf8(QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact))
            : arguments.toString();
        response.content.append(use);
    }
    const QJsonValue usage = body.value(u"usage");
    if (usage.isObject())
        response.usage = openai_chat::usageFromJson(usage.toObject());
    return response;
}

QJsonObject OpenAiChatResponseCodec::encode(const Response &response)
{
    QStringList texts;
    QStringList thoughts;
    QJsonArray toolCalls;
    for (const ContentBlock &block : response.content) {
        if (block.kind == ContentBlock::Kind::Text) {
            texts.append(block.text);
        } else if (block.kind == ContentBlock::Kind::Thinking) {
            thoughts.append(block.text);
        } else if (block.kind == ContentBlock::Kind::ToolUse) {
            const QJsonObject function {
                { u"name"_s, block.toolName },
                { u"arguments"_s, block.toolArguments.isEmpty() ? u"{}"_s : block.toolArguments },
            };
            toolCalls.append(QJsonObject { { u"id"_s, block.toolId },
                                           { u"type"_s, u"function"_s },
                                           { u"function"_s, function } });
        }
    }
    QJsonObject message {
        { u"role"_s, u"assistant"_s },
        { u"content"_s,
          texts.isEmpty() && !toolCalls.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                  : QJsonValue(texts.join(u"\n\n"_s)) },
        { u"refusal"_s, QJsonValue(QJsonValue::Null) },
    };
    if (!thoughts.isEmpty())
        message.insert(u"reasoning_content"_s, thoughts.join(u"\n\n"_s));
    if (!toolCalls.isEmpty())
        message.insert(u"tool_calls"_s, toolCalls);
    const QJsonObject choice {
        { u"index"_s, 0 },
        { u"message"_s, message },
        { u"logprobs"_s, QJsonValue(QJsonValue::Null) },
        { u"finish_reason"_s, openai_chat::finishReasonFromStop(response.stopReason) },
    };
    QJsonObject body {
        { u"id"_s, response.id.isEmpty() ? openai_chat::generateCompletionId() : response.id },
        { u"object"_s, u"chat.completion"_s },
        { u"created"_s,
          response.created > 0 ? response.created : QDateTime::currentSecsSinceEpoch() },
        { u"model"_s, response.model },
        { u"choices"_s, QJsonArray { choice } },
    };
    // usage is optional in the spec; zeros would be a lie when the upstream reported none.
    if (response.usage.known)
        body.insert(u"usage"_s, openai_chat::usageToJson(response.usage));
    return body;
}

} // namespace switchyard::api::canonical
