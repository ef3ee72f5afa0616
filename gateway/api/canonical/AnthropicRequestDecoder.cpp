#include "AnthropicRequestDecoder.h"

#include "AnthropicWire.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

namespace {

base::ApiError invalid(const QString &param, const QString &problem)
{
    return base::ApiError::invalidRequest(param % u": "_s % problem, param);
}

QString at(const QString &path, qsizetype index)
{
    return path % u'.' % QString::number(index);
}

/// Reads a string-or-text-blocks field (system, message content). False sets \a error.
bool readBlocks(const QJsonValue &value, const QString &path, QList<ContentBlock> *blocks,
                base::ApiError *error)
{
    if (value.isString()) {
        ContentBlock text;
        text.text = value.toString();
        blocks->append(text);
        return true;
    }
    if (!value.isArray()) {
        *error = invalid(path, u"Input should be a valid string or list of content blocks"_s);
        return false;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        ContentBlock block;
        QString problem;
        if (!AnthropicWire::blockFromJson(array.at(i).toObject(), &block, &problem)) {
            if (problem.isEmpty()) {
                problem = u"content block type '"_s
                    % array.at(i).toObject().value(u"type"_s).toString()
                    % u"' cannot be translated for this upstream"_s;
            }
            *error = invalid(at(path, i), problem);
            return false;
        }
        blocks->append(block);
    }
    return true;
}

bool readMessages(const QJsonValue &value, Request *request, base::ApiError *error)
{
    if (!value.isArray()) {
        *error = invalid(u"messages"_s,
                         value.isUndefined() ? u"Field required"_s
                                             : u"Input should be a valid list"_s);
        return false;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject json = array.at(i).toObject();
        const QString path = at(u"messages"_s, i);
        Message message;
        const QString role = json.value(u"role"_s).toString();
        if (role == u"user") {
            message.role = Role::User; // tool_result blocks stay in the user turn, as on the wire
        } else if (role == u"assistant") {
            message.role = Role::Assistant;
        } else {
            *error = invalid(path % u".role"_s, u"Input should be 'user' or 'assistant'"_s);
            return false;
        }
        if (!readBlocks(json.value(u"content"_s), path % u".content"_s, &message.content, error))
            return false;
        request->messages.append(message);
    }
    return true;
}

bool readTools(const QJsonValue &value, Request *request, base::ApiError *error)
{
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject json = array.at(i).toObject();
        const QString type = json.value(u"type"_s).toString(u"custom"_s);
        // Server tools (web_search_…, bash_…, text_editor_…, computer_…) run inside Anthropic;
        // no other upstream can execute them, so they are left out rather than faked.
        if (type != u"custom")
            continue;
        Tool tool;
        tool.name = json.value(u"name"_s).toString();
        if (tool.name.isEmpty()) {
            *error = invalid(at(u"tools"_s, i) % u".name"_s, u"Field required"_s);
            return false;
        }
        tool.description = json.value(u"description"_s).toString();
        tool.parameters = json.value(u"input_schema"_s).toObject();
        tool.cacheControl = json.value(u"cache_control"_s).toObject();
        request->tools.append(tool);
    }
    return true;
}

bool readToolChoice(const QJsonObject &json, Request *request, base::ApiError *error)
{
    ToolChoice choice;
    const QString type = json.value(u"type"_s).toString();
    if (type == u"auto") {
        choice.mode = ToolChoice::Mode::Auto;
    } else if (type == u"any") {
        choice.mode = ToolChoice::Mode::Required;
    } else if (type == u"none") {
        choice.mode = ToolChoice::Mode::None;
    } else if (type == u"tool") {
        choice.mode = ToolChoice::Mode::Specific;
        choice.name = json.value(u"name"_s).toString();
        if (choice.name.isEmpty()) {
            *error = invalid(u"tool_choice.name"_s, u"Field required"_s);
            return false;
        }
    } else {
        *error
            = invalid(u"tool_choice.type"_s, u"Input should be 'auto', 'any', 'tool' or 'none'"_s);
        return false;
    }
    choice.disableParallel = json.value(u"disable_parallel_tool_use"_s).toBool();
    // Mirrored into parallelToolCalls so OpenAI upstreams get parallel_tool_calls: false.
    if (choice.disableParallel)
        request->parallelToolCalls = false;
    request->toolChoice = choice;
    return true;
}

bool readNumbers(const QJsonObject &body, Request *request, base::ApiError *error)
{
    const QJsonValue maxTokens = body.value(u"max_tokens"_s);
    if (maxTokens.isUndefined() || maxTokens.isNull()) {
        *error = invalid(u"max_tokens"_s, u"Field required"_s);
        return false;
    }
    if (!maxTokens.isDouble() || maxTokens.toDouble() != double(maxTokens.toInteger())
        || maxTokens.toInteger() < 1) {
        *error = invalid(u"max_tokens"_s, u"Input should be a valid positive integer"_s);
        return false;
    }
    request->maxTokens = int(maxTokens.toInteger());
    for (const auto &[key, target] : { std::pair { u"temperature"_s, &request->temperature },
                                       std::pair { u"top_p"_s, &request->topP } }) {
        const QJsonValue number = body.value(key);
        if (number.isUndefined() || number.isNull())
            continue;
        if (!number.isDouble()) {
            *error = invalid(key, u"Input should be a valid number"_s);
            return false;
        }
        *target = number.toDouble();
    }
    if (body.value(u"top_k"_s).isDouble())
        request->topK = int(body.value(u"top_k"_s).toInteger());
    return true;
}

} // namespace

std::variant<Request, base::ApiError> AnthropicRequestDecoder::decode(const QJsonObject &body)
{
    Request request;
    base::ApiError error;
    request.model = body.value(u"model"_s).toString();
    if (request.model.isEmpty())
        return invalid(u"model"_s, u"Field required"_s);
    if (!readMessages(body.value(u"messages"_s), &request, &error))
        return error;
    if (!readNumbers(body, &request, &error))
        return error;

    const QJsonValue system = body.value(u"system"_s);
    if (!system.isUndefined() && !system.isNull()) {
        if (!readBlocks(system, u"system"_s, &request.system, &error))
            return error;
        for (qsizetype i = 0; i < request.system.size(); ++i) {
            if (request.system.at(i).kind != ContentBlock::Kind::Text)
                return invalid(at(u"system"_s, i) % u".type"_s, u"Input should be 'text'"_s);
        }
    }

    if (!readTools(body.value(u"tools"_s), &request, &error))
        return error;
    const QJsonValue toolChoice = body.value(u"tool_choice"_s);
    if (toolChoice.isObject() && !readToolChoice(toolChoice.toObject(), &request, &error))
        return error;

    for (const QJsonValue &stop : body.value(u"stop_sequences"_s).toArray())
        request.stop.append(stop.toString());
    request.stream = body.value(u"stream"_s).toBool();

    const QJsonObject thinking = body.value(u"thinking"_s).toObject();
    if (thinking.value(u"type"_s).toString() == u"enabled") {
        Reasoning reasoning;
        if (thinking.value(u"budget_tokens"_s).isDouble())
            reasoning.budgetTokens = int(thinking.value(u"budget_tokens"_s).toInteger());
        request.reasoning = reasoning;
    }
    request.user = body.value(u"metadata"_s).toObject().value(u"user_id"_s).toString();
    return request;
}

} // namespace switchyard::api::canonical
