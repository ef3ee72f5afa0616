#include "CachePolicy.h"

#include "config/ConfigValidator.h"

#include <initializer_list>
#include <optional>

using namespace Qt::StringLiterals;

namespace switchyard::cache {

namespace {

constexpr qint64 kMiB = 1024 * 1024;

// The object at \a path, or nothing (reported unless absent).
std::optional<QJsonObject> objectAt(const QJsonValue &value, config::ConfigValidator &v,
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

// True when a comma-separated directive list holds one of \a names (ignoring "=value").
bool hasDirective(QByteArrayView list, std::initializer_list<QByteArrayView> names)
{
    for (const QByteArray &part : list.toByteArray().split(',')) {
        QByteArray directive = part.trimmed();
        const qsizetype equals = directive.indexOf('=');
        if (equals >= 0)
            directive = directive.first(equals).trimmed();
        for (const QByteArrayView name : names) {
            if (directive.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

RouteCacheSettings CachePolicy::parseRouteCache(const QJsonValue &value,
                                                config::ConfigValidator &validator,
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

CacheLimits CachePolicy::parseCacheLimits(const QJsonValue &value,
                                          config::ConfigValidator &validator, const QString &path)
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

QJsonObject CachePolicy::toJson(const RouteCacheSettings &settings)
{
    return QJsonObject { { u"enabled"_s, settings.enabled }, { u"ttl_s"_s, settings.ttlSeconds } };
}

QJsonObject CachePolicy::toJson(const CacheLimits &limits)
{
    // max_mb rounds up so a limit that is not whole MiB never shrinks when written back.
    return QJsonObject { { u"max_mb"_s, (limits.maxBytes + kMiB - 1) / kMiB },
                         { u"max_entries"_s, limits.maxEntries } };
}

bool CachePolicy::bypass(const http::HeaderList &headers)
{
    for (const auto &[name, value] : headers) {
        if (name.compare("cache-control", Qt::CaseInsensitive) == 0
            && hasDirective(value, { "no-cache", "no-store" }))
            return true;
        if (name.compare("pragma", Qt::CaseInsensitive) == 0 && hasDirective(value, { "no-cache" }))
            return true;
    }
    return false;
}

} // namespace switchyard::cache
