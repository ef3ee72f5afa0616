#pragma once

#include "base/WireFormat.h"
#include "cache/CacheEntry.h"
#include "routing/RoutingDecision.h"

#include <QByteArray>

namespace switchyard::cache {
class ResponseCache;
}

namespace switchyard::proxy {

/// Where a successful answer is kept for the route's response cache.
struct CacheSlot
{
    cache::ResponseCache *responses = nullptr; ///< owned by the gateway, outlives the call
    QByteArray key;
    int ttlSeconds = 0;

    /// An entry under this slot's key for an answer from \a target, without body or times.
    cache::CacheEntry entry(base::WireFormat inbound, int status, const QByteArray &contentType,
                            const routing::PlannedAttempt &target) const;
    /// Stores \a entry, fresh from now for the slot's time to live.
    void store(cache::CacheEntry entry) const;
};

} // namespace switchyard::proxy
