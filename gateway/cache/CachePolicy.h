#pragma once

#include "cache/CacheSettings.h"
#include "http/RequestHead.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace switchyard::config {
class ConfigValidator;
}

namespace switchyard::cache {

/// The cache's configuration (route and gateway "cache" objects) and the per-request
/// decision whether the client lets the cache answer.
class CachePolicy final
{
public:
    static constexpr int kMaxTtlSeconds = 365 * 24 * 3600;
    static constexpr qint64 kMaxMegabytes = 16 * 1024;
    static constexpr qint64 kMaxEntries = 10'000'000;

    /// A route's "cache" value at \a path ({"enabled": true, "ttl_s": 3600}); problems go to
    /// \a validator with their field path. Missing → defaults (off).
    static RouteCacheSettings parseRouteCache(const QJsonValue &value,
                                              config::ConfigValidator &validator,
                                              const QString &path);
    /// The gateway's "cache" value at \a path ({"max_mb": 64, "max_entries": 10000}).
    static CacheLimits parseCacheLimits(const QJsonValue &value, config::ConfigValidator &validator,
                                        const QString &path);
    static QJsonObject toJson(const RouteCacheSettings &settings);
    static QJsonObject toJson(const CacheLimits &limits);

    /// True when the client asked for a fresh answer: Cache-Control no-cache or no-store (any
    /// position, any case, every Cache-Control header) or Pragma: no-cache. Then the cache is
    /// neither read nor written for the request.
    static bool bypass(const http::HeaderList &headers);
};

} // namespace switchyard::cache
