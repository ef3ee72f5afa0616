#include "OpenAiChatRequestDecoder.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

std::variant<Request, base::ApiError> OpenAiChatRequestDecoder::decode()
{
    if (!decodeModel() || !decodeMessages(m_body.value(u"messages"))
        || !decodeTools(m_body.value(u"tools"))
        || !decodeToolChoice(m_body.value(u"tool_choice"), u"function",
                             u"{\"type\":\"function\",\"function\":{\"name\":…}}")
        || !decodeSampling())
        return m_error;
    return m_request;
}

bool OpenAiChatRequestDecoder::decodeMessages(const QJsonValue &messages)
{
    if (!messages.isArray() || messages.toArray().isEmpty())
        return fail(u"'messages' must be a non-empty array"_s, u"messages"_s);
    return decodeObjects(messages.toArray(), u"messages"_s, u"each message must be an object"_s,
                         [this](const QJsonObject &message, const QString &path) {
                             return decodeMessage(message, path);
                         });
}

bool OpenAiChatRequestDecoder::decodeMessage(const QJsonObject &message, const QString &path)
{
    const QString role = message.value(u"role").toString();
    if (role == u"system" || role == u"developer")
        return decodeSystem(message, path);
    if (role == u"user")
        return decodeUser(message, path);
    if (role == u"assistant")
        return decodeAssistant(message, path);
    if (role == u"tool")
        return decodeTool(message, path);
    return fail(u"unsupported message role '"_s % role
                    % u"' (expected system, developer, user, assistant or tool)"_s,
                member(path, u"role"));
}

bool OpenAiChatRequestDecoder::decodeSystem(const QJsonObject &message, const QString &path)
{
    return decodeContent(message.value(u"content"), member(path, u"content"), false,
                         m_request.system);
}

bool OpenAiChatRequestDecoder::decodeUser(const QJsonObject &message, const QString &path)
{
    Message user;
    user.role = Role::User;
    user.name = message.value(u"name").toString();
    if (!decodeContent(message.value(u"content"), member(path, u"content"), true, user.content))
        return false;
    m_request.messages.append(user);
    return true;
}

bool OpenAiChatRequestDecoder::decodeAssistant(const QJsonObject &message, const QString &path)
{
    Message assistant;
    assistant.role = Role::Assistant;
    assistant.name = message.value(u"name").toString();
    // DeepSeek/vLLM send the reasoning as reasoning_content; OpenRouter and newer vLLM as
    // reasoning.
    QJsonValue reasoning = message.value(u"reasoning_content");
    if (reasoning.isUndefined() || reasoning.isNull())
        reasoning = message.value(u"reasoning");
    if (reasoning.isString() && !reasoning.toString().isEmpty()) {
        ContentBlock thinking;
        thinking.kind = ContentBlock::Kind::Thinking;
        thinking.text = reasoning.toString();
        assistant.content.append(thinking);
    }
    const QJsonValue content = message.value(u"content");
    if (!content.isNull() && !content.isUndefined()
        && !decodeContent(content, member(path, u"content"), false, assistant.content))
        return false;
    if (!decodeToolCalls(message.value(u"tool_calls"), member(path, u"tool_calls"),
                         assistant.content))
        return false;
    m_request.messages.append(assistant);
    return true;
}

// Consecutive tool messages are merged into ONE user message holding their ToolResult blocks,
// in order: Anthropic wants every result for an assistant turn in the next user message, and the
// encoder splits them back into separate tool messages.
bool OpenAiChatRequestDecoder::decodeTool(const QJsonObject &message, const QString &path)
{
    const QJsonValue id = message.value(u"tool_call_id");
    if (!id.isString() || id.toString().isEmpty())
        return fail(u"a tool message needs a 'tool_call_id' string"_s,
                    member(path, u"tool_call_id"));
    ContentBlock result;
    result.kind = ContentBlock::Kind::ToolResult;
    result.toolId = id.toString();
    const QJsonValue content = message.value(u"content");
    if (content.isString()) {
        result.text = content.toString();
    } else if (!content.isNull()
               && !decodeContent(content, member(path, u"content"), true, result.toolResult)) {
        return false;
    }
    appendToolResult(m_request, result);
    return true;
}

bool OpenAiChatRequestDecoder::decodeContent(const QJsonValue &content, const QString &path,
                                             bool allowImages, QList<ContentBlock> &out)
{
    return decodeContentParts(content, path, out,
                              [this, allowImages](const QJsonValue &part, const QString &partPath,
                                                  QList<ContentBlock> &blocks) {
                                  if (!part.isObject())
                                      return fail(u"each content part must be an object"_s,
                                                  partPath);
                                  return decodePart(part.toObject(), partPath, allowImages, blocks);
                              });
}

bool OpenAiChatRequestDecoder::decodePart(const QJsonObject &part, const QString &path,
                                          bool allowImages, QList<ContentBlock> &out)
{
    ContentBlock block;
    block.cacheControl = part.value(u"cache_control").toObject(); // Roo's prompt-caching marks
    const QString type = part.value(u"type").toString();
    if (type == u"text" || type == u"refusal") {
        const QJsonValue text = part.value(type);
        if (!text.isString())
            return fail(u"a "_s % type % u" part needs a '"_s % type % u"' string"_s,
                        member(path, type));
        block.text = text.toString();
    } else if (type == u"image_url" && allowImages) {
        if (!decodeImage(part, member(path, u"image_url"), block))
            return false;
    } else {
        return fail(u"unsupported content part type '"_s % type % u'\'', member(path, u"type"));
    }
    out.append(block);
    return true;
}

