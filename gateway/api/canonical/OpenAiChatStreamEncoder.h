#pragma once

#include "api/canonical/Codec.h"

#include <QHash>
#include <QJsonObject>

namespace switchyard::api::canonical {

/// Canonical events → `data: {chat.completion.chunk}\n\n` SSE events for a client, ending with
/// `data: [DONE]\n\n`. With include_usage, every chunk carries "usage": null and a last chunk
/// with empty choices carries the usage; otherwise no usage at all.
class OpenAiChatStreamEncoder final : public StreamEncoder
{
public:
    /// \a created (unix seconds) and \a fallbackId (used if MessageStart has no id) are
    /// parameters so tests get stable bytes.
    OpenAiChatStreamEncoder(const Request &request, qint64 created, const QString &fallbackId);

    QByteArray encode(const StreamEvent &event) override;
    QByteArray finish() override;

private:
    QByteArray start(const QString &id, const QString &model);
    QByteArray chunk(const QJsonObject &delta, const QJsonValue &finishReason);
    QByteArray usageChunk();
    QByteArray toolCallChunk(int index, const QJsonObject &call);
    QJsonObject envelope() const;
    static QByteArray sse(const QJsonObject &object);

    QString m_model;
    QString m_id;
    qint64 m_created = 0;
    bool m_includeUsage = false;
    bool m_started = false;
    bool m_finishSent = false;
    bool m_usageSent = false;
    bool m_failed = false;
    bool m_closed = false;
    QHash<int, int> m_toolCalls; ///< canonical block index → OpenAI tool call index
    Usage m_usage;
};

} // namespace switchyard::api::canonical
