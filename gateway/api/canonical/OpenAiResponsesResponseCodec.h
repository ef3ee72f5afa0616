#pragma once

#include "api/canonical/Canonical.h"
#include "base/ApiError.h"

#include <QJsonObject>

#include <variant>

namespace switchyard::api::canonical {

/// A non-streaming Responses `response` object ↔ canonical::Response.
class OpenAiResponsesResponseCodec final
{
public:
    static std::variant<Response, base::ApiError> decode(const QJsonObject &body);
    static QJsonObject encode(const Response &response);
};

} // namespace switchyard::api::canonical
