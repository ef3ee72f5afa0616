#include "AnthropicRequestEncoder.h"

#include "AnthropicWire.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

namespace {

// Anthropic requires max_tokens; OpenAI-style clients often leave it out.
constexpr int kDefaultMaxTokens = 4096;
// Anthropic rejects thinking budgets below this.
constexpr int kMinThinkingBudget = 1024;

struct Turn
{
    QString role;
    QJsonArray content;
};

int effortBudget(const QString &effort)
{
    if (effort == u"minimal")
        return kMinThinkingBudget;
    if (effort == u"low")
        return 2048;
    if (effort == u"high")
        return 24576;
    return 8192; // medium, or an effort we do not know
}

/// Blocks Anthropic would reject are left out: empty text, unsigned thinking (the signature
/// proves the thinking came from Anthropic; without it the request fails), thinking outside
/// assistant turns and images without data.
bool sendable(const ContentBlock &block, bool assistant)
{
    switch (block.kind) {
    case ContentBlock::Kind::Text:
        return !block.text.isEmpty();
    case ContentBlock::Kind::Image:
        return !block.imageData.isEmpty() || !block.imageUrl.isEmpty();
    case ContentBlock::Kind::Thinking:
        return assistant && !block.signature.isEmpty();
    case ContentBlock::Kind::RedactedThinking:
        return assistant && !block.text.isEmpty();
    case ContentBlock::Kind::ToolUse:
    case ContentBlock::Kind::ToolResult:
        break;
    }
    return true;
}

/// Anthropic wants a user turn's tool_result blocks before anything else in it.
QJsonArray toolResultsFirst(const QJsonArray &content)
{
    QJsonArray results;
    QJsonArray rest;
    for (const QJsonValue &block : content) {
        if (block.toObject().value(u"type"_s).toString() == u"tool_result")
            results.append(block);
        else
            rest.append(block);
    }
    for (const QJsonValue &block : rest)
        results.append(block);
    return results;
}

} // namespace

QJsonObject AnthropicRequestEncoder::encode(const Request &request)
{
    QJsonObject body { { u"model"_s, request.model } };
    QJsonArray system;
    for (const ContentBlock &block : request.system) {
        if (block.kind == ContentBlock::Kind::Text && !block.text.isEmpty())
            system.append(AnthropicWire::blockToJson(block));
    }
    body.insert(u"messages"_s, encodeMessages(request, &system));
    if (!system.isEmpty())
        body.insert(u"system"_s, system);
    if (!request.tools.isEmpty()) {
        body.insert(u"tools"_s, encodeTools(request.tools));
        // tool_choice without tools is an error at Anthropic, so it only goes with tools.
        const QJsonObject choice = encodeToolChoice(request);
        if (!choice.isEmpty())
            body.insert(u"tool_choice"_s, choice);
    }
    encodeSampling(request, &body);
    if (!request.stop.isEmpty())
        body.insert(u"stop_sequences"_s, QJsonArray::fromStringList(request.stop));
    if (request.stream)
        body.insert(u"stream"_s, true);
    if (!request.user.isEmpty())
        body.insert(u"metadata"_s, QJsonObject { { u"user_id"_s, request.user } });
    return body;
}

QJsonArray AnthropicRequestEncoder::encodeMessages(const Request &request, QJsonArray *system)
{
    QList<Turn> turns;
    for (const Message &message : request.messages) {
        if (message.role == Role::System) {
            // Anthropic has no system turns inside the conversation: they join the system prompt.
            for (const ContentBlock &block : message.content) {
                if (block.kind == ContentBlock::Kind::Text && !block.text.isEmpty())
                    system->append(AnthropicWire::blockToJson(block));
            }
            continue;
        }
        // Tool-role messages (OpenAI's tool results) become user turns with tool_result blocks.
        const bool assistant = message.role == Role::Assistant;
        const QString role = assistant ? u"assistant"_s : u"user"_s;
        QJsonArray content;
        for (const ContentBlock &block : message.content) {
            if (sendable(block, assistant))
                content.append(AnthropicWire::blockToJson(block));
        }
        if (content.isEmpty())
            continue; // Anthropic rejects empty turns
        // Roles must alternate: consecutive turns of one role are merged, which also gathers
        // the results of parallel tool calls into the one user turn after the tool uses.
        if (!turns.isEmpty() && turns.last().role == role) {
            for (const QJsonValue &block : content)
                turns.last().content.append(block);
        } else {
            turns.append(Turn { role, content });
        }
    }
    QJsonArray messages;
    for (const Turn &turn : std::as_const(turns)) {
        const QJsonArray content
            = turn.role == u"user" ? toolResultsFirst(turn.content) : turn.content;
        messages.append(QJsonObject { { u"role"_s, turn.role }, { u"content"_s, content } });
    }
    return messages;
}

