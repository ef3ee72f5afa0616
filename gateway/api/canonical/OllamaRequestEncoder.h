#pragma once

#include "api/canonical/Canonical.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

namespace switchyard::api::canonical {

/// canonical::Request → an Ollama `POST /api/chat` body.
class OllamaRequestEncoder final
{
public:
    static QJsonObject encode(const Request &request);

    /// options.num_ctx: max(the model's window if known, estimated prompt + output + 10 %,
    /// 4096), rounded up to a multiple of 1024. Ollama's default window is 2–4k and it
    /// silently drops the start of longer prompts.
    static int contextSize(const Request &request);
    /// A conservative prompt size guess (3 characters a token, a fixed cost per image).
    static qint64 estimatePromptTokens(const Request &request);

private:
    explicit OllamaRequestEncoder(const Request &request);

    void encodeMessage(const Message &message);
    void encodeUserTurn(const Message &message);
    void encodeAssistant(const Message &message);
    static QJsonArray encodeTools(const QList<Tool> &tools);
    QJsonObject encodeOptions() const;

    const Request &m_request;
    QJsonArray m_messages;
    QHash<QString, QString> m_toolNames; ///< tool call id → tool name, for tool_name
};

} // namespace switchyard::api::canonical
