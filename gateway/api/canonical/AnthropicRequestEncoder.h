#pragma once

#include "api/canonical/Canonical.h"

#include <QJsonArray>
#include <QJsonObject>

namespace switchyard::api::canonical {

/// A canonical request → an Anthropic Messages request body, repaired into what Anthropic
/// accepts: alternating roles, tool results right after their tool uses, a max_tokens, a
/// thinking budget within limits, no `$schema` in tool schemas.
class AnthropicRequestEncoder final
{
public:
    static QJsonObject encode(const Request &request);

private:
    static QJsonArray encodeMessages(const Request &request, QJsonArray *system);
    static QJsonArray encodeTools(const QList<Tool> &tools);
    static QJsonObject encodeToolChoice(const Request &request);
    static void encodeSampling(const Request &request, QJsonObject *body);
};

} // namespace switchyard::api::canonical
