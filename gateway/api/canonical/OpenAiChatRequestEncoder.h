#pragma once

#include "api/canonical/Canonical.h"

#include <QJsonArray>
#include <QJsonObject>

namespace switchyard::api::canonical {

/// canonical::Request → an OpenAI-compatible /v1/chat/completions body for an upstream.
class OpenAiChatRequestEncoder final
{
public:
    static QJsonObject encode(const Request &request);

    /// Maps an Anthropic-style thinking budget to an OpenAI reasoning_effort.
    static QString effortForBudget(int budgetTokens);
    /// \a schema without the keys OpenAI-compatible providers reject ("$schema", recursively).
    static QJsonObject cleanSchema(const QJsonObject &schema);

private:
    static void encodeMessage(const Message &message, QJsonArray &out);
    static void encodeUserTurn(const Message &message, QJsonArray &out);
    static QJsonObject encodeAssistant(const Message &message);
    static QJsonArray encodeTools(const QList<Tool> &tools);
    static QJsonValue encodeToolChoice(const ToolChoice &choice);
};

} // namespace switchyard::api::canonical
