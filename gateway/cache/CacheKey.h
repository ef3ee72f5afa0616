#pragma once

#include "base/WireFormat.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringView>

namespace switchyard::cache {

/// The exact-match cache key of a request.
///
/// Two requests share a key when they would get the same answer from the same target: same
/// inbound format, endpoint, resolved model or route, streaming mode, and the same body once
/// members that do not change the answer are dropped (stream_options except include_usage,
/// user, safety_identifier, metadata, store, service_tier, prompt_cache_key) and the rest is
/// written canonically (CanonicalJson).
///
/// Sampling settings stay in the key but do not stop caching: a request with a non-zero
/// temperature is still cached, because the user turned caching on for the route and so
/// accepts that a repeated question gets the first answer again.
class CacheKey final
{
public:
    /// Hex SHA-256 of the request; empty when \a body is not a JSON object (do not cache).
    /// \a endpoint is the inbound path ("/v1/chat/completions").
    static QByteArray compute(base::WireFormat inbound, QStringView endpoint,
                              const QByteArray &body, const QString &resolvedModelOrRoute);
    /// The same for a body that is already parsed (the request path: no second parse).
    static QByteArray compute(base::WireFormat inbound, QStringView endpoint,
                              const QJsonObject &request, const QString &resolvedModelOrRoute);
    /// The canonical text that compute() hashes (for tests and debugging; it holds the
    /// prompt, so never log it).
    static QByteArray material(base::WireFormat inbound, QStringView endpoint,
                               const QByteArray &body, const QString &resolvedModelOrRoute);
    static QByteArray material(base::WireFormat inbound, QStringView endpoint, QJsonObject request,
                               const QString &resolvedModelOrRoute);
};

} // namespace switchyard::cache
