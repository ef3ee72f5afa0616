#pragma once

#include "FakeHttpServer.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <functional>

namespace switchyard::fakes {

/// A fake upstream's streamed answer, framed as the provider frames it (SSE events with or
/// without an `event:` name, or NDJSON lines) and sent over a chunked reply, one chunk per
/// event: the one place the fakes write streams.
class FakeStream final
{
public:
    enum class Framing {
        Sse, ///< text/event-stream: "event: NAME\n" when named, "data: …\n\n"
        Ndjson, ///< application/x-ndjson: one JSON object per line
    };

    /// How the events go out.
    struct Delivery
    {
        int spacingMs = 0; ///< event N goes out N × spacingMs after send(); 0: all at once
        qsizetype dropAt = -1; ///< reset the connection instead of sending event N; -1: never
        std::function<void()> onEvent; ///< called just before each event is written
    };

    explicit FakeStream(Framing framing);

    /// One event carrying \a data; \a name is the SSE event name (none for NDJSON).
    void add(const QJsonObject &data, const QByteArray &name = {});
    /// One event carrying \a data as it is, e.g. OpenAI's "[DONE]".
    void addRaw(const QByteArray &data, const QByteArray &name = {});
    qsizetype size() const;

    /// Answers 200 with the framing's Content-Type and writes the events, then ends the body
    /// (unless dropped). The reply paces the writes: if it goes away, the rest is not sent.
    void send(FakeReply *reply, const Delivery &delivery) const;
    void send(FakeReply *reply) const;

private:
    Framing m_framing;
    QList<QByteArray> m_events;
};

} // namespace switchyard::fakes
