#include "UsageMeter.h"

#include "api/JsonBody.h"
#include "base/RequestRecord.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::api {

namespace {

/// The top-level "usage" object of \a json, parsed alone.
QJsonObject usageMember(QByteArrayView json)
{
    const auto span = JsonBody::findMember(json, "usage");
    if (!span || span->end <= span->begin || json.at(span->begin) != '{')
        return {};
    return QJsonDocument::fromJson(json.sliced(span->begin, span->end - span->begin).toByteArray())
        .object();
}

qint64 count(const QJsonObject &o, QLatin1StringView key)
{
    const double value = o.value(key).toDouble(0);
    return value > 0 && value < 1e15 ? qint64(value) : 0;
}

} // namespace

void UsageMeter::reset(base::WireFormat upstream)
{
    m_format = upstream;
    m_counts = {};
    m_anthropicInput = 0;
    m_known = false;
}

void UsageMeter::addResponse(QByteArrayView body)
{
    switch (m_format) {
    case base::WireFormat::OpenAiChat:
    case base::WireFormat::OpenAiCompletions:
    case base::WireFormat::OpenAiEmbeddings:
        readOpenAi(usageMember(body));
        break;
    case base::WireFormat::OpenAiResponses:
        readResponses(usageMember(body));
        break;
    case base::WireFormat::AnthropicMessages:
        readAnthropic(usageMember(body));
        break;
    case base::WireFormat::OllamaChat:
        readOllama(QJsonDocument::fromJson(body.toByteArray()).object());
        break;
    }
}

void UsageMeter::addEvent(QByteArrayView event, QByteArrayView data)
{
    switch (m_format) {
    case base::WireFormat::OpenAiChat:
    case base::WireFormat::OpenAiCompletions:
    case base::WireFormat::OpenAiEmbeddings:
        // Only the final chunk carries a usage object; the others say "usage": null or nothing.
        if (data.contains("\"usage\":{") || data.contains("\"usage\": {"))
            readOpenAi(usageMember(data));
        break;
    case base::WireFormat::OpenAiResponses:
        if (event == "response.completed" || event == "response.incomplete"
            || (event.isEmpty() && data.contains("\"response.completed\""))) {
            const QJsonObject root = QJsonDocument::fromJson(data.toByteArray()).object();
            readResponses(root.value(u"response"_s).toObject().value(u"usage"_s).toObject());
        }
        break;
    case base::WireFormat::AnthropicMessages:
        if (event == "message_start") {
            const QJsonObject root = QJsonDocument::fromJson(data.toByteArray()).object();
            readAnthropic(root.value(u"message"_s).toObject().value(u"usage"_s).toObject());
        } else if (event == "message_delta") {
            readAnthropic(usageMember(data));
        }
        break;
    case base::WireFormat::OllamaChat:
        if (data.contains("\"done\":true") || data.contains("\"done\": true"))
            readOllama(QJsonDocument::fromJson(data.toByteArray()).object());
        break;
    }
}

void UsageMeter::applyTo(base::RequestRecord &record) const
{
    record.usageKnown = m_known;
    record.tokensIn = m_counts.in;
    record.tokensOut = m_counts.out;
    record.tokensCached = m_counts.cached;
    record.tokensCacheWrite = m_counts.cacheWrite;
    record.tokensReasoning = m_counts.reasoning;
}

void UsageMeter::readOpenAi(const QJsonObject &usage)
{
    if (usage.isEmpty())
        return;
    m_known = true;
    m_counts.in = count(usage, "prompt_tokens"_L1);
    m_counts.out = count(usage, "completion_tokens"_L1);
    m_counts.cached = count(usage.value(u"prompt_tokens_details"_s).toObject(), "cached_tokens"_L1);
    m_counts.reasoning
        = count(usage.value(u"completion_tokens_details"_s).toObject(), "reasoning_tokens"_L1);
    // Providers that pass Anthropic-style cache fields through (OpenRouter, DeepSeek's
    // prompt_cache_hit_tokens) still count them inside prompt_tokens.
    if (m_counts.cached == 0)
        m_counts.cached = count(usage, "prompt_cache_hit_tokens"_L1);
}

void UsageMeter::readResponses(const QJsonObject &usage)
{
    if (usage.isEmpty())
        return;
    m_known = true;
    m_counts.in = count(usage, "input_tokens"_L1);
    m_counts.out = count(usage, "output_tokens"_L1);
    m_counts.cached = count(usage.value(u"input_tokens_details"_s).toObject(), "cached_tokens"_L1);
    m_counts.reasoning
        = count(usage.value(u"output_tokens_details"_s).toObject(), "reasoning_tokens"_L1);
}

void UsageMeter::readAnthropic(const QJsonObject &usage)
{
    if (usage.isEmpty())
        return;
    m_known = true;
    // message_start carries the input side, message_delta the cumulative output (and, in
    // newer API versions, the input side again): take what each one has.
    if (usage.contains(u"input_tokens"_s))
        m_anthropicInput = count(usage, "input_tokens"_L1);
    if (usage.contains(u"cache_read_input_tokens"_s))
        m_counts.cached = count(usage, "cache_read_input_tokens"_L1);
    if (usage.contains(u"cache_creation_input_tokens"_s))
        m_counts.cacheWrite = count(usage, "cache_creation_input_tokens"_L1);
    if (usage.contains(u"output_tokens"_s))
        m_counts.out = count(usage, "output_tokens"_L1);
    m_counts.in = m_anthropicInput + m_counts.cached + m_counts.cacheWrite;
}

void UsageMeter::readOllama(const QJsonObject &object)
{
    if (!object.contains(u"prompt_eval_count"_s) && !object.contains(u"eval_count"_s))
        return;
    m_known = true;
    m_counts.in = count(object, "prompt_eval_count"_L1);
    m_counts.out = count(object, "eval_count"_L1);
}

} // namespace switchyard::api
