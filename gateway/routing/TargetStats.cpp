#include "TargetStats.h"

namespace switchyard::routing {

void TargetStats::attemptEnded()
{
    if (m_inFlight > 0)
        --m_inFlight;
}

void TargetStats::recordSuccess(qint64 ttftMs, qint64 totalMs)
{
    ++m_successes;
    update(m_ttft, ttftMs);
    update(m_total, totalMs);
}

void TargetStats::recordFailure(const QString &message, qint64 nowMs)
{
    ++m_failures;
    m_lastError = message;
    m_lastErrorAtMs = nowMs;
}

std::optional<double> TargetStats::latencyMs(bool stream) const
{
    const auto &preferred = stream ? m_ttft : m_total;
    return preferred ? preferred : (stream ? m_total : m_ttft);
}

void TargetStats::update(std::optional<double> &average, qint64 sample)
{
    if (sample < 0)
        return;
    average = average ? alpha * double(sample) + (1 - alpha) * *average : double(sample);
}

} // namespace switchyard::routing