QJsonArray AnthropicRequestEncoder::encodeTools(const QList<Tool> &tools)
{
    QJsonArray out;
    for (const Tool &tool : tools) {
        QJsonObject schema = tool.parameters;
        // Schemas generated by zod & co. carry "$schema", which Anthropic rejects.
        schema.remove(u"$schema"_s);
        if (!schema.contains(u"type"_s))
            schema.insert(u"type"_s, u"object"_s);
        QJsonObject json { { u"name"_s, tool.name }, { u"input_schema"_s, schema } };
        if (!tool.description.isEmpty())
            json.insert(u"description"_s, tool.description);
        if (!tool.cacheControl.isEmpty())
            json.insert(u"cache_control"_s, tool.cacheControl);
        out.append(json);
    }
    return out;
}

QJsonObject AnthropicRequestEncoder::encodeToolChoice(const Request &request)
{
    const bool disableParallel = (request.toolChoice && request.toolChoice->disableParallel)
        || (request.parallelToolCalls.has_value() && !*request.parallelToolCalls);
    if (!request.toolChoice) {
        if (!disableParallel)
            return {};
        return { { u"type"_s, u"auto"_s }, { u"disable_parallel_tool_use"_s, true } };
    }
    QJsonObject out;
    switch (request.toolChoice->mode) {
    case ToolChoice::Mode::Auto:
        out.insert(u"type"_s, u"auto"_s);
        break;
    case ToolChoice::Mode::None:
        return { { u"type"_s, u"none"_s } }; // takes no disable_parallel_tool_use
    case ToolChoice::Mode::Required:
        out.insert(u"type"_s, u"any"_s);
        break;
    case ToolChoice::Mode::Specific:
        out.insert(u"type"_s, u"tool"_s);
        out.insert(u"name"_s, request.toolChoice->name);
        break;
    }
    if (disableParallel)
        out.insert(u"disable_parallel_tool_use"_s, true);
    return out;
}

void AnthropicRequestEncoder::encodeSampling(const Request &request, QJsonObject *body)
{
    int maxTokens = request.maxTokens.value_or(kDefaultMaxTokens);
    int budget = 0;
    const bool forcedTool = request.toolChoice && !request.tools.isEmpty()
        && (request.toolChoice->mode == ToolChoice::Mode::Required
            || request.toolChoice->mode == ToolChoice::Mode::Specific);
    if (request.reasoning && forcedTool)
        qCInfo(lcAnthropicCodec) << "thinking dropped: Anthropic refuses it with a forced tool";
    if (request.reasoning && request.reasoning->effort != u"none" && !forcedTool) {
        budget = request.reasoning->budgetTokens.value_or(effortBudget(request.reasoning->effort));
        if (budget < kMinThinkingBudget) {
            qCInfo(lcAnthropicCodec) << "thinking budget" << budget
                                     << "raised to Anthropic's minimum" << kMinThinkingBudget;
            budget = kMinThinkingBudget;
        }
        if (!request.maxTokens) {
            maxTokens = budget + kDefaultMaxTokens; // room for the answer after the thinking
        } else if (maxTokens <= budget) {
            // Anthropic needs budget < max_tokens; max_tokens is the client's cap on everything.
            budget = maxTokens > kMinThinkingBudget ? maxTokens - 1 : 0;
            qCInfo(lcAnthropicCodec)
                << "thinking budget cut to fit max_tokens" << maxTokens << "->" << budget;
        }
    }
    body->insert(u"max_tokens"_s, maxTokens);
    const bool thinking = budget > 0;
    if (thinking) {
        body->insert(u"thinking"_s,
                     QJsonObject { { u"type"_s, u"enabled"_s }, { u"budget_tokens"_s, budget } });
    }
    // With thinking on, Anthropic rejects temperature and top_k and wants top_p >= 0.95.
    if (request.temperature && !thinking) // OpenAI allows up to 2, Anthropic up to 1
        body->insert(u"temperature"_s, std::clamp(*request.temperature, 0.0, 1.0));
    if (request.topP && (!thinking || *request.topP >= 0.95))
        body->insert(u"top_p"_s, *request.topP);
    if (request.topK && !thinking)
        body->insert(u"top_k"_s, *request.topK);
}

} // namespace switchyard::api::canonical
