#pragma once

#include "base/WireFormat.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace switchyard::cache {

/// One cached answer, exactly as the client got it.
struct CacheEntry
{
    QByteArray key; ///< CacheKey::compute()
    base::WireFormat inbound = base::WireFormat::OpenAiChat; ///< the client's format
    int status = 200; ///< only 2xx answers are stored
    QByteArray contentType;
    bool stream = false;
    QByteArray body; ///< the whole answer (non-stream entries)
    /// Stream entries: each complete SSE event as sent to the client, "event:"/"data:" lines
    /// and the terminating blank line included.
    QList<QByteArray> events;
    QString model; ///< the model that produced the answer
    QString provider;
    qint64 createdMs = 0; ///< epoch milliseconds
    qint64 expiresMs = 0; ///< epoch milliseconds; expired at and after this instant

    /// Approximate memory the entry holds, for the cache's byte limit.
    qint64 bytes() const;
    /// What the store keeps in its body column: the body, or the events concatenated.
    QByteArray storedBody() const;
    /// True when the entry can be replayed: 2xx, a key, and (streams) complete events.
    bool isValid() const;
};

/// Splits a concatenation of SSE events back into the events, byte for byte: each ends with
/// its blank line (LF, CRLF or CR line ends). Bytes after the last blank line, if any, come
/// back as a last, incomplete element, so joining the result always gives \a bytes again.
QList<QByteArray> splitEvents(QByteArrayView bytes);
/// The events concatenated (SSE events delimit themselves).
QByteArray joinEvents(const QList<QByteArray> &events);
/// True when \a event ends with a blank line, i.e. is a complete SSE event.
bool isCompleteEvent(QByteArrayView event);

/// Stable names for the store's inbound_format column ("openai_chat", "anthropic_messages"...).
QString formatName(base::WireFormat format);
std::optional<base::WireFormat> formatFromName(QStringView name);

} // namespace switchyard::cache
