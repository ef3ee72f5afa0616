#pragma once

#include <QString>

#include <optional>

namespace switchyard::routing {

/// Latency and load of one target: EWMAs of successful requests only (a failure's latency
/// says nothing about how fast an answer would be), requests in flight, the last error.
class TargetStats final
{
public:
    /// Weight of the newest sample: 0.3 follows a degrading target within a few requests.
    static constexpr double alpha = 0.3;

    void attemptStarted() { ++m_inFlight; }
    void attemptEnded();
    /// \a ttftMs or \a totalMs < 0 means not measured and leaves that average alone.
    void recordSuccess(qint64 ttftMs, qint64 totalMs);
    void recordFailure(const QString &message, qint64 nowMs);

    std::optional<double> ewmaTtftMs() const { return m_ttft; }
    std::optional<double> ewmaTotalMs() const { return m_total; }
    /// The average the latency strategy compares: ttft for streams, else total (either
    /// falls back to the other).
    std::optional<double> latencyMs(bool stream) const;
    int inFlight() const { return m_inFlight; }
    qint64 successes() const { return m_successes; }
    qint64 failures() const { return m_failures; }
    const QString &lastError() const { return m_lastError; }
    /// Clock time of the last error, -1 if none.
    qint64 lastErrorAtMs() const { return m_lastErrorAtMs; }

private:
    static void update(std::optional<double> &average, qint64 sample);

    std::optional<double> m_ttft;
    std::optional<double> m_total;
    int m_inFlight = 0;
    qint64 m_successes = 0;
    qint64 m_failures = 0;
    QString m_lastError;
    qint64 m_lastErrorAtMs = -1;
};

} // namespace switchyard::routing
