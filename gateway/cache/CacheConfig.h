#pragma once

#include "cache/CacheSettings.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace switchyard::base {
class ConfigValidator;
}

namespace switchyard::cache {

/// Reads and writes the cache's configuration: a route's "cache" object and the gateway's.
class CacheConfig final
{
public:
    static constexpr int kMaxTtlSeconds = 365 * 24 * 3600;
    static constexpr qint64 kMaxMegabytes = 16 * 1024;
    static constexpr qint64 kMaxEntries = 10'000'000;

    /// A route's "cache" value at \a path ({"enabled": true, "ttl_s": 3600}); problems go to
    /// \a validator with their field path. Missing → defaults (off).
    static RouteCacheSettings
    parseRouteCache(const QJsonValue &value, base::ConfigValidator &validator, const QString &path);
    /// The gateway's "cache" value at \a path ({"max_mb": 64, "max_entries": 10000}).
    static CacheLimits parseCacheLimits(const QJsonValue &value, base::ConfigValidator &validator,
                                        const QString &path);
    static QJsonObject toJson(const RouteCacheSettings &settings);
    static QJsonObject toJson(const CacheLimits &limits);
};

} // namespace switchyard::cache
