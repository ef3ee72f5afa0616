#pragma once

#include "base/WireFormat.h"

#include <QByteArrayView>
#include <QJsonObject>

namespace switchyard::base {
struct RequestRecord;
}

namespace switchyard::api {

/// Reads token usage out of an upstream's answer in that upstream's own format, buffered or
/// streamed, without parsing more than the usage object. Normalises to the request log's
/// convention: tokensIn counts every prompt token (OpenAI's prompt_tokens already does;
/// Anthropic's input_tokens leaves cache reads and writes out, so they are added).
class UsageMeter final
{
public:
    struct Counts
    {
        qint64 in = 0;
        qint64 out = 0;
        qint64 cached = 0;
        qint64 cacheWrite = 0;
        qint64 reasoning = 0;
    };

    explicit UsageMeter(base::WireFormat upstream = base::WireFormat::OpenAiChat)
        : m_format(upstream)
    {
    }

    /// Starts over for a new attempt, possibly in another format.
    void reset(base::WireFormat upstream);
    /// A whole JSON response body.
    void addResponse(QByteArrayView body);
    /// One SSE event (name may be empty) or one NDJSON line (Ollama).
    void addEvent(QByteArrayView event, QByteArrayView data);

    bool known() const { return m_known; }
    const Counts &counts() const { return m_counts; }
    /// Copies the counts into the record's token fields.
    void applyTo(base::RequestRecord &record) const;

private:
    void readOpenAi(const QJsonObject &usage);
    void readResponses(const QJsonObject &usage);
    void readAnthropic(const QJsonObject &usage);
    void readOllama(const QJsonObject &object);

    base::WireFormat m_format;
    Counts m_counts;
    qint64 m_anthropicInput = 0; ///< input_tokens without the cache parts
    bool m_known = false;
};

} // namespace switchyard::api
