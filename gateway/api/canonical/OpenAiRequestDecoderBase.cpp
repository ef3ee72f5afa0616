#include "OpenAiRequestDecoderBase.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

QString OpenAiRequestDecoderBase::indexed(const QString &path, qsizetype index)
{
    return path % u'[' % QString::number(index) % u']';
}

QString OpenAiRequestDecoderBase::member(const QString &path, QStringView key)
{
    return path % u'.' % key;
}

bool OpenAiRequestDecoderBase::absent(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull();
}

bool OpenAiRequestDecoderBase::decodeModel()
{
    const QJsonValue model = m_body.value(u"model");
    if (!model.isString() || model.toString().isEmpty())
        return fail(u"'model' must be a non-empty string"_s, u"model"_s);
    m_request.model = model.toString();
    return true;
}

bool OpenAiRequestDecoderBase::decodeToolList(const QJsonValue &tools, const ObjectDecoder &decode)
{
    if (absent(tools))
        return true;
    if (!tools.isArray())
        return fail(u"'tools' must be an array"_s, u"tools"_s);
    const QJsonArray array = tools.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!decode(array.at(i).toObject(), indexed(u"tools"_s, i)))
            return false;
    }
    return true;
}

bool OpenAiRequestDecoderBase::decodeObjects(const QJsonArray &array, const QString &key,
                                             const QString &notObject, const ObjectDecoder &decode)
{
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = indexed(key, i);
        if (!array.at(i).isObject())
            return fail(notObject, path);
        if (!decode(array.at(i).toObject(), path))
            return false;
    }
    return true;
}

bool OpenAiRequestDecoderBase::decodeContentParts(const QJsonValue &content, const QString &path,
                                                  QList<ContentBlock> &out,
                                                  const PartDecoder &decodePart)
{
    if (content.isString()) {
        ContentBlock text;
        text.text = content.toString();
        out.append(text);
        return true;
    }
    if (!content.isArray())
        return fail(u"'content' must be a string or an array of content parts"_s, path);
    const QJsonArray parts = content.toArray();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (!decodePart(parts.at(i), indexed(path, i), out))
            return false;
    }
    return true;
}

bool OpenAiRequestDecoderBase::decodeImageUrl(const QString &url, const QString &path,
                                              QStringView field, ContentBlock &block)
{
    block.kind = ContentBlock::Kind::Image;
    if (url.startsWith(u"data:")) {
        const qsizetype comma = url.indexOf(u',');
        const QStringView header = QStringView(url).mid(5, comma < 0 ? 0 : comma - 5);
        if (comma < 0 || !header.endsWith(u";base64"))
            return fail(u"an image data URL must be base64-encoded"_s, path);
        block.mediaType = header.chopped(7).toString();
        block.imageData = QStringView(url).mid(comma + 1).toLatin1();
    } else if (url.startsWith(u"http://") || url.startsWith(u"https://")) {
        block.imageUrl = url;
    } else {
        return fail(u"'"_s % field % u"' must be an http(s) or data URL"_s, path);
    }
    return true;
}

bool OpenAiRequestDecoderBase::decodeToolChoice(const QJsonValue &choice, QStringView nameHolder,
                                                QStringView shape)
{
    const QJsonValue parallel = m_body.value(u"parallel_tool_calls");
    if (parallel.isBool())
        m_request.parallelToolCalls = parallel.toBool();
    else if (!absent(parallel))
        return fail(u"'parallel_tool_calls' must be a boolean"_s, u"parallel_tool_calls"_s);
    if (absent(choice))
        return true;
    ToolChoice result;
    // Anthropic carries "no parallel calls" on tool_choice; keep both views in step.
    result.disableParallel = parallel.isBool() && !parallel.toBool();
    const QString mode = choice.toString();
    const QJsonObject object = choice.toObject();
    const QJsonValue name
        = (nameHolder.isEmpty() ? object : object.value(nameHolder).toObject()).value(u"name");
    if (mode == u"auto") {
        result.mode = ToolChoice::Mode::Auto;
    } else if (mode == u"none") {
        result.mode = ToolChoice::Mode::None;
    } else if (mode == u"required") {
        result.mode = ToolChoice::Mode::Required;
    } else if (object.value(u"type").toString() == u"function" && name.isString()) {
        result.mode = ToolChoice::Mode::Specific;
        result.name = name.toString();
    } else {
        return fail(u"'tool_choice' must be \"auto\", \"none\", \"required\" or "_s % shape,
                    u"tool_choice"_s);
    }
    m_request.toolChoice = result;
    return true;
}

bool OpenAiRequestDecoderBase::decodeStream()
{
    const QJsonValue stream = m_body.value(u"stream");
    if (!stream.isBool() && !absent(stream))
        return fail(u"'stream' must be a boolean"_s, u"stream"_s);
    m_request.stream = stream.toBool();
    return true;
}

bool OpenAiRequestDecoderBase::decodeInt(const QString &key, std::optional<int> &out)
{
    const QJsonValue value = m_body.value(key);
    if (absent(value))
        return true;
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < 0 || number > std::numeric_limits<int>::max()
        || std::floor(number) != number)
        return fail(u"'"_s % key % u"' must be a non-negative integer"_s, key);
    out = static_cast<int>(number);
    return true;
}

bool OpenAiRequestDecoderBase::decodeDouble(const QString &key, std::optional<double> &out)
{
    const QJsonValue value = m_body.value(key);
    if (absent(value))
        return true;
    if (!value.isDouble())
        return fail(u"'"_s % key % u"' must be a number"_s, key);
    out = value.toDouble();
    return true;
}

bool OpenAiRequestDecoderBase::fail(const QString &message, const QString &param)
{
    m_error = base::ApiError::invalidRequest(message, param);
    return false;
}

} // namespace switchyard::api::canonical
