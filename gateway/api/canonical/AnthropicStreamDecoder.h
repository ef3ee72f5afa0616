#pragma once

#include "api/canonical/Codec.h"

#include <QHash>

namespace switchyard::api::canonical {

/// Anthropic Messages SSE events → canonical stream events. Blocks the canonical model cannot
/// carry (server tools) are skipped and the rest re-numbered from 0.
class AnthropicStreamDecoder final : public StreamDecoder
{
public:
    QList<StreamEvent> decode(const QByteArray &eventName, const QByteArray &data) override;
    QList<StreamEvent> finish() override;

private:
    QList<StreamEvent> blockStart(const QJsonObject &json);
    QList<StreamEvent> blockDelta(const QJsonObject &json) const;
    StreamEvent messageDelta(const QJsonObject &json) const;
    StreamEvent error(const QString &type, const QString &message);

    QHash<qint64, int> m_indexes; // upstream block index → canonical index
    int m_nextIndex = 0;
    Usage m_startUsage; // message_start's input and cache counts, repeated in MessageDelta
    bool m_ended = false; // message_stop or error seen
};

} // namespace switchyard::api::canonical
