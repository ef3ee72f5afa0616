#include "Outcome.h"

using namespace Qt::StringLiterals;

namespace switchyard::routing {

bool countsAgainstTarget(OutcomeKind kind)
{
    switch (kind) {
    case OutcomeKind::Connect:
    case OutcomeKind::Timeout:
    case OutcomeKind::Http429:
    case OutcomeKind::Http5xx:
    case OutcomeKind::BadResponse:
        return true;
    case OutcomeKind::Success:
    case OutcomeKind::Http4xx:
    case OutcomeKind::ContextLength:
    case OutcomeKind::Cancelled:
        return false;
    }
    return false;
}

QString outcomeKindName(OutcomeKind kind)
{
    switch (kind) {
    case OutcomeKind::Success:
        return u"success"_s;
    case OutcomeKind::Connect:
        return u"connect"_s;
    case OutcomeKind::Timeout:
        return u"timeout"_s;
    case OutcomeKind::Http429:
        return u"429"_s;
    case OutcomeKind::Http5xx:
        return u"5xx"_s;
    case OutcomeKind::Http4xx:
        return u"4xx"_s;
    case OutcomeKind::BadResponse:
        return u"bad_response"_s;
    case OutcomeKind::ContextLength:
        return u"context_length"_s;
    case OutcomeKind::Cancelled:
        return u"cancelled"_s;
    }
    return u"unknown"_s;
}

OutcomeKind classifyHttpError(int status, const QByteArray &body)
{
    if (status == 429)
        return OutcomeKind::Http429;
    if (status >= 500)
        return OutcomeKind::Http5xx;
    // OpenAI says context_length_exceeded; llama.cpp, vLLM, Ollama and Anthropic say it in
    // words, sometimes with a 413 or even a 500 (handled above as 5xx, which also retries).
    const QByteArray lower = body.left(4096).toLower();
    static const char *const markers[]
        = { "context_length_exceeded",       "maximum context length", "context window",
            "exceeds the available context", "prompt is too long",     "too many tokens" };
    for (const char *marker : markers) {
        if (lower.contains(marker))
            return OutcomeKind::ContextLength;
    }
    if (status == 413)
        return OutcomeKind::ContextLength;
    return OutcomeKind::Http4xx;
}

qint64 parseRetryAfterMs(QByteArrayView value)
{
    bool ok = false;
    const double seconds = value.toByteArray().trimmed().toDouble(&ok);
    if (!ok || seconds <= 0)
        return 0;
    return qint64(seconds * 1000);
}

} // namespace switchyard::routing
