#include "CacheConfig.h"

#include "base/ConfigValidator.h"

#include <optional>

using namespace Qt::StringLiterals;

namespace switchyard::cache {

namespace {

constexpr qint64 kMiB = 1024 * 1024;

// The object at \a path, or nothing (reported unless absent).
std::optional<QJsonObject> objectAt(const QJsonValue &value, base::ConfigValidator &v,
                                    const QString &path)
{
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isObject()) {
        v.fail(path, u"must be an object"_s);
        return std::nullopt;
    }
    return value.toObject();
}

} // namespace

RouteCacheSettings CacheConfig::parseRouteCache(const QJsonValue &value,
                                                base::ConfigValidator &validator,
                                                const QString &path)
{
    RouteCacheSettings settings;
    const auto o = objectAt(value, validator, path);
    if (!o)
        return settings;
    validator.rejectUnknownKeys(*o, path, { u"enabled"_s, u"ttl_s"_s });
    if (auto enabled = validator.boolean(*o, u"enabled"_s, path))
        settings.enabled = *enabled;
    if (auto ttl = validator.integer(*o, u"ttl_s"_s, path, 1, kMaxTtlSeconds))
        settings.ttlSeconds = int(*ttl);
    return settings;
}

CacheLimits CacheConfig::parseCacheLimits(const QJsonValue &value, base::ConfigValidator &validator,
                                          const QString &path)
{
    CacheLimits limits;
    const auto o = objectAt(value, validator, path);
    if (!o)
        return limits;
    validator.rejectUnknownKeys(*o, path, { u"max_mb"_s, u"max_entries"_s });
    if (auto mb = validator.integer(*o, u"max_mb"_s, path, 1, kMaxMegabytes))
        limits.maxBytes = *mb * kMiB;
    if (auto n = validator.integer(*o, u"max_entries"_s, path, 1, kMaxEntries))
        limits.maxEntries = *n;
    return limits;
}

QJsonObject CacheConfig::toJson(const RouteCacheSettings &settings)
{
    return QJsonObject { { u"enabled"_s, settings.enabled }, { u"ttl_s"_s, settings.ttlSeconds } };
}

QJsonObject CacheConfig::toJson(const CacheLimits &limits)
{
    // max_mb rounds up so a limit that is not whole MiB never shrinks when written back.
    return QJsonObject { { u"max_mb"_s, (limits.maxBytes + kMiB - 1) / kMiB },
                         { u"max_entries"_s, limits.maxEntries } };
}

} // namespace switchyard::cache
