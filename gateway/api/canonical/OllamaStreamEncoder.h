#pragma once

#include "api/canonical/Codec.h"

#include <QHash>
#include <QJsonObject>

namespace switchyard::api::canonical {

/// Canonical events → Ollama `/api/chat` NDJSON lines, for clients that speak Ollama. Text and
/// thinking deltas are written as they come; a tool call is written whole when its block stops
/// (Ollama never streams arguments); MessageStop writes the `"done": true` line with the counts.
class OllamaStreamEncoder final : public StreamEncoder
{
public:
    /// \a created: unix seconds for every line's created_at.
    OllamaStreamEncoder(const Request &request, qint64 created);

    QByteArray encode(const StreamEvent &event) override;
    QByteArray finish() override;

private:
    QByteArray line(const QJsonObject &message, bool done) const;

    QString m_model;
    QString m_createdAt;
    QHash<int, ContentBlock> m_tools; ///< open tool blocks by index, arguments collected
    StopReason m_stopReason = StopReason::EndTurn;
    Usage m_usage;
    bool m_finished = false;
};

} // namespace switchyard::api::canonical
