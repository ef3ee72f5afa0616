#include "OpenAiChatWire.h"

#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical::openai_chat {

StopReason stopReasonFromFinish(const QJsonValue &finishReason)
{
    if (!finishReason.isString())
        return StopReason::None;
    const QString reason = finishReason.toString();
    if (reason == u"length")
        return StopReason::MaxTokens;
    if (reason == u"tool_calls" || reason == u"function_call")
        return StopReason::ToolUse;
    if (reason == u"content_filter")
        return StopReason::ContentFilter;
    // "stop", and local servers' own words for a natural end ("eos", "end_turn"…).
    return StopReason::EndTurn;
}

QString finishReasonFromStop(StopReason reason)
{
    switch (reason) {
    case StopReason::MaxTokens:
        return u"length"_s;
    case StopReason::ToolUse:
        return u"tool_calls"_s;
    case StopReason::ContentFilter:
    case StopReason::Refusal: // OpenAI has no "refusal" finish reason; content_filter is closest
        return u"content_filter"_s;
    case StopReason::None:
    case StopReason::EndTurn:
    case StopReason::StopSequence:
        break;
    }
    return u"stop"_s;
}

Usage usageFromJson(const QJsonObject &usage)
{
    Usage result;
    result.known = true;
    const qint64 prompt = usage.value(u"prompt_tokens").toInteger();
    qint64 cached
        = usage.value(u"prompt_tokens_details").toObject().value(u"cached_tokens").toInteger();
    if (cached == 0) // DeepSeek reports its cache hits at the top level
        cached = usage.value(u"prompt_cache_hit_tokens").toInteger();
    result.cacheReadTokens = std::clamp<qint64>(cached, 0, prompt);
    result.inputTokens = prompt - result.cacheReadTokens;
    result.outputTokens = usage.value(u"completion_tokens").toInteger();
    result.reasoningTokens = usage.value(u"completion_tokens_details")
                                 .toObject()
                                 .value(u"reasoning_tokens")
                                 .toInteger();
    return result;
}

QJsonObject usageToJson(const Usage &usage)
{
    const qint64 prompt = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
    return QJsonObject {
        { u"prompt_tokens"_s, prompt },
        { u"completion_tokens"_s, usage.outputTokens },
        { u"total_tokens"_s, prompt + usage.outputTokens },
        { u"prompt_tokens_details"_s,
          QJsonObject { { u"cached_tokens"_s, usage.cacheReadTokens } } },
        { u"completion_tokens_details"_s,
          QJsonObject { { u"reasoning_tokens"_s, usage.reasoningTokens } } },
    };
}

QString generateCompletionId()
{
    const QString hex = QUuid::createUuid().toString(QUuid::Id128);
    return u"chatcmpl-"_s + hex.left(24);
}

base::ApiError errorFromJson(int status, const QJsonObject &body)
{
    base::ApiError error;
    error.status = status;
    error.type = u"api_error"_s;
    const QJsonValue value = body.value(u"error");
    if (value.isString()) { // {"error": "text"}, as some local servers answer
        error.message = value.toString();
        return error;
    }
    const QJsonObject object = value.toObject();
    error.message = object.value(u"message").toString();
    if (error.message.isEmpty())
        error.message = body.value(u"message").toString();
    const QString type = object.value(u"type").toString();
    if (!type.isEmpty())
        error.type = type;
    error.param = object.value(u"param").toString();
    const QJsonValue code = object.value(u"code");
    error.code = code.isDouble() ? QString::number(code.toInteger()) : code.toString();
    return error;
}

} // namespace switchyard::api::canonical::openai_chat
