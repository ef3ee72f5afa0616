#include "StreamBlocks.h"

namespace switchyard::api::canonical {

void StreamBlocks::appendDelta(ContentBlock::Kind kind, const QString &text,
                               QList<StreamEvent> &out)
{
    if (text.isEmpty())
        return;
    if (!m_isOpen || m_openKind != kind)
        open(kind, out);
    out.append(makeEvent(kind == ContentBlock::Kind::Thinking ? StreamEvent::Kind::ThinkingDelta
                                                              : StreamEvent::Kind::TextDelta,
                         m_openIndex, text));
}

int StreamBlocks::startTool(const QString &id, const QString &name, QList<StreamEvent> &out)
{
    open(ContentBlock::Kind::ToolUse, out);
    out.last().block.toolId = id;
    out.last().block.toolName = name;
    return m_openIndex;
}

void StreamBlocks::close(QList<StreamEvent> &out)
{
    if (!m_isOpen)
        return;
    out.append(makeEvent(StreamEvent::Kind::BlockStop, m_openIndex));
    m_isOpen = false;
    m_openIndex = -1;
}

void StreamBlocks::open(ContentBlock::Kind kind, QList<StreamEvent> &out)
{
    close(out);
    m_isOpen = true;
    m_openKind = kind;
    m_openIndex = m_nextIndex++;
    StreamEvent start = makeEvent(StreamEvent::Kind::BlockStart, m_openIndex);
    start.block.kind = kind;
    out.append(start);
}

} // namespace switchyard::api::canonical
