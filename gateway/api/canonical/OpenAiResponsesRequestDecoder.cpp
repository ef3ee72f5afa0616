#include "OpenAiResponsesRequestDecoder.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

std::variant<Request, base::ApiError> OpenAiResponsesRequestDecoder::decode()
{
    if (!decodeModel() || !decodeState() || !decodeInstructions()
        || !decodeInput(m_body.value(u"input")) || !decodeTools(m_body.value(u"tools"))
        || !decodeToolChoice(m_body.value(u"tool_choice"), {},
                             u"{\"type\":\"function\",\"name\":…}")
        || !decodeSampling() || !decodeTextFormat())
        return m_error;
    return m_request;
}

bool OpenAiResponsesRequestDecoder::decodeState()
{
    // `store` is accepted either way: nothing is stored, so a later previous_response_id fails.
    for (const QString &key : { u"previous_response_id"_s, u"conversation"_s }) {
        const QJsonValue value = m_body.value(key);
        if (absent(value) || (value.isString() && value.toString().isEmpty()))
            continue;
        return fail(u"Switchyard is stateless and keeps no previous responses: '"_s % key
                        % u"' is not supported. Send the full conversation in 'input' and set "
                          "'store' to false."_s,
                    key);
    }
    return true;
}

bool OpenAiResponsesRequestDecoder::decodeInstructions()
{
    const QJsonValue instructions = m_body.value(u"instructions");
    if (absent(instructions))
        return true;
    if (!instructions.isString())
        return fail(u"'instructions' must be a string"_s, u"instructions"_s);
    if (!instructions.toString().isEmpty()) {
        ContentBlock text;
        text.text = instructions.toString();
        m_request.system.append(text);
    }
    return true;
}

bool OpenAiResponsesRequestDecoder::decodeInput(const QJsonValue &input)
{
    if (input.isString()) {
        Message user;
        ContentBlock text;
        text.text = input.toString();
        user.content.append(text);
        m_request.messages.append(user);
        return true;
    }
    if (!input.isArray() || input.toArray().isEmpty())
        return fail(u"'input' must be a string or a non-empty array of items"_s, u"input"_s);
    return decodeObjects(
        input.toArray(), u"input"_s, u"each input item must be an object"_s,
        [this](const QJsonObject &item, const QString &path) { return decodeItem(item, path); });
}

bool OpenAiResponsesRequestDecoder::decodeItem(const QJsonObject &item, const QString &path)
{
    const QString type = item.value(u"type").toString();
    if (type == u"message" || (type.isEmpty() && item.contains(u"role")))
        return decodeMessage(item, path);
    if (type == u"function_call")
        return decodeFunctionCall(item, path);
    if (type == u"function_call_output")
        return decodeFunctionOutput(item, path);
    if (type == u"reasoning")
        return decodeReasoning(item, path);
    // item_reference needs stored state; built-in tool calls (local_shell_call, web_search_call…)
    // cannot be produced here because built-in tools are never offered upstream.
    return fail(u"unsupported input item type '"_s % type
                    % u"' (expected message, function_call, function_call_output or reasoning)"_s,
                member(path, u"type"));
}

bool OpenAiResponsesRequestDecoder::decodeMessage(const QJsonObject &item, const QString &path)
{
    const QString role = item.value(u"role").toString();
    const QString contentPath = member(path, u"content");
    if (role == u"system" || role == u"developer")
        return decodeContent(item.value(u"content"), contentPath, false, m_request.system);
    if (role == u"assistant")
        return decodeContent(item.value(u"content"), contentPath, false, assistantTurn().content);
    if (role != u"user")
        return fail(u"unsupported message role '"_s % role
                        % u"' (expected user, assistant, system or developer)"_s,
                    member(path, u"role"));
    Message user;
    if (!decodeContent(item.value(u"content"), contentPath, true, user.content))
        return false;
    m_request.messages.append(user);
    return true;
}

