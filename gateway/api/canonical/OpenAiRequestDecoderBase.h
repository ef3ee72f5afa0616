#pragma once

#include "api/canonical/Canonical.h"
#include "base/ApiError.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace switchyard::api::canonical {

/// What the OpenAI chat and Responses request decoders share: the body being read, the request
/// being built, the first error, and the fields both dialects spell alike (content-part lists,
/// image URLs, tool_choice, stream, numbers). One instance per body.
class OpenAiRequestDecoderBase
{
protected:
    /// Decodes one element of a content-part array into \a out; \a path names it in errors.
    using PartDecoder = std::function<bool(const QJsonValue &part, const QString &path,
                                           QList<ContentBlock> &out)>;
    /// Decodes one object of a top-level array (a message, an input item) at \a path.
    using ObjectDecoder = std::function<bool(const QJsonObject &object, const QString &path)>;

    explicit OpenAiRequestDecoderBase(const QJsonObject &body) : m_body(body) { }
    ~OpenAiRequestDecoderBase() = default;

    static QString indexed(const QString &path, qsizetype index);
    static QString member(const QString &path, QStringView key);
    static bool absent(const QJsonValue &value);

    /// "model": a non-empty string.
    bool decodeModel();
    /// "tools": absent, or an array whose elements go through \a decode (a non-object element
    /// as an empty object).
    bool decodeToolList(const QJsonValue &tools, const ObjectDecoder &decode);
    /// Each element of \a array, found at \a key, through \a decode; an element that is not an
    /// object fails with \a notObject.
    bool decodeObjects(const QJsonArray &array, const QString &key, const QString &notObject,
                       const ObjectDecoder &decode);
    /// A string → one text block; an array → each part through \a decodePart, in order.
    bool decodeContentParts(const QJsonValue &content, const QString &path,
                            QList<ContentBlock> &out, const PartDecoder &decodePart);
    /// A base64 data URL or an http(s) URL → \a block, an image. Errors name \a path and call
    /// the field \a field.
    bool decodeImageUrl(const QString &url, const QString &path, QStringView field,
                        ContentBlock &block);
    /// parallel_tool_calls, then tool_choice: "auto", "none", "required" or a function object
    /// whose "name" sits in its member \a nameHolder (empty: in the object itself). \a shape
    /// spells that object for the error message.
    bool decodeToolChoice(const QJsonValue &choice, QStringView nameHolder, QStringView shape);
    /// "stream": a boolean or absent.
    bool decodeStream();
    bool decodeInt(const QString &key, std::optional<int> &out);
    bool decodeDouble(const QString &key, std::optional<double> &out);

    bool fail(const QString &message, const QString &param);

    QJsonObject m_body;
    Request m_request;
    base::ApiError m_error;
};

} // namespace switchyard::api::canonical
