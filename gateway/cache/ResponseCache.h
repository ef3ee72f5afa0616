#pragma once

#include "cache/CacheEntry.h"
#include "cache/CacheSettings.h"

#include <QByteArray>
#include <QHash>
#include <QList>

#include <list>
#include <optional>

namespace switchyard::cache {

/// Counters since the cache was created (bytes and entries: current).
struct CacheStats
{
    qint64 hits = 0;
    qint64 misses = 0; ///< includes lookups that found only an expired entry
    qint64 inserts = 0;
    qint64 evictions = 0; ///< entries pushed out by the byte or entry limit
    qint64 expirations = 0; ///< entries dropped because their TTL ran out
    qint64 bytes = 0;
    qint64 entries = 0;

    friend bool operator==(const CacheStats &, const CacheStats &) = default;
};

/// The in-memory exact-match response cache: least recently used entries go first when the
/// byte or entry limit is reached. Not thread-safe: the gateway thread owns it. Time is
/// passed in (epoch ms) so callers and tests control it.
class ResponseCache final
{
public:
    explicit ResponseCache(cache::CacheLimits limits = {});

    /// The entry for \a key if present and not expired (an expired one is erased and the
    /// lookup counts as a miss). A hit becomes the most recently used entry.
    std::optional<CacheEntry> lookup(const QByteArray &key, qint64 nowMs);
    /// Stores \a entry, replacing one with the same key, evicting as needed. Refused (false)
    /// when it is not valid (see CacheEntry::isValid) or larger than the whole byte limit.
    bool insert(CacheEntry entry);
    /// Removes \a key; false when it was not there.
    bool erase(const QByteArray &key);
    void clear();
    /// Drops every entry expired at \a nowMs; returns how many.
    qsizetype purgeExpired(qint64 nowMs);

    /// New limits; evicts at once if the cache is now too full.
    void setLimits(cache::CacheLimits limits);
    cache::CacheLimits limits() const { return m_limits; }
    CacheStats stats() const;
    bool contains(const QByteArray &key) const { return m_index.contains(key); }

    /// Every entry, least recently used first, for the store to persist.
    QList<CacheEntry> entries() const;
    /// Inserts persisted entries (in entries() order, so recency survives), skipping invalid
    /// and expired ones; returns how many were taken. Counts no inserts.
    qsizetype restore(const QList<CacheEntry> &entries, qint64 nowMs);

private:
    using List = std::list<CacheEntry>; // front = most recently used

    bool insertEntry(CacheEntry entry);
    void removeNode(List::iterator it);
    void evictToFit();

    cache::CacheLimits m_limits;
    List m_lru;
    QHash<QByteArray, List::iterator> m_index;
    CacheStats m_stats;
};

} // namespace switchyard::cache
