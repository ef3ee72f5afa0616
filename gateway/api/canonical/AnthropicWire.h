#pragma once

#include "api/canonical/Canonical.h"

#include <QByteArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QString>

namespace switchyard::api::canonical {

Q_DECLARE_LOGGING_CATEGORY(lcAnthropicCodec)

/// Pieces of the Anthropic Messages wire format (API version 2023-06-01) shared by the
/// request, response and stream translators.
class AnthropicWire final
{
public:
    /// "end_turn" → EndTurn…; null/unknown → None ("pause_turn" counts as EndTurn).
    static StopReason stopReasonFromWire(const QJsonValue &value);
    /// EndTurn → "end_turn"…; ContentFilter → "refusal"; None → "end_turn".
    static QString stopReasonToWire(StopReason reason);

    /// Reads {input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens}.
    static Usage usageFromJson(const QJsonObject &usage);
    /// The full usage object Anthropic sends (all four counts).
    static QJsonObject usageToJson(const Usage &usage);

    /// One content block as Anthropic writes it (text, image, tool_use, tool_result, thinking,
    /// redacted_thinking), cache_control included.
    static QJsonObject blockToJson(const ContentBlock &block);
    /// Parses one content block. False with \a error set when the block is malformed, false
    /// with \a error empty when its type is not one the canonical model can carry.
    static bool blockFromJson(const QJsonObject &json, ContentBlock *block, QString *error);

    /// A tool's arguments JSON text → the `input` object (`{}` for empty or invalid text).
    static QJsonObject toolInput(const QString &arguments);
    /// A JSON object as compact text.
    static QString compact(const QJsonObject &object);

    /// \a prefix + 24 random alphanumerics ("msg_", "toolu_"), for ids an upstream did not give.
    static QString newId(const QString &prefix);
    /// An Anthropic error type: kept when \a type is Anthropic-specific, else from \a status.
    static QString errorType(const QString &type, int status);
    /// `{"type":"error","error":{"type","message"}}`.
    static QJsonObject errorJson(const QString &type, const QString &message);
};

} // namespace switchyard::api::canonical
