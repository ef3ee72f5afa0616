#include "OpenAiChatRequestEncoder.h"

#include <QJsonValue>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

namespace {

QJsonObject textPart(const ContentBlock &block)
{
    QJsonObject part { { u"type"_s, u"text"_s }, { u"text"_s, block.text } };
    if (!block.cacheControl.isEmpty())
        part.insert(u"cache_control"_s, block.cacheControl);
    return part;
}

QJsonObject imagePart(const ContentBlock &block)
{
    const QString url = block.imageUrl.isEmpty()
        ? u"data:"_s % block.mediaType % u";base64,"_s % QString::fromLatin1(block.imageData)
        : block.imageUrl;
    QJsonObject part { { u"type"_s, u"image_url"_s },
                       { u"image_url"_s, QJsonObject { { u"url"_s, url } } } };
    if (!block.cacheControl.isEmpty())
        part.insert(u"cache_control"_s, block.cacheControl);
    return part;
}

/// A plain string when it is a single uncached text block (what every server accepts),
/// otherwise content parts.
QJsonValue contentValue(const QList<ContentBlock> &blocks)
{
    if (blocks.size() == 1 && blocks.constFirst().kind == ContentBlock::Kind::Text
        && blocks.constFirst().cacheControl.isEmpty())
        return blocks.constFirst().text;
    QJsonArray parts;
    for (const ContentBlock &block : blocks)
        parts.append(block.kind == ContentBlock::Kind::Image ? imagePart(block) : textPart(block));
    return parts;
}

QString joinedText(const QList<ContentBlock> &blocks, ContentBlock::Kind kind)
{
    QStringList texts;
    for (const ContentBlock &block : blocks) {
        if (block.kind == kind)
            texts.append(block.text);
    }
    return texts.join(u"\n\n"_s);
}

} // namespace

QJsonObject OpenAiChatRequestEncoder::encode(const Request &request)
{
    QJsonObject body { { u"model"_s, request.model } };
    QJsonArray messages;
    if (!request.system.isEmpty()) {
        // One system message: several system messages break some local chat templates.
        const bool cached
            = std::any_of(request.system.cbegin(), request.system.cend(),
                          [](const ContentBlock &b) { return !b.cacheControl.isEmpty(); });
        QJsonValue content = joinedText(request.system, ContentBlock::Kind::Text);
        if (cached)
            content = contentValue(request.system);
        messages.append(QJsonObject { { u"role"_s, u"system"_s }, { u"content"_s, content } });
    }
    for (const Message &message : request.messages)
        encodeMessage(message, messages);
    body.insert(u"messages"_s, messages);

    // Several providers reject tool_choice/parallel_tool_calls sent without tools.
    if (!request.tools.isEmpty()) {
        body.insert(u"tools"_s, encodeTools(request.tools));
        if (request.toolChoice)
            body.insert(u"tool_choice"_s, encodeToolChoice(*request.toolChoice));
        if (request.parallelToolCalls)
            body.insert(u"parallel_tool_calls"_s, *request.parallelToolCalls);
        else if (request.toolChoice && request.toolChoice->disableParallel)
            body.insert(u"parallel_tool_calls"_s, false);
    }
    // max_tokens rather than max_completion_tokens: every OpenAI-compatible server knows it.
    if (request.maxTokens)
        body.insert(u"max_tokens"_s, *request.maxTokens);
    if (request.temperature)
        body.insert(u"temperature"_s, *request.temperature);
    if (request.topP)
        body.insert(u"top_p"_s, *request.topP);
    // top_k is not sent: OpenAI itself rejects it as an unknown argument.
    if (!request.stop.isEmpty())
        body.insert(u"stop"_s, QJsonArray::fromStringList(request.stop));
    if (request.stream) {
        body.insert(u"stream"_s, true);
        // Always ask for usage upstream; the client's encoder drops it if the client did not ask.
        body.insert(u"stream_options"_s, QJsonObject { { u"include_usage"_s, true } });
    }
    if (request.reasoning) {
        if (!request.reasoning->effort.isEmpty())
            body.insert(u"reasoning_effort"_s, request.reasoning->effort);
        else if (request.reasoning->budgetTokens && *request.reasoning->budgetTokens > 0)
            body.insert(u"reasoning_effort"_s, effortForBudget(*request.reasoning->budgetTokens));
    }
    if (!request.user.isEmpty())
        body.insert(u"user"_s, request.user);
    if (!request.responseFormat.isEmpty())
        body.insert(u"response_format"_s, request.responseFormat);
    return body;
}

QString OpenAiChatRequestEncoder::effortForBudget(int budgetTokens)
{
    // Anthropic budget_tokens → OpenAI effort: below 2048 low, below 8192 medium, else high.
    // (Anthropic's minimum budget is 1024; its docs suggest 16k+ for hard tasks.)
    if (budgetTokens < 2048)
        return u"low"_s;
    if (budgetTokens < 8192)
        return u"medium"_s;
    return u"high"_s;
}

