#pragma once

#include <QByteArray>
#include <QList>

namespace switchyard::api {

/// One server-sent event.
struct SseEvent
{
    QByteArray event; ///< the `event:` field, empty for the default
    QByteArray data; ///< `data:` lines joined with '\n'
    QByteArray raw; ///< the exact bytes, blank line included, for pass-through
};

/// Incremental text/event-stream parser (WHATWG rules: LF, CRLF or CR line ends,
/// comments ignored, multi-line data joined).
class SseParser final
{
public:
    explicit SseParser(qsizetype maxEventBytes = 16 * 1024 * 1024) : m_maxEventBytes(maxEventBytes)
    {
    }

    /// Feeds bytes; returns the events completed by them.
    QList<SseEvent> feed(QByteArrayView bytes);
    /// True once an event grew past the limit (the stream is garbage).
    bool overflowed() const { return m_overflowed; }
    /// Bytes received that do not yet form a complete event.
    qsizetype pendingBytes() const { return m_buffer.size(); }

private:
    QByteArray m_buffer;
    qsizetype m_scanned = 0; // bytes of m_buffer already searched for an event end
    qsizetype m_maxEventBytes;
    bool m_overflowed = false;
};

} // namespace switchyard::api
