#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace switchyard::api {

/// Byte-level edits of a JSON request body's top-level members, so the body is forwarded
/// exactly as the client wrote it (number formats, key order, escapes, unknown fields)
/// except for the members we change. The body must already be valid JSON.
class JsonBody final
{
public:
    struct Span
    {
        qsizetype begin = 0; ///< first byte of the value
        qsizetype end = 0; ///< one past its last byte
    };

    /// Where the value of top-level member \a key is, if present.
    static std::optional<Span> findMember(QByteArrayView json, QByteArrayView key);
    /// Replaces (or appends) top-level member \a key with the raw JSON \a value.
    static QByteArray setMember(const QByteArray &json, QByteArrayView key,
                                const QByteArray &value);
    /// Removes top-level member \a key if present.
    static QByteArray removeMember(const QByteArray &json, QByteArrayView key);
    /// JSON string literal for \a text (quoted and escaped).
    static QByteArray quote(const QString &text);
};

} // namespace switchyard::api