QJsonObject OpenAiChatRequestEncoder::cleanSchema(const QJsonObject &schema)
{
    return stripSchemaKeys(schema).toObject();
}

void OpenAiChatRequestEncoder::encodeMessage(const Message &message, QJsonArray &out)
{
    switch (message.role) {
    case Role::Assistant:
        out.append(encodeAssistant(message));
        return;
    case Role::System:
        out.append(QJsonObject {
            { u"role"_s, u"system"_s },
            { u"content"_s, joinedText(message.content, ContentBlock::Kind::Text) } });
        return;
    case Role::User:
    case Role::Tool:
        encodeUserTurn(message, out);
        return;
    }
}

// Tool results become "tool" messages, in order, where the user turn was; the turn's other
// content (and images from tool results, which tool messages cannot carry) follows as a user
// message.
void OpenAiChatRequestEncoder::encodeUserTurn(const Message &message, QJsonArray &out)
{
    QList<ContentBlock> rest;
    for (const ContentBlock &block : message.content) {
        switch (block.kind) {
        case ContentBlock::Kind::ToolResult: {
            QStringList texts;
            if (!block.text.isEmpty())
                texts.append(block.text);
            for (const ContentBlock &inner : block.toolResult) {
                if (inner.kind == ContentBlock::Kind::Image)
                    rest.append(inner);
                else if (inner.kind == ContentBlock::Kind::Text)
                    texts.append(inner.text);
            }
            // is_error has no OpenAI field; the result text is what the model reads anyway.
            out.append(QJsonObject { { u"role"_s, u"tool"_s },
                                     { u"tool_call_id"_s, block.toolId },
                                     { u"content"_s, texts.join(u"\n\n"_s) } });
            break;
        }
        case ContentBlock::Kind::Text:
        case ContentBlock::Kind::Image:
            rest.append(block);
            break;
        case ContentBlock::Kind::ToolUse:
        case ContentBlock::Kind::Thinking:
        case ContentBlock::Kind::RedactedThinking:
            break; // not user content
        }
    }
    if (rest.isEmpty())
        return;
    QJsonObject user { { u"role"_s, u"user"_s }, { u"content"_s, contentValue(rest) } };
    if (!message.name.isEmpty())
        user.insert(u"name"_s, message.name);
    out.append(user);
}

// Thinking blocks are dropped: OpenAI rejects reasoning in input messages, and DeepSeek documents
// that reasoning_content must not be sent back.
QJsonObject OpenAiChatRequestEncoder::encodeAssistant(const Message &message)
{
    QJsonObject assistant { { u"role"_s, u"assistant"_s } };
    QJsonArray toolCalls;
    for (const ContentBlock &block : message.content) {
        if (block.kind != ContentBlock::Kind::ToolUse)
            continue;
        const QJsonObject function {
            { u"name"_s, block.toolName },
            { u"arguments"_s, block.toolArguments.isEmpty() ? u"{}"_s : block.toolArguments },
        };
        toolCalls.append(QJsonObject {
            { u"id"_s, block.toolId }, { u"type"_s, u"function"_s }, { u"function"_s, function } });
    }
    const QString text = joinedText(message.content, ContentBlock::Kind::Text);
    const bool hasText
        = std::any_of(message.content.cbegin(), message.content.cend(),
                      [](const ContentBlock &b) { return b.kind == ContentBlock::Kind::Text; });
    assistant.insert(u"content"_s,
                     hasText || toolCalls.isEmpty() ? QJsonValue(text)
                                                    : QJsonValue(QJsonValue::Null));
    if (!toolCalls.isEmpty())
        assistant.insert(u"tool_calls"_s, toolCalls);
    if (!message.name.isEmpty())
        assistant.insert(u"name"_s, message.name);
    return assistant;
}

QJsonArray OpenAiChatRequestEncoder::encodeTools(const QList<Tool> &tools)
{
    QJsonArray array;
    for (const Tool &tool : tools) {
        QJsonObject parameters = cleanSchema(tool.parameters);
        if (parameters.isEmpty()) // some servers insist on an object schema
            parameters
                = QJsonObject { { u"type"_s, u"object"_s }, { u"properties"_s, QJsonObject() } };
        QJsonObject function { { u"name"_s, tool.name }, { u"parameters"_s, parameters } };
        if (!tool.description.isEmpty())
            function.insert(u"description"_s, tool.description);
        array.append(QJsonObject { { u"type"_s, u"function"_s }, { u"function"_s, function } });
    }
    return array;
}

QJsonValue OpenAiChatRequestEncoder::encodeToolChoice(const ToolChoice &choice)
{
    switch (choice.mode) {
    case ToolChoice::Mode::None:
        return u"none"_s;
    case ToolChoice::Mode::Required:
        return u"required"_s;
    case ToolChoice::Mode::Specific:
        return QJsonObject { { u"type"_s, u"function"_s },
                             { u"function"_s, QJsonObject { { u"name"_s, choice.name } } } };
    case ToolChoice::Mode::Auto:
        break;
    }
    return u"auto"_s;
}

} // namespace switchyard::api::canonical
