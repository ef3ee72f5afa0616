#pragma once

#include "api/canonical/Canonical.h"
#include "api/canonical/OpenAiRequestDecoderBase.h"
#include "base/ApiError.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <variant>

namespace switchyard::api::canonical {

/// A client's /v1/chat/completions body → canonical::Request, or the invalid_request_error
/// naming the offending field. One instance per body.
class OpenAiChatRequestDecoder final : private OpenAiRequestDecoderBase
{
public:
    explicit OpenAiChatRequestDecoder(const QJsonObject &body) : OpenAiRequestDecoderBase(body) { }

    std::variant<Request, base::ApiError> decode();

private:
    bool decodeMessages(const QJsonValue &messages);
    bool decodeMessage(const QJsonObject &message, const QString &path);
    bool decodeSystem(const QJsonObject &message, const QString &path);
    bool decodeUser(const QJsonObject &message, const QString &path);
    bool decodeAssistant(const QJsonObject &message, const QString &path);
    bool decodeTool(const QJsonObject &message, const QString &path);
    /// String or content-part array → blocks; \a allowImages false for system/assistant/tool.
    bool decodeContent(const QJsonValue &content, const QString &path, bool allowImages,
                       QList<ContentBlock> &out);
    bool decodePart(const QJsonObject &part, const QString &path, bool allowImages,
                    QList<ContentBlock> &out);
    bool decodeImage(const QJsonObject &part, const QString &path, ContentBlock &block);
    bool decodeToolCalls(const QJsonValue &toolCalls, const QString &path,
                         QList<ContentBlock> &out);
    bool decodeTools(const QJsonValue &tools);
    bool decodeSampling();
    bool decodeStop(const QJsonValue &stop);
};

} // namespace switchyard::api::canonical
