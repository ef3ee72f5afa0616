#include "OriginPolicy.h"

#include "security/HostPolicy.h"

namespace switchyard::security {

namespace {

QByteArrayView trimmed(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t'))
        s.chop(1);
    return s;
}

} // namespace

OriginPolicy::OriginPolicy(const QStringList &origins)
{
    for (const QString &origin : origins) {
        if (auto normalised = normalise(origin.toLatin1());
            normalised && !m_origins.contains(*normalised))
            m_origins.append(*normalised);
    }
}

std::optional<QByteArray> OriginPolicy::normalise(QByteArrayView origin)
{
    const qsizetype sep = origin.indexOf("://");
    if (sep <= 0)
        return std::nullopt; // also "null", which sandboxed frames and file:// pages send
    const QByteArray scheme = origin.first(sep).toByteArray().toLower();
    quint16 defaultPort = 0;
    if (scheme == "http")
        defaultPort = 80;
    else if (scheme == "https")
        defaultPort = 443;
    else
        return std::nullopt;
    // An origin has no path, query, fragment or userinfo; HostPolicy::parse refuses all of
    // them ('/', '?', '#', '@' are not host characters).
    const QByteArrayView authority = origin.sliced(sep + 3);
    const auto host = HostPolicy::parse(authority);
    if (!host || (host->ipv6 && !authority.startsWith('[')))
        return std::nullopt;
    // Browsers treat "localhost." and "localhost" as different origins; so do we.
    if (!host->ipv6
        && authority.first(authority.indexOf(':') < 0 ? authority.size() : authority.indexOf(':'))
               .endsWith('.'))
        return std::nullopt;
    QByteArray out = scheme + "://";
    out += host->ipv6 ? QByteArray('[' + host->host + ']') : host->host;
    if (host->port != 0 && host->port != defaultPort)
        out += ':' + QByteArray::number(host->port);
    return out;
}

bool OriginPolicy::allowed(QByteArrayView origin) const
{
    const auto normalised = normalise(origin);
    return normalised && m_origins.contains(*normalised);
}

base::HeaderList OriginPolicy::corsHeaders(QByteArrayView origin) const
{
    if (!allowed(origin))
        return {};
    // Echo the origin exactly as the browser serialised it; it compares byte for byte.
    return { { "Access-Control-Allow-Origin", origin.toByteArray() }, { "Vary", "Origin" } };
}

std::optional<base::HeaderList>
OriginPolicy::preflightHeaders(QByteArrayView origin, QByteArrayView requestedMethod,
                               QByteArrayView requestedHeaders) const
{
    if (!allowed(origin))
        return std::nullopt;
    const QByteArrayView method = trimmed(requestedMethod);
    if (method != "GET" && method != "POST" && method != "OPTIONS")
        return std::nullopt;
    QByteArrayList headers;
    for (const QByteArray &part : requestedHeaders.toByteArray().split(',')) {
        const QByteArray name = trimmed(part).toByteArray().toLower();
        if (name.isEmpty())
            continue;
        if (!isAllowedRequestHeader(name))
            return std::nullopt;
        if (!headers.contains(name))
            headers.append(name);
    }
    base::HeaderList out { { "Access-Control-Allow-Origin", origin.toByteArray() },
                           { "Vary",
                             "Origin, Access-Control-Request-Method, "
                             "Access-Control-Request-Headers" },
                           { "Access-Control-Allow-Methods", "GET, POST, OPTIONS" },
                           { "Access-Control-Max-Age", QByteArray::number(maxAgeSeconds) } };
    // Named one by one: "*" would not cover Authorization, and echoing only what was asked
    // keeps the answer specific.
    if (!headers.isEmpty())
        out.append({ "Access-Control-Allow-Headers", headers.join(", ") });
    return out;
}

const QByteArrayList &OriginPolicy::allowedRequestHeaders()
{
    static const QByteArrayList headers {
        "authorization",       "content-type",   "x-api-key",
        "anthropic-version",   "anthropic-beta", "anthropic-dangerous-direct-browser-access",
        "openai-organization", "openai-project", "x-request-id",
        "cache-control"
    };
    return headers;
}

bool OriginPolicy::isAllowedRequestHeader(QByteArrayView name)
{
    const QByteArray lower = name.toByteArray().toLower();
    if (lower.startsWith("x-stainless-") && lower.size() > 12) {
        for (char c : lower) {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
                return false;
        }
        return true;
    }
    return allowedRequestHeaders().contains(lower);
}

} // namespace switchyard::security
