#include "AnthropicWire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

Q_LOGGING_CATEGORY(lcAnthropicCodec, "switchyard.codec.anthropic")

namespace {

QString missing(const QString &field)
{
    return field % u": Field required"_s;
}

void readCacheControl(const QJsonObject &json, ContentBlock *block)
{
    block->cacheControl = json.value(u"cache_control"_s).toObject();
}

bool imageFromJson(const QJsonObject &json, ContentBlock *block, QString *error)
{
    const QJsonValue sourceValue = json.value(u"source"_s);
    if (!sourceValue.isObject()) {
        *error = missing(u"source"_s);
        return false;
    }
    const QJsonObject source = sourceValue.toObject();
    const QString type = source.value(u"type"_s).toString();
    if (type == u"base64") {
        if (!source.value(u"data"_s).isString()) {
            *error = missing(u"source.data"_s);
            return false;
        }
        block->imageData = source.value(u"data"_s).toString().toLatin1();
        block->mediaType = source.value(u"media_type"_s).toString();
        return true;
    }
    if (type == u"url") {
        block->imageUrl = source.value(u"url"_s).toString();
        if (block->imageUrl.isEmpty()) {
            *error = missing(u"source.url"_s);
            return false;
        }
        return true;
    }
    *error
        = u"source.type: image source '"_s % type % u"' cannot be translated for this upstream"_s;
    return false;
}

bool toolResultFromJson(const QJsonObject &json, ContentBlock *block, QString *error)
{
    block->toolId = json.value(u"tool_use_id"_s).toString();
    if (block->toolId.isEmpty()) {
        *error = missing(u"tool_use_id"_s);
        return false;
    }
    block->isError = json.value(u"is_error"_s).toBool();
    const QJsonValue content = json.value(u"content"_s);
    if (content.isString()) {
        block->text = content.toString();
        return true;
    }
    const QJsonArray parts = content.toArray();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        ContentBlock part;
        QString partError;
        if (!AnthropicWire::blockFromJson(parts.at(i).toObject(), &part, &partError)
            || (part.kind != ContentBlock::Kind::Text && part.kind != ContentBlock::Kind::Image)) {
            *error = u"content."_s % QString::number(i) % u": "_s
                % (partError.isEmpty() ? u"only text and image blocks can be translated"_s
                                       : partError);
            return false;
        }
        block->toolResult.append(part);
    }
    return true;
}

} // namespace

StopReason AnthropicWire::stopReasonFromWire(const QJsonValue &value)
{
    const QString reason = value.toString();
    if (reason == u"end_turn" || reason == u"pause_turn")
        return StopReason::EndTurn;
    if (reason == u"max_tokens" || reason == u"model_context_window_exceeded")
        return StopReason::MaxTokens;
    if (reason == u"tool_use")
        return StopReason::ToolUse;
    if (reason == u"stop_sequence")
        return StopReason::StopSequence;
    if (reason == u"refusal")
        return StopReason::Refusal;
    return StopReason::None;
}

QString AnthropicWire::stopReasonToWire(StopReason reason)
{
    switch (reason) {
    case StopReason::MaxTokens:
        return u"max_tokens"_s;
    case StopReason::ToolUse:
        return u"tool_use"_s;
    case StopReason::StopSequence:
        return u"stop_sequence"_s;
    case StopReason::ContentFilter:
    case StopReason::Refusal:
        return u"refusal"_s;
    case StopReason::None:
    case StopReason::EndTurn:
        break;
    }
    return u"end_turn"_s;
}

Usage AnthropicWire::usageFromJson(const QJsonObject &usage)
{
    Usage out;
    out.known = !usage.isEmpty();
    out.inputTokens = usage.value(u"input_tokens"_s).toInteger();
    out.cacheWriteTokens = usage.value(u"cache_creation_input_tokens"_s).toInteger();
    out.cacheReadTokens = usage.value(u"cache_read_input_tokens"_s).toInteger();
    out.outputTokens = usage.value(u"output_tokens"_s).toInteger();
    return out;
}

QJsonObject AnthropicWire::usageToJson(const Usage &usage)
{
    return { { u"input_tokens"_s, usage.inputTokens },
             { u"cache_creation_input_tokens"_s, usage.cacheWriteTokens },
             { u"cache_read_input_tokens"_s, usage.cacheReadTokens },
             { u"output_tokens"_s, usage.outputTokens } };
}

