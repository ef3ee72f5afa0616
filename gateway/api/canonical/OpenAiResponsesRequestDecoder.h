#pragma once

#include "api/canonical/Canonical.h"
#include "api/canonical/OpenAiRequestDecoderBase.h"
#include "base/ApiError.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <variant>

namespace switchyard::api::canonical {

/// A client's /v1/responses body (Codex CLI) → canonical::Request, or the
/// invalid_request_error naming the offending field. Stateless: previous_response_id and
/// conversation are refused. One instance per body.
class OpenAiResponsesRequestDecoder final : private OpenAiRequestDecoderBase
{
public:
    explicit OpenAiResponsesRequestDecoder(const QJsonObject &body) : OpenAiRequestDecoderBase(body)
    {
    }

    std::variant<Request, base::ApiError> decode();

private:
    bool decodeState();
    bool decodeInstructions();
    bool decodeInput(const QJsonValue &input);
    bool decodeItem(const QJsonObject &item, const QString &path);
    bool decodeMessage(const QJsonObject &item, const QString &path);
    bool decodeFunctionCall(const QJsonObject &item, const QString &path);
    bool decodeFunctionOutput(const QJsonObject &item, const QString &path);
    bool decodeReasoning(const QJsonObject &item, const QString &path);
    /// String or input/output content parts → blocks; \a allowImages false for system/assistant.
    bool decodeContent(const QJsonValue &content, const QString &path, bool allowImages,
                       QList<ContentBlock> &out);
    bool decodePart(const QJsonObject &part, const QString &path, bool allowImages,
                    QList<ContentBlock> &out);
    bool decodeImage(const QJsonObject &part, const QString &path, ContentBlock &block);
    bool decodeTools(const QJsonValue &tools);
    bool decodeSampling();
    bool decodeTextFormat();

    /// The message to append assistant-side items to (merged while they are consecutive).
    Message &assistantTurn();
};

} // namespace switchyard::api::canonical
