#pragma once

#include "api/canonical/Codec.h"
#include "api/canonical/StreamBlocks.h"

#include <QHash>
#include <QJsonObject>

namespace switchyard::api::canonical {

/// `chat.completion.chunk` SSE payloads (and "[DONE]") from an upstream → canonical events.
/// Blocks are emitted one after the other (Anthropic requires it): new kinds of content close
/// the open block; each tool call index gets its own block.
class OpenAiChatStreamDecoder final : public StreamDecoder
{
public:
    QList<StreamEvent> decode(const QByteArray &eventName, const QByteArray &data) override;
    QList<StreamEvent> finish() override;

private:
    void decodeChoice(const QJsonObject &choice, QList<StreamEvent> &out);
    void decodeToolCall(const QJsonObject &call, QList<StreamEvent> &out);
    /// Block stops and the message delta, once.
    void finishMessage(QList<StreamEvent> &out);
    QList<StreamEvent> error(const QString &type, const QString &message);

    bool m_started = false;
    bool m_deltaSent = false;
    bool m_done = false; ///< [DONE], an error, or the message stop was emitted
    bool m_finishSeen = false;
    StreamBlocks m_blocks;
    QHash<int, int> m_toolBlocks; ///< OpenAI tool call index → canonical block index
    StopReason m_stopReason = StopReason::None;
    Usage m_usage;
};

} // namespace switchyard::api::canonical
