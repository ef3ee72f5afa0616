#include "SseParser.h"

namespace switchyard::api {

namespace {

// Length of the line ending at s[i] (1 or 2 bytes), or 0 if s[i] does not end a line.
// A CR at the very end is ambiguous (CRLF may follow) and counts as "not yet".
int lineEndAt(QByteArrayView s, qsizetype i)
{
    if (s[i] == '\n')
        return 1;
    if (s[i] == '\r') {
        if (i + 1 >= s.size())
            return -1;
        return s[i + 1] == '\n' ? 2 : 1;
    }
    return 0;
}

SseEvent parseEvent(QByteArrayView block)
{
    SseEvent event;
    event.raw = block.toByteArray();
    bool firstData = true;
    qsizetype pos = 0;
    while (pos < block.size()) {
        qsizetype end = pos;
        int ending = 0;
        while (end < block.size() && (ending = lineEndAt(block, end)) == 0)
            ++end;
        QByteArrayView line = block.sliced(pos, end - pos);
        pos = end + std::max(ending, 1);
        if (line.isEmpty() || line.front() == ':')
            continue;
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView field = colon < 0 ? line : line.first(colon);
        QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
        if (field == "data") {
            if (!firstData)
                event.data += '\n';
            event.data += value.toByteArray();
            firstData = false;
        } else if (field == "event") {
            event.event = value.toByteArray();
        }
    }
    return event;
}

} // namespace

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> events;
    m_buffer.append(bytes.data(), bytes.size());
    qsizetype eventStart = 0;
    qsizetype i = m_scanned;
    bool previousWasLineEnd = false;
    // Re-establish whether the byte before m_scanned ended a line.
    if (i > 0) {
        const char before = m_buffer[i - 1];
        previousWasLineEnd = before == '\n' || before == '\r';
        if (before == '\r' && i < m_buffer.size() && m_buffer[i] == '\n') {
            previousWasLineEnd = false; // the LF completes the same CRLF
        }
    }
    while (i < m_buffer.size()) {
        const int ending = lineEndAt(m_buffer, i);
        if (ending < 0)
            break; // trailing CR: wait for more
        if (ending == 0) {
            previousWasLineEnd = false;
            ++i;
            continue;
        }
        const bool blankLine = previousWasLineEnd || i == eventStart;
        i += ending;
        if (blankLine) {
            const QByteArrayView block
                = QByteArrayView(m_buffer).sliced(eventStart, i - eventStart);
            SseEvent event = parseEvent(block);
            if (!event.data.isEmpty() || !event.event.isEmpty())
                events.append(std::move(event));
            eventStart = i;
            previousWasLineEnd = false;
        } else {
            previousWasLineEnd = true;
        }
    }
    m_buffer.remove(0, eventStart);
    m_scanned = i - eventStart;
    if (m_buffer.size() > m_maxEventBytes)
        m_overflowed = true;
    return events;
}

} // namespace switchyard::api
