#pragma once

#include "api/canonical/Canonical.h"
#include "api/canonical/Codec.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <utility>

// Helpers the codec golden tests share: JSON literals and their comparison, canonical values
// built in one line, and streams fed through decoders and encoders.
namespace switchyard::tests {

/// The object in a JSON literal of a test; a malformed literal aborts the test.
QJsonObject json(const QByteArray &text);
/// Compact JSON with sorted keys: equal objects give equal bytes and readable diffs.
QByteArray text(const QJsonObject &object);
/// Indented JSON of an object or an array, for readable comparisons.
QString pretty(const QJsonValue &value);

api::canonical::ContentBlock textBlock(const QString &text);
api::canonical::Message message(api::canonical::Role role,
                                const QList<api::canonical::ContentBlock> &content);
api::canonical::StreamEvent ev(api::canonical::StreamEvent::Kind kind, int index = 0,
                               const QString &text = {});
api::canonical::StreamEvent blockStart(int index, api::canonical::ContentBlock::Kind kind,
                                       const QString &id = {}, const QString &name = {});

/// "text", "image", "tool_use", "tool_result", "thinking", "redacted".
QString blockKindName(api::canonical::ContentBlock::Kind kind);
/// "none", "end_turn", "max_tokens", "tool_use", "stop_sequence", "content_filter", "refusal".
QString stopReasonName(api::canonical::StopReason reason);
/// The reverse of stopReasonName(); an unknown name aborts the test.
api::canonical::StopReason stopReasonFromName(QStringView name);
/// Every field of a block on one line (nested tool-result blocks in brackets).
QString describeBlock(const api::canonical::ContentBlock &block);
/// One line per canonical event, for exact sequence comparisons: "MessageStart ID MODEL",
/// "BlockStart I KIND [ID NAME]", "Text I …", "Args I …", "Thinking I …", "Signature I …",
/// "BlockStop I", "MessageDelta REASON", "MessageStop", "Ping", "Error TYPE MESSAGE". Suites
/// append what their format carries (usage, stop sequences).
QString describeEvent(const api::canonical::StreamEvent &e);

/// One upstream stream event as a decoder gets it: the SSE event name (empty for data-only SSE
/// and NDJSON) and the data.
using WireChunk = std::pair<QByteArray, QByteArray>;
/// SSE bytes split into events by the gateway's own parser.
QList<WireChunk> sseChunks(const QByteArray &sse);
/// NDJSON bytes, one chunk per non-empty line.
QList<WireChunk> ndjsonChunks(const QByteArray &ndjson);
/// Data payloads without event names (OpenAI chat chunks).
QList<WireChunk> dataChunks(const QByteArrayList &data);
/// Every event \a decoder makes of \a chunks, then of finish() when \a finish.
QList<api::canonical::StreamEvent> decodeEvents(api::canonical::StreamDecoder &decoder,
                                                const QList<WireChunk> &chunks, bool finish = true);
/// The bytes \a encoder makes of \a events, then of finish() when \a finish.
QByteArray encodeEvents(api::canonical::StreamEncoder &encoder,
                        const QList<api::canonical::StreamEvent> &events, bool finish = true);
/// Each event through \a describe.
QStringList describeEach(const QList<api::canonical::StreamEvent> &events,
                         QString (*describe)(const api::canonical::StreamEvent &));

/// One SSE event (or a data-only event) of an encoder's output, with its data parsed.
struct WireEvent
{
    QByteArray name;
    QByteArray data;
    QJsonObject object; ///< empty when the data is not a JSON object ("[DONE]")
};

/// An encoder's SSE output split into events at blank lines.
QList<WireEvent> parseSse(const QByteArray &bytes);

} // namespace switchyard::tests
