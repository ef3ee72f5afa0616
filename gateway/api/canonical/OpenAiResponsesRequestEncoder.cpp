#include "OpenAiResponsesRequestEncoder.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

namespace {

QJsonObject imagePart(const ContentBlock &block)
{
    const QString url = block.imageUrl.isEmpty()
        ? u"data:"_s % block.mediaType % u";base64,"_s % QString::fromLatin1(block.imageData)
        : block.imageUrl;
    return QJsonObject { { u"type"_s, u"input_image"_s },
                         { u"image_url"_s, url },
                         { u"detail"_s, u"auto"_s } };
}

} // namespace

QJsonObject OpenAiResponsesRequestEncoder::encode(const Request &request)
{
    QJsonObject body { { u"model"_s, request.model },
                       { u"input"_s, input(request) },
                       { u"stream"_s, request.stream },
                       { u"store"_s, false } };
    QStringList instructions;
    for (const ContentBlock &block : request.system)
        instructions.append(block.text);
    if (!instructions.isEmpty())
        body.insert(u"instructions"_s, instructions.join(u"\n\n"_s));
    if (!request.tools.isEmpty()) {
        QJsonArray tools;
        for (const Tool &tool : request.tools) {
            QJsonObject entry { { u"type"_s, u"function"_s }, { u"name"_s, tool.name } };
            if (!tool.description.isEmpty())
                entry.insert(u"description"_s, tool.description);
            entry.insert(
                u"parameters"_s,
                tool.parameters.isEmpty()
                    ? QJsonObject { { u"type"_s, u"object"_s }, { u"properties"_s, QJsonObject() } }
                    : tool.parameters);
            entry.insert(u"strict"_s, false);
            tools.append(entry);
        }
        body.insert(u"tools"_s, tools);
        if (request.toolChoice)
            body.insert(u"tool_choice"_s, toolChoice(*request.toolChoice));
    }
    if (request.parallelToolCalls)
        body.insert(u"parallel_tool_calls"_s, *request.parallelToolCalls);
    else if (request.toolChoice && request.toolChoice->disableParallel)
        body.insert(u"parallel_tool_calls"_s, false);
    if (request.maxTokens)
        body.insert(u"max_output_tokens"_s, *request.maxTokens);
    if (request.temperature)
        body.insert(u"temperature"_s, *request.temperature);
    if (request.topP)
        body.insert(u"top_p"_s, *request.topP);
    // top_k and stop sequences have no Responses equivalent: dropped.
    if (request.reasoning && !request.reasoning->effort.isEmpty())
        body.insert(u"reasoning"_s,
                    QJsonObject { { u"effort"_s, request.reasoning->effort },
                                  { u"summary"_s, u"auto"_s } });
    const QString formatType = request.responseFormat.value(u"type").toString();
    if (formatType == u"json_schema" || formatType == u"json_object") {
        QJsonObject format = request.responseFormat.value(u"json_schema").toObject();
        format.insert(u"type"_s, formatType);
        body.insert(u"text"_s, QJsonObject { { u"format"_s, format } });
    }
    if (!request.user.isEmpty())
        body.insert(u"user"_s, request.user);
    return body;
}

QJsonArray OpenAiResponsesRequestEncoder::input(const Request &request)
{
    QJsonArray items;
    for (const Message &message : request.messages) {
        const bool assistant = message.role == Role::Assistant;
        QList<ContentBlock> pending; // text and images of one message item
        const auto flush = [&] {
            if (pending.isEmpty())
                return;
            items.append(QJsonObject { { u"type"_s, u"message"_s },
                                       { u"role"_s, roleName(message.role) },
                                       { u"content"_s, parts(pending, assistant) } });
            pending.clear();
        };
        for (const ContentBlock &block : message.content) {
            switch (block.kind) {
            case ContentBlock::Kind::Text:
            case ContentBlock::Kind::Image:
                pending.append(block);
                break;
            case ContentBlock::Kind::ToolUse:
                flush();
                items.append(QJsonObject {
                    { u"type"_s, u"function_call"_s },
                    { u"call_id"_s, block.toolId },
                    { u"name"_s, block.toolName },
                    { u"arguments"_s,
                      block.toolArguments.isEmpty() ? u"{}"_s : block.toolArguments } });
                break;
            case ContentBlock::Kind::ToolResult: {
                flush();
                QJsonValue output = block.text;
                if (!block.toolResult.isEmpty())
                    output = parts(block.toolResult, false);
                items.append(QJsonObject { { u"type"_s, u"function_call_output"_s },
                                           { u"call_id"_s, block.toolId },
                                           { u"output"_s, output } });
                break;
            }
            case ContentBlock::Kind::Thinking:
            case ContentBlock::Kind::RedactedThinking:
                // OpenAI only accepts reasoning items it produced itself (with their ids and
                // encrypted content); another provider's thinking cannot be replayed.
                break;
            }
        }
        flush();
    }
    return items;
}

QJsonArray OpenAiResponsesRequestEncoder::parts(const QList<ContentBlock> &blocks, bool assistant)
{
    QJsonArray result;
    for (const ContentBlock &block : blocks) {
        if (block.kind == ContentBlock::Kind::Image)
            result.append(imagePart(block));
        else if (assistant)
            result.append(QJsonObject { { u"type"_s, u"output_text"_s },
                                        { u"text"_s, block.text },
                                        { u"annotations"_s, QJsonArray() } });
        else
            result.append(
                QJsonObject { { u"type"_s, u"input_text"_s }, { u"text"_s, block.text } });
    }
    return result;
}

QJsonValue OpenAiResponsesRequestEncoder::toolChoice(const ToolChoice &choice)
{
    switch (choice.mode) {
    case ToolChoice::Mode::None:
        return u"none"_s;
    case ToolChoice::Mode::Required:
        return u"required"_s;
    case ToolChoice::Mode::Specific:
        return QJsonObject { { u"type"_s, u"function"_s }, { u"name"_s, choice.name } };
    case ToolChoice::Mode::Auto:
        break;
    }
    return u"auto"_s;
}

} // namespace switchyard::api::canonical