bool OpenAiResponsesRequestDecoder::decodeFunctionCall(const QJsonObject &item, const QString &path)
{
    const QJsonValue callId = item.value(u"call_id");
    if (!callId.isString() || callId.toString().isEmpty())
        return fail(u"a function_call item needs a 'call_id' string"_s, member(path, u"call_id"));
    if (!item.value(u"name").isString() || item.value(u"name").toString().isEmpty())
        return fail(u"a function_call item needs a 'name' string"_s, member(path, u"name"));
    const QJsonValue arguments = item.value(u"arguments");
    if (!arguments.isString() && !absent(arguments))
        return fail(u"'arguments' must be a JSON string"_s, member(path, u"arguments"));
    ContentBlock use;
    use.kind = ContentBlock::Kind::ToolUse;
    use.toolId = callId.toString();
    use.toolName = item.value(u"name").toString();
    use.toolArguments = arguments.toString(); // kept byte for byte
    assistantTurn().content.append(use);
    return true;
}

// Consecutive outputs are merged into ONE user message holding their ToolResult blocks, in
// order, as the chat decoder does for tool messages (Anthropic wants them together).
bool OpenAiResponsesRequestDecoder::decodeFunctionOutput(const QJsonObject &item,
                                                         const QString &path)
{
    const QJsonValue callId = item.value(u"call_id");
    if (!callId.isString() || callId.toString().isEmpty())
        return fail(u"a function_call_output item needs a 'call_id' string"_s,
                    member(path, u"call_id"));
    ContentBlock result;
    result.kind = ContentBlock::Kind::ToolResult;
    result.toolId = callId.toString();
    const QJsonValue output = item.value(u"output");
    if (output.isString()) {
        result.text = output.toString();
    } else if (output.isArray()) {
        if (!decodeContent(output, member(path, u"output"), true, result.toolResult))
            return false;
    } else {
        return fail(u"'output' must be a string or an array of content parts"_s,
                    member(path, u"output"));
    }
    appendToolResult(m_request, result);
    return true;
}

// The summary text is kept as the thinking text; encrypted_content carries a provider's
// signature (Anthropic) back to where it came from. Only encrypted content: redacted thinking.
bool OpenAiResponsesRequestDecoder::decodeReasoning(const QJsonObject &item, const QString &path)
{
    const QJsonValue summary = item.value(u"summary");
    if (!summary.isArray() && !absent(summary))
        return fail(u"'summary' must be an array"_s, member(path, u"summary"));
    QStringList texts;
    for (const QJsonValue &part : summary.toArray())
        texts.append(part.toObject().value(u"text").toString());
    ContentBlock thinking;
    thinking.kind = ContentBlock::Kind::Thinking;
    thinking.text = texts.join(u"\n\n"_s);
    const QString encrypted = item.value(u"encrypted_content").toString();
    if (thinking.text.isEmpty()) {
        if (encrypted.isEmpty())
            return true; // nothing to replay
        thinking.kind = ContentBlock::Kind::RedactedThinking;
        thinking.text = encrypted;
    } else {
        thinking.signature = encrypted;
    }
    assistantTurn().content.append(thinking);
    return true;
}

bool OpenAiResponsesRequestDecoder::decodeContent(const QJsonValue &content, const QString &path,
                                                  bool allowImages, QList<ContentBlock> &out)
{
    return decodeContentParts(content, path, out,
                              [this, allowImages](const QJsonValue &part, const QString &partPath,
                                                  QList<ContentBlock> &blocks) {
                                  return decodePart(part.toObject(), partPath, allowImages, blocks);
                              });
}

bool OpenAiResponsesRequestDecoder::decodePart(const QJsonObject &part, const QString &path,
                                               bool allowImages, QList<ContentBlock> &out)
{
    const QString type = part.value(u"type").toString();
    ContentBlock block;
    if (type == u"input_text" || type == u"output_text" || type == u"text") {
        if (!part.value(u"text").isString())
            return fail(u"a text part needs a 'text' string"_s, member(path, u"text"));
        block.text = part.value(u"text").toString();
    } else if (type == u"refusal") {
        block.text = part.value(u"refusal").toString();
    } else if (type == u"input_image" && allowImages) {
        if (!decodeImage(part, path, block))
            return false;
    } else {
        return fail(u"unsupported content part type '"_s % type % u'\'', member(path, u"type"));
    }
    out.append(block);
    return true;
}

