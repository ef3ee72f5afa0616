#pragma once

#include "api/canonical/Codec.h"
#include "api/canonical/StreamBlocks.h"

#include <QJsonObject>

namespace switchyard::api::canonical {

/// Ollama `/api/chat` NDJSON lines (one per decode(), event name empty) → canonical events.
/// Thinking and content chunks become Thinking and Text blocks, one after the other; tool calls
/// arrive whole, so each becomes a complete ToolUse block (start, all arguments, stop). The
/// final `"done": true` line carries the stop reason and the token counts.
class OllamaStreamDecoder final : public StreamDecoder
{
public:
    QList<StreamEvent> decode(const QByteArray &eventName, const QByteArray &data) override;
    QList<StreamEvent> finish() override;

private:
    void decodeMessage(const QJsonObject &message, QList<StreamEvent> &out);
    QList<StreamEvent> error(const QString &type, const QString &message);

    bool m_started = false;
    bool m_done = false; ///< done:true, an error, or the end was reported
    StreamBlocks m_blocks;
    int m_toolCalls = 0; ///< tool calls seen, for their generated ids
};

} // namespace switchyard::api::canonical
