#include "ResponseCache.h"

#include <utility>

namespace switchyard::cache {

ResponseCache::ResponseCache(cache::CacheLimits limits) : m_limits(limits) { }

std::optional<CacheEntry> ResponseCache::lookup(const QByteArray &key, qint64 nowMs)
{
    const auto found = m_index.constFind(key);
    if (found == m_index.constEnd()) {
        ++m_stats.misses;
        return std::nullopt;
    }
    const List::iterator it = found.value();
    if (nowMs >= it->expiresMs) {
        removeNode(it);
        ++m_stats.expirations;
        ++m_stats.misses;
        return std::nullopt;
    }
    m_lru.splice(m_lru.begin(), m_lru, it);
    ++m_stats.hits;
    return *it;
}

bool ResponseCache::insert(CacheEntry entry)
{
    if (!insertEntry(std::move(entry)))
        return false;
    ++m_stats.inserts;
    return true;
}

bool ResponseCache::insertEntry(CacheEntry entry)
{
    if (!entry.isValid() || entry.bytes() > m_limits.maxBytes || m_limits.maxEntries < 1)
        return false;
    if (const auto found = m_index.constFind(entry.key); found != m_index.constEnd())
        removeNode(found.value());
    const QByteArray key = entry.key;
    m_stats.bytes += entry.bytes();
    m_lru.push_front(std::move(entry));
    m_index.insert(key, m_lru.begin());
    evictToFit();
    return true;
}

bool ResponseCache::erase(const QByteArray &key)
{
    const auto found = m_index.constFind(key);
    if (found == m_index.constEnd())
        return false;
    removeNode(found.value());
    return true;
}

void ResponseCache::clear()
{
    m_index.clear();
    m_lru.clear();
    m_stats.bytes = 0;
}

qsizetype ResponseCache::purgeExpired(qint64 nowMs)
{
    qsizetype purged = 0;
    for (auto it = m_lru.begin(); it != m_lru.end();) {
        const auto next = std::next(it);
        if (nowMs >= it->expiresMs) {
            removeNode(it);
            ++purged;
        }
        it = next;
    }
    m_stats.expirations += purged;
    return purged;
}

void ResponseCache::setLimits(cache::CacheLimits limits)
{
    m_limits = limits;
    evictToFit();
}

CacheStats ResponseCache::stats() const
{
    CacheStats stats = m_stats;
    stats.entries = m_index.size();
    return stats;
}

QList<CacheEntry> ResponseCache::entries() const
{
    QList<CacheEntry> out;
    out.reserve(qsizetype(m_lru.size()));
    for (auto it = m_lru.rbegin(); it != m_lru.rend(); ++it)
        out.append(*it);
    return out;
}

qsizetype ResponseCache::restore(const QList<CacheEntry> &entries, qint64 nowMs)
{
    qsizetype taken = 0;
    for (const CacheEntry &entry : entries) {
        if (nowMs < entry.expiresMs && insertEntry(entry))
            ++taken;
    }
    return taken;
}

void ResponseCache::removeNode(List::iterator it)
{
    m_stats.bytes -= it->bytes();
    m_index.remove(it->key);
    m_lru.erase(it);
}

void ResponseCache::evictToFit()
{
    while (!m_lru.empty()
           && (m_stats.bytes > m_limits.maxBytes || qint64(m_lru.size()) > m_limits.maxEntries)) {
        removeNode(std::prev(m_lru.end()));
        ++m_stats.evictions;
    }
}

} // namespace switchyard::cache
