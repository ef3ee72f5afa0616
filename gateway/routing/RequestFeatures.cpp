#include "RequestFeatures.h"

#include "routing/TokenEstimator.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace switchyard::routing {

namespace {

bool isImagePart(const QJsonObject &part)
{
    const QString type = part.value(u"type"_s).toString();
    return type == u"image_url"_s || type == u"input_image"_s || type == u"image"_s;
}

// Content parts, one level into Anthropic tool_result blocks, which may carry screenshots.
bool containsImage(const QJsonValue &content)
{
    for (const QJsonValue &value : content.toArray()) {
        const QJsonObject part = value.toObject();
        if (isImagePart(part) || containsImage(part.value(u"content"_s)))
            return true;
    }
    return false;
}

QString textOf(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList texts;
    for (const QJsonValue &value : content.toArray()) {
        const QJsonObject part = value.toObject();
        if (part.value(u"text"_s).isString())
            texts.append(part.value(u"text"_s).toString());
    }
    return texts.join(u'\n');
}

bool asksForReasoning(const QJsonObject &request)
{
    const QJsonValue effort = request.value(u"reasoning_effort"_s);
    if (effort.isString() && !effort.toString().isEmpty() && effort.toString() != u"none"_s)
        return true;
    const QJsonValue thinking = request.value(u"thinking"_s); // Anthropic
    if (thinking.isObject() && thinking.toObject().value(u"type"_s).toString() != u"disabled"_s)
        return true;
    if (thinking.isBool() && thinking.toBool())
        return true;
    const QJsonValue reasoning = request.value(u"reasoning"_s); // OpenRouter, Responses API
    if (reasoning.isObject()) {
        const QJsonObject o = reasoning.toObject();
        return o.value(u"enabled"_s).toBool(true) && o.value(u"effort"_s).toString() != u"none"_s;
    }
    return reasoning.isBool() && reasoning.toBool();
}

} // namespace

RequestFeatures RequestFeatures::fromRequest(const QJsonObject &request, const Headers &headers)
{
    RequestFeatures f;
    f.model = request.value(u"model"_s).toString();
    f.promptTokens = TokenEstimator::estimateRequest(request);
    f.stream = request.value(u"stream"_s).toBool();
    for (const auto &key :
         { u"max_completion_tokens"_s, u"max_tokens"_s, u"max_output_tokens"_s }) {
        if (request.value(key).isDouble() && f.maxOutputTokens == 0)
            f.maxOutputTokens = qint64(request.value(key).toDouble());
    }
    f.headers = headers;
    f.reasoning = asksForReasoning(request);

    const QJsonArray messages = request.value(u"messages"_s).toArray();
    for (const QJsonValue &value : messages) {
        const QJsonObject message = value.toObject();
        if (containsImage(message.value(u"content"_s)))
            f.hasImages = true;
        if (message.value(u"role"_s).toString() == u"user"_s)
            f.lastUserText = textOf(message.value(u"content"_s));
    }
    for (const auto &key : { u"tools"_s, u"functions"_s }) {
        for (const QJsonValue &value : request.value(key).toArray()) {
            const QJsonObject tool = value.toObject();
            // OpenAI nests the name under "function"; Anthropic and legacy functions do not;
            // built-in tools ({"type": "web_search"}) have only a type.
            QString name = tool.value(u"function"_s).toObject().value(u"name"_s).toString();
            if (name.isEmpty())
                name = tool.value(u"name"_s).toString();
            if (name.isEmpty())
                name = tool.value(u"type"_s).toString();
            f.hasTools = true;
            if (!name.isEmpty() && !f.toolNames.contains(name))
                f.toolNames.append(name);
        }
    }
    return f;
}

QByteArray RequestFeatures::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace switchyard::routing
