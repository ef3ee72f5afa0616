#pragma once

#include "api/canonical/Canonical.h"
#include "base/ApiError.h"

#include <QJsonObject>
#include <QList>
#include <QPair>

#include <variant>

namespace switchyard::api::canonical {

/// A client's Ollama `POST /api/chat` body → canonical::Request. Tool calls get the ids
/// "call_<n>" (n counts the calls in the conversation); tool messages are matched to the
/// oldest unanswered call of the same tool_name, else to the oldest unanswered call.
class OllamaRequestDecoder final
{
public:
    static std::variant<Request, base::ApiError> decode(const QJsonObject &body);

private:
    explicit OllamaRequestDecoder(const QJsonObject &body);

    std::variant<Request, base::ApiError> run();
    std::optional<base::ApiError> decodeMessage(const QJsonObject &message, qsizetype index);
    void decodeToolResult(const QJsonObject &message);
    void decodeOptions(const QJsonObject &options);

    const QJsonObject &m_body;
    Request m_request;
    int m_toolCalls = 0;
    QList<QPair<QString, QString>> m_pendingCalls; ///< (id, name) of unanswered tool calls
};

} // namespace switchyard::api::canonical