bool OpenAiResponsesRequestDecoder::decodeImage(const QJsonObject &part, const QString &path,
                                                ContentBlock &block)
{
    if (!absent(part.value(u"file_id")))
        return fail(u"images by 'file_id' are not supported (Switchyard has no Files API): send "
                    "the image as a data URL or an http(s) URL in 'image_url'"_s,
                    member(path, u"file_id"));
    return decodeImageUrl(part.value(u"image_url").toString(), member(path, u"image_url"),
                          u"image_url", block);
}

// Only `function` tools are translated. Built-in tools (web_search, local_shell, file_search,
// custom/freeform tools…) run on OpenAI's side or need grammar support no other upstream has;
// they are skipped silently so Codex keeps working with its function tools.
bool OpenAiResponsesRequestDecoder::decodeTools(const QJsonValue &tools)
{
    return decodeToolList(tools, [this](const QJsonObject &tool, const QString &path) {
        if (tool.value(u"type").toString() != u"function")
            return true;
        if (!tool.value(u"name").isString() || tool.value(u"name").toString().isEmpty())
            return fail(u"a function tool needs a 'name' string"_s, member(path, u"name"));
        const QJsonValue parameters = tool.value(u"parameters");
        if (!absent(parameters) && !parameters.isObject())
            return fail(u"'parameters' must be a JSON Schema object"_s,
                        member(path, u"parameters"));
        Tool result;
        result.name = tool.value(u"name").toString();
        result.description = tool.value(u"description").toString();
        result.parameters = parameters.toObject();
        m_request.tools.append(result);
        return true;
    });
}

bool OpenAiResponsesRequestDecoder::decodeSampling()
{
    if (!decodeInt(u"max_output_tokens"_s, m_request.maxTokens)
        || !decodeDouble(u"temperature"_s, m_request.temperature)
        || !decodeDouble(u"top_p"_s, m_request.topP))
        return false;
    if (!decodeStream())
        return false;
    // Responses always reports usage (in response.completed): the client wants it.
    m_request.includeUsage = m_request.stream;
    const QJsonValue reasoning = m_body.value(u"reasoning");
    if (!reasoning.isObject() && !absent(reasoning))
        return fail(u"'reasoning' must be an object"_s, u"reasoning"_s);
    const QJsonValue effort = reasoning.toObject().value(u"effort");
    if (effort.isString())
        m_request.reasoning = Reasoning { effort.toString(), std::nullopt };
    else if (!absent(effort))
        return fail(u"'reasoning.effort' must be a string"_s, u"reasoning.effort"_s);
    m_request.user = m_body.value(u"user").toString();
    return true;
}

// text.format → the Chat Completions response_format shape the canonical model carries.
bool OpenAiResponsesRequestDecoder::decodeTextFormat()
{
    const QJsonObject format = m_body.value(u"text").toObject().value(u"format").toObject();
    const QString type = format.value(u"type").toString();
    if (type == u"json_object") {
        m_request.responseFormat = QJsonObject { { u"type"_s, type } };
    } else if (type == u"json_schema") {
        QJsonObject schema = format;
        schema.remove(u"type"_s);
        m_request.responseFormat
            = QJsonObject { { u"type"_s, type }, { u"json_schema"_s, schema } };
    }
    return true;
}

Message &OpenAiResponsesRequestDecoder::assistantTurn()
{
    if (m_request.messages.isEmpty() || m_request.messages.last().role != Role::Assistant) {
        Message assistant;
        assistant.role = Role::Assistant;
        m_request.messages.append(assistant);
    }
    return m_request.messages.last();
}

} // namespace switchyard::api::canonical
