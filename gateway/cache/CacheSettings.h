#pragma once

#include <QtGlobal>

namespace switchyard::cache {

/// A route's "cache" object: off unless the user turns it on.
struct RouteCacheSettings
{
    bool enabled = false;
    int ttlSeconds = 3600;

    friend bool operator==(const RouteCacheSettings &, const RouteCacheSettings &) = default;
};

/// The gateway's "cache" object: how much the in-memory cache may hold.
struct CacheLimits
{
    qint64 maxBytes = 64LL * 1024 * 1024;
    qint64 maxEntries = 10'000;

    friend bool operator==(const CacheLimits &, const CacheLimits &) = default;
};

} // namespace switchyard::cache