QJsonObject AnthropicWire::blockToJson(const ContentBlock &block)
{
    QJsonObject out;
    switch (block.kind) {
    case ContentBlock::Kind::Text:
        out = { { u"type"_s, u"text"_s }, { u"text"_s, block.text } };
        break;
    case ContentBlock::Kind::Image:
        if (!block.imageData.isEmpty()) {
            const QJsonObject source { { u"type"_s, u"base64"_s },
                                       { u"media_type"_s, block.mediaType },
                                       { u"data"_s, QString::fromLatin1(block.imageData) } };
            out = { { u"type"_s, u"image"_s }, { u"source"_s, source } };
        } else {
            const QJsonObject source { { u"type"_s, u"url"_s }, { u"url"_s, block.imageUrl } };
            out = { { u"type"_s, u"image"_s }, { u"source"_s, source } };
        }
        break;
    case ContentBlock::Kind::ToolUse:
        out = { { u"type"_s, u"tool_use"_s },
                { u"id"_s, block.toolId },
                { u"name"_s, block.toolName },
                { u"input"_s, toolInput(block.toolArguments) } };
        break;
    case ContentBlock::Kind::ToolResult: {
        out = { { u"type"_s, u"tool_result"_s }, { u"tool_use_id"_s, block.toolId } };
        if (!block.toolResult.isEmpty()) {
            QJsonArray parts;
            if (!block.text.isEmpty())
                parts.append(QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, block.text } });
            for (const ContentBlock &part : block.toolResult)
                parts.append(blockToJson(part));
            out.insert(u"content"_s, parts);
        } else if (!block.text.isEmpty()) {
            out.insert(u"content"_s, block.text);
        }
        if (block.isError)
            out.insert(u"is_error"_s, true);
        break;
    }
    case ContentBlock::Kind::Thinking:
        out = { { u"type"_s, u"thinking"_s },
                { u"thinking"_s, block.text },
                { u"signature"_s, block.signature } };
        break;
    case ContentBlock::Kind::RedactedThinking:
        out = { { u"type"_s, u"redacted_thinking"_s }, { u"data"_s, block.text } };
        break;
    }
    if (!block.cacheControl.isEmpty())
        out.insert(u"cache_control"_s, block.cacheControl);
    return out;
}

bool AnthropicWire::blockFromJson(const QJsonObject &json, ContentBlock *block, QString *error)
{
    error->clear();
    const QString type = json.value(u"type"_s).toString();
    readCacheControl(json, block);
    if (type == u"text") {
        block->kind = ContentBlock::Kind::Text;
        if (!json.value(u"text"_s).isString()) {
            *error = missing(u"text"_s);
            return false;
        }
        block->text = json.value(u"text"_s).toString();
        return true;
    }
    if (type == u"image") {
        block->kind = ContentBlock::Kind::Image;
        return imageFromJson(json, block, error);
    }
    if (type == u"tool_use") {
        block->kind = ContentBlock::Kind::ToolUse;
        block->toolId = json.value(u"id"_s).toString();
        block->toolName = json.value(u"name"_s).toString();
        block->toolArguments = compact(json.value(u"input"_s).toObject());
        if (block->toolId.isEmpty() || block->toolName.isEmpty()) {
            *error = missing(block->toolId.isEmpty() ? u"id"_s : u"name"_s);
            return false;
        }
        return true;
    }
    if (type == u"tool_result") {
        block->kind = ContentBlock::Kind::ToolResult;
        return toolResultFromJson(json, block, error);
    }
    if (type == u"thinking") {
        block->kind = ContentBlock::Kind::Thinking;
        block->text = json.value(u"thinking"_s).toString();
        block->signature = json.value(u"signature"_s).toString();
        return true;
    }
    if (type == u"redacted_thinking") {
        block->kind = ContentBlock::Kind::RedactedThinking;
        block->text = json.value(u"data"_s).toString();
        return true;
    }
    return false; // documents, server tool blocks…: nothing in the canonical model carries them
}

QJsonObject AnthropicWire::toolInput(const QString &arguments)
{
    if (arguments.trimmed().isEmpty())
        return {};
    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(arguments.toUtf8(), &parseError);
    if (!doc.isObject()) {
        // Anthropic only accepts an object; a model that wrote broken JSON gets `{}`.
        qCInfo(lcAnthropicCodec) << "tool arguments are not a JSON object, sending {}:"
                                 << parseError.errorString();
        return {};
    }
    return doc.object();
}

QString AnthropicWire::compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString AnthropicWire::newId(const QString &prefix)
{
    static constexpr char alphabet[]
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString id = prefix;
    for (int i = 0; i < 24; ++i)
        id.append(QLatin1Char(alphabet[QRandomGenerator::global()->bounded(62)]));
    return id;
}

QString AnthropicWire::errorType(const QString &type, int status)
{
    // Types only Anthropic uses are kept; the shared ones (invalid_request_error, api_error)
    // and OpenAI's are re-derived from the status so e.g. a 404 becomes not_found_error.
    static const QStringList anthropicOnly {
        u"authentication_error"_s, u"billing_error"_s,     u"permission_error"_s,
        u"not_found_error"_s,      u"request_too_large"_s, u"rate_limit_error"_s,
        u"timeout_error"_s,        u"overloaded_error"_s,
    };
    if (anthropicOnly.contains(type))
        return type;
    if (type.contains(u"rate_limit") || type == u"insufficient_quota")
        return u"rate_limit_error"_s; // OpenAI's rate_limit_exceeded, in stream errors
    switch (status) {
    case 400:
        return u"invalid_request_error"_s;
    case 401:
        return u"authentication_error"_s;
    case 403:
        return u"permission_error"_s;
    case 404:
        return u"not_found_error"_s;
    case 413:
        return u"request_too_large"_s;
    case 429:
        return u"rate_limit_error"_s;
    case 503:
    case 529:
        return u"overloaded_error"_s;
    default:
        break;
    }
    if (status >= 400 && status < 500)
        return u"invalid_request_error"_s;
    if (status < 400 && type == u"invalid_request_error")
        return type; // stream errors carry no status
    return u"api_error"_s;
}

QJsonObject AnthropicWire::errorJson(const QString &type, const QString &message)
{
    return { { u"type"_s, u"error"_s },
             { u"error"_s, QJsonObject { { u"type"_s, type }, { u"message"_s, message } } } };
}

} // namespace switchyard::api::canonical
