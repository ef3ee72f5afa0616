#include "CacheSlot.h"

#include "cache/ResponseCache.h"

#include <QDateTime>

namespace switchyard::proxy {

cache::CacheEntry CacheSlot::entry(base::WireFormat inbound, int status,
                                   const QByteArray &contentType,
                                   const routing::PlannedAttempt &target) const
{
    cache::CacheEntry entry;
    entry.key = key;
    entry.inbound = inbound;
    entry.status = status;
    entry.contentType = contentType;
    entry.model = target.model;
    entry.provider = target.provider;
    return entry;
}

void CacheSlot::store(cache::CacheEntry entry) const
{
    entry.createdMs = QDateTime::currentMSecsSinceEpoch();
    entry.expiresMs = entry.createdMs + qint64(ttlSeconds) * 1000;
    responses->insert(std::move(entry));
}

} // namespace switchyard::proxy
