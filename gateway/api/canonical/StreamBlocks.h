#pragma once

#include "api/canonical/Canonical.h"

#include <QList>
#include <QString>

namespace switchyard::api::canonical {

/// The content blocks of a stream decoded from plain deltas (OpenAI chat chunks, Ollama lines),
/// opened and closed one after the other as Anthropic requires: a delta of another kind closes
/// the open block and starts the next, numbered in order.
class StreamBlocks final
{
public:
    /// A text or thinking delta for a block of \a kind, opening it first unless it is the open
    /// one. Empty text adds nothing.
    void appendDelta(ContentBlock::Kind kind, const QString &text, QList<StreamEvent> &out);
    /// Closes the open block and starts a tool-use block, which stays open; its index.
    int startTool(const QString &id, const QString &name, QList<StreamEvent> &out);
    /// Stops the open block, if any.
    void close(QList<StreamEvent> &out);

private:
    void open(ContentBlock::Kind kind, QList<StreamEvent> &out);

    bool m_isOpen = false;
    ContentBlock::Kind m_openKind = ContentBlock::Kind::Text;
    int m_openIndex = -1;
    int m_nextIndex = 0;
};

} // namespace switchyard::api::canonical
