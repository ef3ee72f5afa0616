#include "OllamaRequestDecoder.h"

#include "OllamaWire.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

namespace {

/// Ollama images carry no media type: tell the common ones by their base64 magic.
QString sniffMediaType(const QByteArray &base64)
{
    if (base64.startsWith("/9j/"))
        return u"image/jpeg"_s;
    if (base64.startsWith("R0lGOD"))
        return u"image/gif"_s;
    if (base64.startsWith("UklGR"))
        return u"image/webp"_s;
    return u"image/png"_s;
}

ContentBlock textBlock(const QString &text)
{
    ContentBlock block;
    block.text = text;
    return block;
}

} // namespace

OllamaRequestDecoder::OllamaRequestDecoder(const QJsonObject &body) : m_body(body) { }

std::variant<Request, base::ApiError> OllamaRequestDecoder::decode(const QJsonObject &body)
{
    return OllamaRequestDecoder(body).run();
}

std::variant<Request, base::ApiError> OllamaRequestDecoder::run()
{
    const QJsonValue model = m_body.value(u"model");
    if (!model.isString() || model.toString().isEmpty())
        return base::ApiError::invalidRequest(u"model is required"_s, u"model"_s);
    m_request.model = model.toString();
    const QJsonValue messages = m_body.value(u"messages");
    if (!messages.isUndefined() && !messages.isArray())
        return base::ApiError::invalidRequest(u"messages must be an array"_s, u"messages"_s);
    const QJsonArray list = messages.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list.at(i).isObject())
            return base::ApiError::invalidRequest(u"messages[%1] must be an object"_s.arg(i),
                                                  u"messages"_s);
        if (auto error = decodeMessage(list.at(i).toObject(), i))
            return *error;
    }
    for (const QJsonValue &value : m_body.value(u"tools").toArray()) {
        const QJsonObject function = value.toObject().value(u"function").toObject();
        Tool tool;
        tool.name = function.value(u"name").toString();
        tool.description = function.value(u"description").toString();
        tool.parameters = function.value(u"parameters").toObject();
        m_request.tools.append(tool);
    }
    // Ollama streams unless told otherwise.
    m_request.stream = m_body.value(u"stream").toBool(true);
    m_request.includeUsage = true; // the done line always carries the counts
    const QJsonValue think = m_body.value(u"think");
    if (think.toBool() || (think.isString() && !think.toString().isEmpty())) {
        Reasoning reasoning;
        reasoning.effort = think.toString(); // gpt-oss takes "low" | "medium" | "high"
        m_request.reasoning = reasoning;
    }
    decodeOptions(m_body.value(u"options").toObject());
    const QJsonValue keepAlive = m_body.value(u"keep_alive");
    if (keepAlive.isString())
        m_request.keepAlive = keepAlive.toString();
    else if (keepAlive.isDouble()) // seconds
        m_request.keepAlive = QString::number(keepAlive.toInteger()) % u's';
    const QJsonValue format = m_body.value(u"format");
    if (format.toString() == u"json") {
        m_request.responseFormat = QJsonObject { { u"type"_s, u"json_object"_s } };
    } else if (format.isObject()) {
        m_request.responseFormat = QJsonObject {
            { u"type"_s, u"json_schema"_s },
            { u"json_schema"_s,
              QJsonObject { { u"name"_s, u"response"_s }, { u"schema"_s, format.toObject() } } }
        };
    }
    return m_request;
}

std::optional<base::ApiError> OllamaRequestDecoder::decodeMessage(const QJsonObject &message,
                                                                  qsizetype index)
{
    const QString role = message.value(u"role").toString();
    const QString content = message.value(u"content").toString();
    if (role == u"system") {
        // Leading system messages are the system prompt; later ones stay where they are.
        if (m_request.messages.isEmpty()) {
            m_request.system.append(textBlock(content));
        } else {
            Message system;
            system.role = Role::System;
            system.content.append(textBlock(content));
            m_request.messages.append(system);
        }
        return std::nullopt;
    }
    if (role == u"tool") {
        decodeToolResult(message);
        return std::nullopt;
    }
    Message out;
    if (role == u"user") {
        out.role = Role::User;
    } else if (role == u"assistant") {
        out.role = Role::Assistant;
    } else {
        return base::ApiError::invalidRequest(
            u"messages[%1].role must be 'system', 'user', 'assistant' or 'tool'"_s.arg(index),
            u"messages"_s);
    }
    const QString thinking = message.value(u"thinking").toString();
    if (out.role == Role::Assistant && !thinking.isEmpty()) {
        ContentBlock block;
        block.kind = ContentBlock::Kind::Thinking;
        block.text = thinking;
        out.content.append(block);
    }
    if (!content.isEmpty())
        out.content.append(textBlock(content));
    for (const QJsonValue &image : message.value(u"images").toArray()) {
        ContentBlock block;
        block.kind = ContentBlock::Kind::Image;
        block.imageData = image.toString().toLatin1();
        block.mediaType = sniffMediaType(block.imageData);
        out.content.append(block);
    }
    for (const QJsonValue &value : message.value(u"tool_calls").toArray()) {
        const QJsonObject call = value.toObject();
        const QJsonObject function = call.value(u"function").toObject();
        ContentBlock block;
        block.kind = ContentBlock::Kind::ToolUse;
        block.toolId = ollama::toolCallId(call, m_toolCalls++);
        block.toolName = function.value(u"name").toString();
        block.toolArguments = QString::fromUtf8(
            QJsonDocument(function.value(u"arguments").toObject()).toJson(QJsonDocument::Compact));
        m_pendingCalls.append({ block.toolId, block.toolName });
        out.content.append(block);
    }
    if (out.content.isEmpty())
        out.content.append(textBlock(QString()));
    m_request.messages.append(out);
    return std::nullopt;
}

void OllamaRequestDecoder::decodeToolResult(const QJsonObject &message)
{
    ContentBlock result;
    result.kind = ContentBlock::Kind::ToolResult;
    result.text = message.value(u"content").toString();
    const QString name = message.value(u"tool_name").toString();
    qsizetype match = m_pendingCalls.isEmpty() ? -1 : 0;
    for (qsizetype i = 0; i < m_pendingCalls.size(); ++i) {
        if (m_pendingCalls.at(i).second == name) {
            match = i;
            break;
        }
    }
    if (match >= 0)
        result.toolId = m_pendingCalls.takeAt(match).first;
    else // a result without a call: give it an id of its own so it stays well-formed
        result.toolId = u"call_"_s % QString::number(m_toolCalls++);
    appendToolResult(m_request, result);
}

void OllamaRequestDecoder::decodeOptions(const QJsonObject &options)
{
    if (options.value(u"num_predict").isDouble() && options.value(u"num_predict").toInt() > 0)
        m_request.maxTokens = options.value(u"num_predict").toInt();
    if (options.value(u"temperature").isDouble())
        m_request.temperature = options.value(u"temperature").toDouble();
    if (options.value(u"top_p").isDouble())
        m_request.topP = options.value(u"top_p").toDouble();
    if (options.value(u"top_k").isDouble())
        m_request.topK = options.value(u"top_k").toInt();
    for (const QJsonValue &stop : options.value(u"stop").toArray())
        m_request.stop.append(stop.toString());
    // The client's num_ctx is a floor the encoder keeps (it never shrinks a window).
    if (options.value(u"num_ctx").isDouble() && options.value(u"num_ctx").toInt() > 0)
        m_request.contextLength = options.value(u"num_ctx").toInt();
}

} // namespace switchyard::api::canonical