bool OpenAiChatRequestDecoder::decodeImage(const QJsonObject &part, const QString &path,
                                           ContentBlock &block)
{
    const QJsonValue image = part.value(u"image_url");
    // The spec says {"url": …}; a bare string is common enough to accept.
    const QString url
        = image.isString() ? image.toString() : image.toObject().value(u"url").toString();
    return decodeImageUrl(url, member(path, u"url"), u"image_url.url", block);
}

bool OpenAiChatRequestDecoder::decodeToolCalls(const QJsonValue &toolCalls, const QString &path,
                                               QList<ContentBlock> &out)
{
    if (toolCalls.isUndefined() || toolCalls.isNull())
        return true;
    if (!toolCalls.isArray())
        return fail(u"'tool_calls' must be an array"_s, path);
    const QJsonArray calls = toolCalls.toArray();
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QString callPath = indexed(path, i);
        const QJsonObject call = calls.at(i).toObject();
        const QJsonObject function = call.value(u"function").toObject();
        if (!call.value(u"id").isString())
            return fail(u"a tool call needs an 'id' string"_s, member(callPath, u"id"));
        if (!function.value(u"name").isString())
            return fail(u"a tool call needs a 'function.name' string"_s,
                        member(callPath, u"function.name"));
        ContentBlock use;
        use.kind = ContentBlock::Kind::ToolUse;
        use.toolId = call.value(u"id").toString();
        use.toolName = function.value(u"name").toString();
        const QJsonValue arguments = function.value(u"arguments");
        if (arguments.isString()) // kept byte for byte
            use.toolArguments = arguments.toString();
        else if (arguments.isObject())
            use.toolArguments = QString::fromUtf8(
                QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact));
        else if (!arguments.isUndefined() && !arguments.isNull())
            return fail(u"'function.arguments' must be a JSON string"_s,
                        member(callPath, u"function.arguments"));
        out.append(use);
    }
    return true;
}

bool OpenAiChatRequestDecoder::decodeTools(const QJsonValue &tools)
{
    return decodeToolList(tools, [this](const QJsonObject &tool, const QString &path) {
        if (tool.value(u"type").toString() != u"function")
            return fail(u"only tools of type 'function' are supported"_s, member(path, u"type"));
        const QJsonObject function = tool.value(u"function").toObject();
        if (!function.value(u"name").isString() || function.value(u"name").toString().isEmpty())
            return fail(u"a tool needs a 'function.name' string"_s, member(path, u"function.name"));
        const QJsonValue parameters = function.value(u"parameters");
        if (!absent(parameters) && !parameters.isObject())
            return fail(u"'function.parameters' must be a JSON Schema object"_s,
                        member(path, u"function.parameters"));
        m_request.tools.append(
            Tool { function.value(u"name").toString(), function.value(u"description").toString(),
                   parameters.toObject(), tool.value(u"cache_control").toObject() });
        return true;
    });
}

bool OpenAiChatRequestDecoder::decodeSampling()
{
    std::optional<int> maxTokens;
    if (!decodeInt(u"max_completion_tokens"_s, maxTokens)
        || (!maxTokens && !decodeInt(u"max_tokens"_s, maxTokens)))
        return false;
    m_request.maxTokens = maxTokens;
    // top_k is not OpenAI's, but vLLM/llama.cpp clients send it; useful for Anthropic upstreams.
    if (!decodeInt(u"top_k"_s, m_request.topK)
        || !decodeDouble(u"temperature"_s, m_request.temperature)
        || !decodeDouble(u"top_p"_s, m_request.topP) || !decodeStop(m_body.value(u"stop")))
        return false;
    if (!decodeStream())
        return false;
    m_request.includeUsage
        = m_body.value(u"stream_options").toObject().value(u"include_usage").toBool();
    const QJsonValue effort = m_body.value(u"reasoning_effort");
    if (effort.isString())
        m_request.reasoning = Reasoning { effort.toString(), std::nullopt };
    else if (!effort.isUndefined() && !effort.isNull())
        return fail(u"'reasoning_effort' must be a string"_s, u"reasoning_effort"_s);
    m_request.user = m_body.value(u"user").toString();
    const QJsonValue format = m_body.value(u"response_format");
    if (!format.isObject() && !format.isUndefined() && !format.isNull())
        return fail(u"'response_format' must be an object"_s, u"response_format"_s);
    m_request.responseFormat = format.toObject();
    return true;
}

bool OpenAiChatRequestDecoder::decodeStop(const QJsonValue &stop)
{
    if (stop.isString()) {
        m_request.stop.append(stop.toString());
        return true;
    }
    if (stop.isUndefined() || stop.isNull())
        return true;
    if (!stop.isArray())
        return fail(u"'stop' must be a string or an array of strings"_s, u"stop"_s);
    const QJsonArray array = stop.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString())
            return fail(u"'stop' must be a string or an array of strings"_s, indexed(u"stop"_s, i));
        m_request.stop.append(array.at(i).toString());
    }
    return true;
}

} // namespace switchyard::api::canonical
