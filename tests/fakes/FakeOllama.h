#pragma once

#include "FakeHttpServer.h"

#include <QJsonObject>

namespace switchyard::fakes {

/// A fake Ollama: POST /api/chat (NDJSON stream unless "stream": false, tool calls when tools
/// are given), GET /api/tags, GET /api/ps, POST /api/show and the OpenAI-compatible
/// GET /v1/models, in Ollama's real wire format, with faults on demand.
class FakeOllama final : public FakeHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeOllama)

public:
    enum class Fault {
        None,
        ModelNotFound, ///< 404 {"error":"model 'x' not found"} on /api/chat and /api/show
        ServerError, ///< 500 {"error":"…"}
        DropMidStream, ///< two NDJSON lines, then reset the connection
        Hang, ///< accept, never answer
    };

    explicit FakeOllama(QObject *parent = nullptr);

    Fault fault = Fault::None;
    QByteArray content = "Hello from the fake Ollama.";
    QByteArray thinking; ///< streamed as message.thinking first when "think" is true
    QString modelName = QStringLiteral("llama3.2:3b");
    int contextLength = 32768; ///< /api/show model_info "<arch>.context_length"
    qint64 sizeVram = 2'500'000'000; ///< /api/ps size_vram
    qsizetype psPaddingBytes = 0; ///< /api/ps grows by a "padding" member this long
    int promptEvalCount = 26;
    int evalCount = 9;

    /// /api/chat requests received.
    int chatRequests() const;

private:
    void handle(const FakeRequest &request, FakeReply *reply);
    void chat(const QJsonObject &body, FakeReply *reply);
    QJsonObject line(const QString &model, const QJsonObject &message, bool done) const;
};

} // namespace switchyard::fakes
