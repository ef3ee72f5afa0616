#pragma once

#include "base/HeaderList.h"
#include "cache/CacheEntry.h"

#include <QByteArray>
#include <QList>

namespace switchyard::cache {

/// What a client gets for a cache hit: the recorded answer, byte for byte. Nothing is
/// rewritten, so ids in it (chatcmpl-..., msg_..., resp_...) and "created" are the original
/// answer's: two hits share them. Clients that key on those ids must not enable the cache.
class Replay final
{
public:
    explicit Replay(CacheEntry entry);

    /// The response header that marks a cache hit, and its value.
    static QByteArray cacheHeaderName() { return QByteArrayLiteral("x-switchyard-cache"); }
    static QByteArray hitHeaderValue() { return QByteArrayLiteral("hit"); }

    int status() const { return m_entry.status; }
    QByteArray contentType() const { return m_entry.contentType; }
    bool isStream() const { return m_entry.stream; }
    /// Non-stream: the body to send whole.
    QByteArray body() const { return m_entry.body; }
    /// Stream: the events to write, one chunk each, through the SSE path.
    const QList<QByteArray> &events() const { return m_entry.events; }
    /// Content-Type, x-switchyard-cache: hit and the provider/model that made the answer.
    base::HeaderList headers() const;
    const CacheEntry &entry() const { return m_entry; }

private:
    CacheEntry m_entry;
};

} // namespace switchyard::cache
