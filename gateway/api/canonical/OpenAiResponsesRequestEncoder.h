#pragma once

#include "api/canonical/Canonical.h"

#include <QJsonArray>
#include <QJsonObject>

namespace switchyard::api::canonical {

/// canonical::Request → a /v1/responses body for an upstream that speaks Responses. Always
/// stateless (store: false, the full input every time).
class OpenAiResponsesRequestEncoder final
{
public:
    static QJsonObject encode(const Request &request);

private:
    static QJsonArray input(const Request &request);
    static QJsonArray parts(const QList<ContentBlock> &blocks, bool assistant);
    static QJsonValue toolChoice(const ToolChoice &choice);
};

} // namespace switchyard::api::canonical
