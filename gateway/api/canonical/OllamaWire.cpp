#include "OllamaWire.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical::ollama {

StopReason stopReasonFromDone(const QString &doneReason, bool hasToolCalls)
{
    if (hasToolCalls)
        return StopReason::ToolUse;
    if (doneReason == u"length")
        return StopReason::MaxTokens;
    return StopReason::EndTurn;
}

QString doneReasonFromStop(StopReason reason)
{
    return reason == StopReason::MaxTokens ? u"length"_s : u"stop"_s;
}

Usage usageFromJson(const QJsonObject &body)
{
    Usage usage;
    // Older Ollama versions leave prompt_eval_count out when the whole prompt was cached.
    usage.known = body.contains(u"prompt_eval_count") || body.contains(u"eval_count");
    usage.inputTokens = body.value(u"prompt_eval_count").toInteger();
    usage.outputTokens = body.value(u"eval_count").toInteger();
    return usage;
}

QString toolCallId(const QJsonObject &call, int n)
{
    // Newer Ollama versions may send an id; keep it when they do.
    const QString id = call.value(u"id").toString();
    return id.isEmpty() ? u"call_"_s % QString::number(n) : id;
}

QJsonObject toolCallToJson(const ContentBlock &block)
{
    QJsonParseError error {};
    const QJsonDocument arguments = QJsonDocument::fromJson(block.toolArguments.toUtf8(), &error);
    // Ollama wants an object; arguments that are not one (a truncated call) become {}.
    const QJsonObject object = error.error == QJsonParseError::NoError && arguments.isObject()
        ? arguments.object()
        : QJsonObject();
    return QJsonObject {
        { u"function"_s, QJsonObject { { u"name"_s, block.toolName }, { u"arguments"_s, object } } }
    };
}

qint64 parseCreatedAt(const QString &createdAt)
{
    // Qt parses at most milliseconds: cut Go's nanoseconds down to three digits.
    static const QRegularExpression fraction(uR"(\.(\d{1,3})\d*)"_s);
    QString trimmed = createdAt;
    trimmed.replace(fraction, u".\\1"_s);
    const QDateTime time = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    return time.isValid() ? time.toSecsSinceEpoch() : 0;
}

QString formatCreatedAt(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate);
}

base::ApiError errorFromJson(int status, const QJsonObject &body)
{
    base::ApiError error;
    error.status = status;
    const QJsonValue value = body.value(u"error");
    // Ollama sends a string; a few proxies in front of it send OpenAI's object.
    error.message
        = value.isObject() ? value.toObject().value(u"message").toString() : value.toString();
    // OpenAI-style types, as everywhere in the gateway (ApiError maps them per client format).
    if (status >= 500)
        error.type = u"api_error"_s;
    else if (status == 429)
        error.type = u"rate_limit_error"_s;
    else
        error.type = u"invalid_request_error"_s;
    if (status == 404)
        error.code = u"model_not_found"_s; // "model 'x' not found" is Ollama's only 404
    return error;
}

} // namespace switchyard::api::canonical::ollama
