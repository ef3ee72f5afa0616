#pragma once

#include "api/canonical/Codec.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

namespace switchyard::api::canonical {

/// Canonical events → Responses SSE events (`event: NAME\ndata: {"type":NAME,…}\n\n`) with a
/// sequence_number from 0. Each canonical block becomes one output item (message, reasoning or
/// function_call); the stream always ends with response.completed or response.failed, as
/// Codex CLI treats anything else as an error.
class OpenAiResponsesStreamEncoder final : public StreamEncoder
{
public:
    /// \a createdAt (unix seconds) and \a fallbackId (used if MessageStart has no id) are
    /// parameters so tests get stable bytes.
    OpenAiResponsesStreamEncoder(const Request &request, qint64 createdAt,
                                 const QString &fallbackId);

    QByteArray encode(const StreamEvent &event) override;
    QByteArray finish() override;

private:
    /// One output item being streamed.
    struct Item
    {
        ContentBlock block; ///< kind, tool id/name; text/arguments/signature accumulated
        int outputIndex = 0;
        QString id;
    };

    QByteArray start(const QString &id, const QString &model);
    QByteArray openItem(int blockIndex, const ContentBlock &block);
    QByteArray delta(const StreamEvent &event);
    QByteArray closeItem(int blockIndex);
    QByteArray closeAll();
    QByteArray fail(const QString &type, const QString &message);
    QJsonObject response(const QString &status) const;
    QByteArray sendEvent(const QString &type, QJsonObject data);

    QString m_model;
    QString m_id;
    qint64 m_createdAt = 0;
    bool m_started = false;
    bool m_closed = false; ///< response.completed or response.failed was sent
    int m_sequence = 0;
    QHash<int, Item> m_open; ///< canonical block index → item being streamed
    QJsonArray m_output; ///< finished items, in output order
    int m_nextOutput = 0;
    StopReason m_stop = StopReason::None;
    Usage m_usage;
};

} // namespace switchyard::api::canonical
