#pragma once

#include "api/canonical/Codec.h"

#include <QHash>

namespace switchyard::api::canonical {

/// Canonical stream events → Anthropic Messages SSE (`event: NAME\ndata: {json}\n\n`).
/// Whatever order the canonical events come in, the output follows Anthropic's sequence:
/// message_start first, one content block open at a time with indexes numbered from 0 in
/// start order, blocks closed before message_delta, one message_delta and one message_stop.
class AnthropicStreamEncoder final : public StreamEncoder
{
public:
    /// \a model: what the client asked for, shown in message_start (upstream's if empty).
    explicit AnthropicStreamEncoder(const QString &model);

    QByteArray encode(const StreamEvent &event) override;
    QByteArray finish() override;

private:
    QByteArray ensureStarted();
    QByteArray messageStart(const StreamEvent &event);
    QByteArray openBlock(int index, const ContentBlock &block);
    QByteArray closeBlock();
    QByteArray delta(const StreamEvent &event);
    QByteArray messageDelta(const StreamEvent &event);
    QByteArray messageStop();
    QByteArray error(const StreamEvent &event);

    QString m_model;
    QHash<int, ContentBlock> m_blocks; // canonical index → block as it started
    int m_openIndex = -1; // canonical index of the open block, -1 if none
    int m_openOutput = -1; // its index on the wire
    int m_nextOutput = 0;
    bool m_started = false;
    bool m_deltaSent = false;
    bool m_ended = false;
    bool m_sawToolUse = false;
};

} // namespace switchyard::api::canonical
