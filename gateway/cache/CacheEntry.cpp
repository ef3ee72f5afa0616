#include "CacheEntry.h"

#include <array>
#include <utility>

namespace switchyard::cache {

namespace {

// Rough per-entry and per-event bookkeeping (list nodes, hash slot, QByteArray headers).
constexpr qint64 kEntryOverhead = 256;
constexpr qint64 kEventOverhead = 32;

// Length of the line end starting at s[i] (CRLF counts as one), or 0.
qsizetype lineEndAt(QByteArrayView s, qsizetype i)
{
    if (s[i] == '\n')
        return 1;
    if (s[i] == '\r')
        return i + 1 < s.size() && s[i + 1] == '\n' ? 2 : 1;
    return 0;
}

// Appends the complete events at the front of \a bytes to \a events (each up to and including
// its blank line) and returns where the first incomplete byte starts.
qsizetype completeEventsEnd(QByteArrayView bytes, QList<QByteArray> *events)
{
    qsizetype eventStart = 0;
    qsizetype lineStart = 0;
    qsizetype i = 0;
    while (i < bytes.size()) {
        const qsizetype ending = lineEndAt(bytes, i);
        if (ending == 0) {
            ++i;
            continue;
        }
        const bool blankLine = i == lineStart;
        i += ending;
        lineStart = i;
        if (blankLine) {
            events->append(bytes.sliced(eventStart, i - eventStart).toByteArray());
            eventStart = i;
        }
    }
    return eventStart;
}

const std::array<std::pair<base::WireFormat, QStringView>, 6> &formatNames()
{
    static const std::array<std::pair<base::WireFormat, QStringView>, 6> names { {
        { base::WireFormat::OpenAiChat, u"openai_chat" },
        { base::WireFormat::OpenAiCompletions, u"openai_completions" },
        { base::WireFormat::OpenAiEmbeddings, u"openai_embeddings" },
        { base::WireFormat::AnthropicMessages, u"anthropic_messages" },
        { base::WireFormat::OpenAiResponses, u"openai_responses" },
        { base::WireFormat::OllamaChat, u"ollama_chat" },
    } };
    return names;
}

} // namespace

qint64 CacheEntry::bytes() const
{
    qint64 total = kEntryOverhead + key.size() + contentType.size() + body.size()
        + 2 * (model.size() + provider.size());
    for (const QByteArray &event : events)
        total += kEventOverhead + event.size();
    return total;
}

QByteArray CacheEntry::storedBody() const
{
    return stream ? joinEvents(events) : body;
}

bool CacheEntry::isValid() const
{
    if (key.isEmpty() || status < 200 || status > 299)
        return false;
    if (!stream)
        return true;
    if (events.isEmpty())
        return false;
    for (const QByteArray &event : events) {
        if (!isCompleteEvent(event))
            return false;
    }
    return true;
}

QList<QByteArray> splitEvents(QByteArrayView bytes)
{
    QList<QByteArray> events;
    const qsizetype end = completeEventsEnd(bytes, &events);
    if (end < bytes.size())
        events.append(bytes.sliced(end).toByteArray());
    return events;
}

QByteArray joinEvents(const QList<QByteArray> &events)
{
    qsizetype size = 0;
    for (const QByteArray &event : events)
        size += event.size();
    QByteArray out;
    out.reserve(size);
    for (const QByteArray &event : events)
        out += event;
    return out;
}

bool isCompleteEvent(QByteArrayView event)
{
    QList<QByteArray> events;
    return completeEventsEnd(event, &events) == event.size() && events.size() == 1;
}

QString formatName(base::WireFormat format)
{
    for (const auto &[f, name] : formatNames()) {
        if (f == format)
            return name.toString();
    }
    return {};
}

std::optional<base::WireFormat> formatFromName(QStringView name)
{
    for (const auto &[f, n] : formatNames()) {
        if (n == name)
            return f;
    }
    return std::nullopt;
}

} // namespace switchyard::cache
