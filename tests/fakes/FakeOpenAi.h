#pragma once

#include "FakeHttpServer.h"

namespace switchyard::fakes {

/// A fake OpenAI-compatible upstream: /v1/chat/completions, /v1/completions,
/// /v1/embeddings, /v1/models in the real wire format, with faults on demand.
class FakeOpenAi final : public FakeHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeOpenAi)

public:
    enum class Fault {
        None,
        Status, ///< answer faultStatus with an OpenAI error body
        Refuse, ///< stop listening (connect refused); use stopListening()
        Hang, ///< accept, never answer
        SlowFirstByte, ///< answer after delayMs
        Garbage, ///< non-HTTP bytes, then close
        GarbageJson, ///< HTTP 200 with a body that is not JSON
        DropMidStream, ///< stream two events, then reset the connection
        DropBeforeEvents, ///< send stream headers, then reset
        SlowChunks, ///< stream events chunkDelayMs apart
        ContextLength, ///< 400 context_length_exceeded, as OpenAI words it
    };

    explicit FakeOpenAi(QObject *parent = nullptr);

    Fault fault = Fault::None;
    int faultStatus = 500;
    int delayMs = 0;
    int chunkDelayMs = 30;
    QByteArray content = "Hello from the fake upstream.";
    /// Wall-clock (ms since epoch) when each stream event was written, for flush checks.
    QList<qint64> eventSentAt;
    /// Name reported in responses (`id` prefix), to tell fakes apart.
    QByteArray name = "fake";

    /// Goes down: frees the port (connections refused) and drops open connections.
    void stopListening();
    /// Comes back on the same port.
    bool restart();
    /// Chat completion requests received (health checks and others not counted).
    int chatRequests() const;

private:
    void handle(const FakeRequest &request, FakeReply *reply);
    void streamChat(const QJsonObject &body, FakeReply *reply, bool drop);
};

} // namespace switchyard::fakes
