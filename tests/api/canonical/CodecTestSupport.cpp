#include "CodecTestSupport.h"

#include "api/SseParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QtGlobal>

using namespace Qt::StringLiterals;
using namespace switchyard::api::canonical;

namespace switchyard::tests {

QJsonObject json(const QByteArray &text)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON literal in test: %s", qPrintable(error.errorString()));
    return document.object();
}

QByteArray text(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString pretty(const QJsonValue &value)
{
    return QString::fromUtf8(value.isArray()
                                 ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)
                                 : QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
}

ContentBlock textBlock(const QString &text)
{
    ContentBlock block;
    block.text = text;
    return block;
}

Message message(Role role, const QList<ContentBlock> &content)
{
    Message out;
    out.role = role;
    out.content = content;
    return out;
}

StreamEvent ev(StreamEvent::Kind kind, int index, const QString &text)
{
    StreamEvent out;
    out.kind = kind;
    out.index = index;
    out.text = text;
    return out;
}

StreamEvent blockStart(int index, ContentBlock::Kind kind, const QString &id, const QString &name)
{
    StreamEvent out = ev(StreamEvent::Kind::BlockStart, index);
    out.block.kind = kind;
    out.block.toolId = id;
    out.block.toolName = name;
    return out;
}

QString blockKindName(ContentBlock::Kind kind)
{
    switch (kind) {
    case ContentBlock::Kind::Text:
        return u"text"_s;
    case ContentBlock::Kind::Image:
        return u"image"_s;
    case ContentBlock::Kind::ToolUse:
        return u"tool_use"_s;
    case ContentBlock::Kind::ToolResult:
        return u"tool_result"_s;
    case ContentBlock::Kind::Thinking:
        return u"thinking"_s;
    case ContentBlock::Kind::RedactedThinking:
        return u"redacted"_s;
    }
    return {};
}

QString stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::None:
        return u"none"_s;
    case StopReason::EndTurn:
        return u"end_turn"_s;
    case StopReason::MaxTokens:
        return u"max_tokens"_s;
    case StopReason::ToolUse:
        return u"tool_use"_s;
    case StopReason::StopSequence:
        return u"stop_sequence"_s;
    case StopReason::ContentFilter:
        return u"content_filter"_s;
    case StopReason::Refusal:
        return u"refusal"_s;
    }
    return u"?"_s;
}

StopReason stopReasonFromName(QStringView name)
{
    for (StopReason reason :
         { StopReason::None, StopReason::EndTurn, StopReason::MaxTokens, StopReason::ToolUse,
           StopReason::StopSequence, StopReason::ContentFilter, StopReason::Refusal }) {
        if (name == stopReasonName(reason))
            return reason;
    }
    qFatal("unknown stop reason in test");
}

QString describeBlock(const ContentBlock &b)
{
    QString line = blockKindName(b.kind) % u' ' % b.text;
    if (b.kind == ContentBlock::Kind::ToolUse || b.kind == ContentBlock::Kind::ToolResult)
        line += u" id="_s % b.toolId % u" name="_s % b.toolName % u" args="_s % b.toolArguments;
    if (!b.signature.isEmpty())
        line += u" sig="_s % b.signature;
    if (!b.imageUrl.isEmpty() || !b.imageData.isEmpty())
        line += u" url="_s % b.imageUrl % u" data="_s % QString::fromLatin1(b.imageData)
            % u" media="_s % b.mediaType;
    for (const ContentBlock &nested : b.toolResult)
        line += u" [" % describeBlock(nested) % u']';
    return line;
}

QString describeEvent(const StreamEvent &e)
{
    const QString index = QString::number(e.index);
    switch (e.kind) {
    case StreamEvent::Kind::MessageStart:
        return u"MessageStart "_s % e.id % u' ' % e.model;
    case StreamEvent::Kind::BlockStart:
        return u"BlockStart "_s % index % u' ' % blockKindName(e.block.kind)
            % (e.block.toolId.isEmpty() ? QString()
                                        : u' ' % e.block.toolId % u' ' % e.block.toolName);
    case StreamEvent::Kind::TextDelta:
        return u"Text "_s % index % u' ' % e.text;
    case StreamEvent::Kind::ToolArgsDelta:
        return u"Args "_s % index % u' ' % e.text;
    case StreamEvent::Kind::ThinkingDelta:
        return u"Thinking "_s % index % u' ' % e.text;
    case StreamEvent::Kind::SignatureDelta:
        return u"Signature "_s % index % u' ' % e.text;
    case StreamEvent::Kind::BlockStop:
        return u"BlockStop "_s % index;
    case StreamEvent::Kind::MessageDelta:
        return u"MessageDelta "_s % stopReasonName(e.stopReason);
    case StreamEvent::Kind::MessageStop:
        return u"MessageStop"_s;
    case StreamEvent::Kind::Ping:
        return u"Ping"_s;
    case StreamEvent::Kind::Error:
        return u"Error "_s % e.errorType % u' ' % e.errorMessage;
    }
    return {};
}

QList<WireChunk> sseChunks(const QByteArray &sse)
{
    api::SseParser parser;
    QList<WireChunk> chunks;
    for (const api::SseEvent &event : parser.feed(sse))
        chunks.append({ event.event, event.data });
    return chunks;
}

QList<WireChunk> ndjsonChunks(const QByteArray &ndjson)
{
    QByteArrayList lines = ndjson.split('\n');
    lines.removeAll(QByteArray());
    return dataChunks(lines);
}

QList<WireChunk> dataChunks(const QByteArrayList &data)
{
    QList<WireChunk> chunks;
    for (const QByteArray &payload : data)
        chunks.append({ QByteArray(), payload });
    return chunks;
}

QList<StreamEvent> decodeEvents(StreamDecoder &decoder, const QList<WireChunk> &chunks, bool finish)
{
    QList<StreamEvent> events;
    for (const auto &[name, data] : chunks)
        events += decoder.decode(name, data);
    if (finish)
        events += decoder.finish();
    return events;
}

QByteArray encodeEvents(StreamEncoder &encoder, const QList<StreamEvent> &events, bool finish)
{
    QByteArray out;
    for (const StreamEvent &event : events)
        out += encoder.encode(event);
    if (finish)
        out += encoder.finish();
    return out;
}

QStringList describeEach(const QList<StreamEvent> &events, QString (*describe)(const StreamEvent &))
{
    QStringList lines;
    for (const StreamEvent &event : events)
        lines.append(describe(event));
    return lines;
}

QList<WireEvent> parseSse(const QByteArray &bytes)
{
    QList<WireEvent> events;
    WireEvent current;
    const auto flush = [&events, &current] {
        if (!current.data.isEmpty() || !current.name.isEmpty()) {
            current.object = QJsonDocument::fromJson(current.data).object();
            events.append(current);
        }
        current = {};
    };
    for (const QByteArray &line : bytes.split('\n')) {
        if (line.isEmpty())
            flush();
        else if (line.startsWith("event: "))
            current.name = line.mid(7);
        else if (line.startsWith("data: "))
            current.data = line.mid(6);
    }
    flush();
    return events;
}

} // namespace switchyard::tests
