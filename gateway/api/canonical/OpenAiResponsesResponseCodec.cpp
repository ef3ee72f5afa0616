#include "OpenAiResponsesResponseCodec.h"

#include "OpenAiResponsesWire.h"

#include <QJsonArray>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

namespace {

void decodeMessage(const QJsonObject &item, QList<ContentBlock> &out, bool &refused)
{
    for (const QJsonValue &value : item.value(u"content").toArray()) {
        const QJsonObject part = value.toObject();
        ContentBlock block;
        if (part.value(u"type").toString() == u"refusal") {
            block.text = part.value(u"refusal").toString();
            refused = true;
        } else {
            block.text = part.value(u"text").toString();
        }
        out.append(block);
    }
}

ContentBlock decodeReasoning(const QJsonObject &item)
{
    QStringList texts;
    for (const QJsonValue &part : item.value(u"summary").toArray())
        texts.append(part.toObject().value(u"text").toString());
    if (texts.isEmpty()) { // reasoning models that return the raw reasoning text
        for (const QJsonValue &part : item.value(u"content").toArray())
            texts.append(part.toObject().value(u"text").toString());
    }
    ContentBlock thinking;
    thinking.kind = ContentBlock::Kind::Thinking;
    thinking.text = texts.join(u"\n\n"_s);
    thinking.signature = item.value(u"encrypted_content").toString();
    return thinking;
}

} // namespace

std::variant<Response, base::ApiError> OpenAiResponsesResponseCodec::decode(const QJsonObject &body)
{
    const QJsonObject error = body.value(u"error").toObject();
    if (!error.isEmpty()) {
        base::ApiError result = base::ApiError::badGateway(error.value(u"message").toString());
        result.code = error.value(u"code").toString();
        return result;
    }
    if (!body.value(u"output").isArray())
        return base::ApiError::badGateway(u"the upstream's response has no 'output' array"_s);
    Response response;
    response.id = body.value(u"id").toString();
    response.model = body.value(u"model").toString();
    response.created = body.value(u"created_at").toInteger();
    bool refused = false;
    bool calledTool = false;
    for (const QJsonValue &value : body.value(u"output").toArray()) {
        const QJsonObject item = value.toObject();
        const QString type = item.value(u"type").toString();
        if (type == u"message") {
            decodeMessage(item, response.content, refused);
        } else if (type == u"reasoning") {
            response.content.append(decodeReasoning(item));
        } else if (type == u"function_call") {
            ContentBlock use;
            use.kind = ContentBlock::Kind::ToolUse;
            use.toolId = item.value(u"call_id").toString();
            use.toolName = item.value(u"name").toString();
            use.toolArguments = item.value(u"arguments").toString();
            response.content.append(use);
            calledTool = true;
        } // built-in tool calls are never requested (see the request encoder)
    }
    const QString reason = body.value(u"incomplete_details").toObject().value(u"reason").toString();
    if (reason == u"max_output_tokens")
        response.stopReason = StopReason::MaxTokens;
    else if (reason == u"content_filter")
        response.stopReason = StopReason::ContentFilter;
    else if (refused)
        response.stopReason = StopReason::Refusal;
    else
        response.stopReason = calledTool ? StopReason::ToolUse : StopReason::EndTurn;
    if (body.value(u"usage").isObject())
        response.usage = openai_responses::usageFromJson(body.value(u"usage").toObject());
    return response;
}

QJsonObject OpenAiResponsesResponseCodec::encode(const Response &response)
{
    const QString id = openai_responses::responseIdFrom(response.id);
    QJsonArray output;
    for (const ContentBlock &block : response.content) {
        const int index = int(output.size());
        switch (block.kind) {
        case ContentBlock::Kind::Text:
            output.append(openai_responses::messageItem(
                openai_responses::itemId(u"msg", id, index), u"completed"_s,
                QJsonArray { openai_responses::outputTextPart(block.text) }));
            break;
        case ContentBlock::Kind::Thinking:
            output.append(openai_responses::reasoningItem(
                openai_responses::itemId(u"rs", id, index),
                QJsonArray { openai_responses::summaryPart(block.text) }, block.signature));
            break;
        case ContentBlock::Kind::RedactedThinking:
            output.append(openai_responses::reasoningItem(
                openai_responses::itemId(u"rs", id, index), QJsonArray(), block.text));
            break;
        case ContentBlock::Kind::ToolUse: {
            ContentBlock call = block;
            if (call.toolArguments.isEmpty())
                call.toolArguments = u"{}"_s;
            output.append(openai_responses::functionCallItem(
                openai_responses::itemId(u"fc", id, index), u"completed"_s, call));
            break;
        }
        case ContentBlock::Kind::Image:
        case ContentBlock::Kind::ToolResult:
            break; // never part of a model's answer
        }
    }
    QJsonObject body = openai_responses::envelope(id, response.model, response.created);
    openai_responses::complete(body, output, response.stopReason, response.usage);
    return body;
}

} // namespace switchyard::api::canonical
