#pragma once

#include "base/HeaderList.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QStringList>

#include <optional>

namespace switchyard::security {

/// CORS for browser clients: only origins on an exact allow-list may read answers, and the
/// answer names that one origin (never "*") without allowing credentials.
class OriginPolicy final
{
public:
    /// No origin allowed.
    OriginPolicy() = default;
    /// Allows \a origins ("http://localhost:3000"); entries that do not normalise are ignored.
    explicit OriginPolicy(const QStringList &origins);

    /// scheme://host[:port] in lower case without the scheme's default port, or nothing when
    /// \a origin is not an http(s) origin ("null", paths, userinfo, bad ports, ...).
    static std::optional<QByteArray> normalise(QByteArrayView origin);

    bool allowed(QByteArrayView origin) const;
    /// Headers for an actual (non-preflight) response; empty when \a origin is not allowed.
    base::HeaderList corsHeaders(QByteArrayView origin) const;
    /// Headers answering a preflight (OPTIONS) request, or nothing when it must be refused:
    /// origin not allowed, a method other than GET/POST/OPTIONS, or an unlisted header.
    std::optional<base::HeaderList> preflightHeaders(QByteArrayView origin,
                                                     QByteArrayView requestedMethod,
                                                     QByteArrayView requestedHeaders) const;

    /// Request headers a browser client may send (lower case); "x-stainless-*" is matched
    /// by prefix.
    static const QByteArrayList &allowedRequestHeaders();
    static bool isAllowedRequestHeader(QByteArrayView name);

    static constexpr int maxAgeSeconds = 600;

private:
    QByteArrayList m_origins; ///< normalised
};

} // namespace switchyard::security
