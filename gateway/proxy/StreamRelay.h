#pragma once

#include "api/SseParser.h"
#include "api/UsageMeter.h"
#include "api/canonical/Codec.h"
#include "base/HeaderList.h"
#include "base/WireFormat.h"
#include "cache/StreamRecorder.h"
#include "proxy/CacheSlot.h"

#include <QByteArray>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace switchyard::http {
class HttpExchange;
}

namespace switchyard::proxy {

/// The streaming half of one attempt: cuts the upstream's event stream (SSE, or NDJSON for
/// Ollama) into events, passes them through or translates them event by event, and writes
/// each to the client the moment it exists. Nothing is written before the first event, so
/// until then the attempt can still be replaced; the first write is the commit point.
class StreamRelay final
{
    Q_DISABLE_COPY_MOVE(StreamRelay)

public:
    struct Options
    {
        base::WireFormat inbound = base::WireFormat::OpenAiChat; ///< the client's format
        base::WireFormat upstream = base::WireFormat::OpenAiChat;
        /// The client's request decoded; required when the formats differ (the encoder's input).
        const api::canonical::Request *canonical = nullptr;
        bool clientWantsUsage = false; ///< else usage-only chunks we asked for are dropped
        QString answerModel; ///< the model answers name
        bool alias = false; ///< pass-through events are renamed to answerModel only for aliases
        qsizetype maxLoggedBody = 0; ///< bytes of the answer kept for the log; 0 keeps none
        CacheSlot cache; ///< where a complete answer goes (no responses: not cached)
        cache::CacheEntry cacheSkeleton; ///< the entry the recorded stream fills
    };
    /// Called once, at the commit point, with the stream's own headers: the caller answers
    /// the client with the response head.
    using CommitHandler = std::function<void(const base::HeaderList &streamHeaders)>;

    /// \a usage (owned by the call, outlives the relay) reads every upstream event.
    StreamRelay(http::HttpExchange *exchange, Options options, api::UsageMeter *usage,
                CommitHandler onCommit);
    ~StreamRelay();

    /// Relays upstream bytes; returns why the stream must be abandoned (an event or line
    /// larger than 16 MiB), or an empty string.
    QString feed(const QByteArray &data);
    bool isCommitted() const { return m_committed; }
    /// The upstream stopped between events: nothing was left half-received.
    bool isAtEventBoundary() const;
    bool overflowed() const { return m_sse.overflowed(); }
    /// Closes a translated stream in the client's format (block stops, [DONE]…).
    void flush();
    /// The answer is complete: ends the client's stream; the recorded answer is cached.
    void complete();
    /// Ends the client's stream with an error event (\a message, \a code); nothing is cached.
    void fail(const QString &message, const QString &code);

    /// Bytes written to the client as the answer's body.
    qint64 bytesOut() const { return m_bytesOut; }
    /// The first maxLoggedBody bytes of the answer.
    const QByteArray &loggedBody() const { return m_loggedBody; }

private:
    void relayEvents(const QList<api::SseEvent> &events);
    void relayPassThrough(const api::SseEvent &event);
    void writeCanonical(const QList<api::canonical::StreamEvent> &events);
    void commit();
    /// Writes to the client's stream; feeds the cache recorder and the body log.
    void write(const QByteArray &bytes);

    QPointer<http::HttpExchange> m_exchange;
    Options m_options;
    api::UsageMeter *m_usage;
    CommitHandler m_onCommit;
    bool m_translate = false; ///< inbound and upstream formats differ
    std::unique_ptr<api::canonical::StreamDecoder> m_decoder;
    std::unique_ptr<api::canonical::StreamEncoder> m_encoder;
    api::SseParser m_sse;
    QByteArray m_lineBuffer; ///< NDJSON (Ollama) bytes not yet forming a line
    std::optional<cache::StreamRecorder> m_recorder;
    bool m_committed = false;
    qint64 m_bytesOut = 0;
    QByteArray m_loggedBody;
};

} // namespace switchyard::proxy
