#pragma once

#include "api/canonical/Canonical.h"
#include "base/WireFormat.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace switchyard::api {

/// One inbound request body, parsed once by its endpoint's validation. Routing features, the
/// cache key, the upstream body and translation all read it from here; nothing on the request
/// path parses the body again.
struct RequestContext
{
    base::WireFormat format = base::WireFormat::OpenAiChat; ///< the client's API
    QByteArray raw; ///< the body as received (implicitly shared with the HTTP request)
    QJsonObject object; ///< the body, parsed
    QString model;
    bool stream = false;
    bool clientWantsUsage = false; ///< stream_options.include_usage was true
    /// The body in the canonical model, when validation decoded it (Anthropic Messages,
    /// Responses) or a translating attempt did; later attempts reuse it.
    std::optional<canonical::Request> canonical;
};

} // namespace switchyard::api
