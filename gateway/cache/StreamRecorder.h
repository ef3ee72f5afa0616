#pragma once

#include "cache/CacheEntry.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace switchyard::cache {

/// Collects a streamed answer while the proxy relays it, and yields a cache entry only when
/// the stream ended normally: the format's last event was seen ([DONE] for OpenAI chat and
/// completions, message_stop for Anthropic, response.completed for Responses), no error
/// event was sent, nothing was cut off and the size limit was not hit.
class StreamRecorder final
{
public:
    static constexpr qint64 kDefaultMaxBytes = 8 * 1024 * 1024;

    /// \a skeleton carries everything but the events: key, inbound format, status, content
    /// type, model, provider, times. Streams larger than \a maxBytes are not kept.
    explicit StreamRecorder(CacheEntry skeleton, qint64 maxBytes = kDefaultMaxBytes);

    /// Feeds bytes exactly as written to the client: one or more SSE events (a partial event
    /// is held until the rest arrives).
    void append(QByteArrayView bytes);
    /// The relay failed (upstream broke, client left, gateway stopping): never store.
    void fail() { m_failed = true; }
    /// The entry, or nothing when the stream must not be cached. Ends the recording.
    std::optional<CacheEntry> finish();

    bool failed() const { return m_failed; }
    bool sawEnd() const { return m_sawEnd; }
    qint64 recordedBytes() const { return m_bytes; }

private:
    void inspect(const QByteArray &event);

    CacheEntry m_entry;
    QByteArray m_pending; ///< bytes of an event not yet complete
    qint64 m_maxBytes;
    qint64 m_bytes = 0;
    bool m_failed = false;
    bool m_truncated = false;
    bool m_sawEnd = false;
};

} // namespace switchyard::cache
