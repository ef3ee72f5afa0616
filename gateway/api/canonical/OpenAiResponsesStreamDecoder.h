#pragma once

#include "api/canonical/Codec.h"

#include <QHash>

namespace switchyard::api::canonical {

/// An upstream's Responses SSE events → canonical events. Output items become blocks
/// (message → Text, reasoning → Thinking, function_call → ToolUse); response.completed /
/// response.incomplete end the message, response.failed and error become Error.
class OpenAiResponsesStreamDecoder final : public StreamDecoder
{
public:
    QList<StreamEvent> decode(const QByteArray &eventName, const QByteArray &data) override;
    QList<StreamEvent> finish() override;

private:
    void itemAdded(const QJsonObject &data, QList<StreamEvent> &out);
    void itemDone(const QJsonObject &data, QList<StreamEvent> &out);
    void delta(StreamEvent::Kind kind, const QJsonObject &data, QList<StreamEvent> &out);
    void completed(const QJsonObject &response, QList<StreamEvent> &out);
    void closeAll(QList<StreamEvent> &out);

    struct Block
    {
        int index = 0;
        ContentBlock::Kind kind = ContentBlock::Kind::Text;
        bool gotArguments = false;
    };
    QHash<int, Block> m_blocks; ///< open blocks by output_index
    int m_nextBlock = 0;
    bool m_started = false;
    bool m_done = false;
    bool m_calledTool = false;
};

} // namespace switchyard::api::canonical
