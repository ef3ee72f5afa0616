#pragma once

#include "base/RequestRecord.h"

#include <QMetaType>
#include <QString>

#include <array>
#include <vector>

namespace switchyard::telemetry {

/// What the dashboard shows, once a second: an immutable value, safe to queue across threads.
struct LiveSnapshot
{
    qint64 timestampMs = 0;
    double requestsPerSecond = 0; ///< over the last 10 s
    double errorRate = 0; ///< share of requests with status >= 400 over the last 60 s
    double latencyP50Ms = 0; ///< over the last 60 s; 0 when there were no requests
    double latencyP95Ms = 0;
    double latencyP99Ms = 0;
    double ttftP50Ms = 0; ///< streaming requests over the last 60 s
    qint64 requestsLastMinute = 0;
    double costLastMinuteUsd = 0;
    double costTodayUsd = 0; ///< filled by the owner (budget tracker / store)
    double costMonthUsd = 0;
    qint64 tokensLastMinute = 0;
    int inFlight = 0;
    qint64 requestsTotal = 0;
};

/// Sliding windows over finished requests: per-second slots with log-scale latency
/// histograms, so percentiles cost the same at 1 or 10,000 requests per second.
class LiveStats final
{
public:
    static constexpr int kWindowSeconds = 60;

    void add(const base::RequestRecord &record, qint64 nowMs);
    LiveSnapshot snapshot(qint64 nowMs) const;

private:
    static constexpr int kBuckets = 64; ///< latency buckets: 1 ms · 1.25^i
    struct Slot
    {
        qint64 second = -1;
        qint64 requests = 0;
        qint64 errors = 0;
        qint64 tokens = 0;
        double cost = 0;
        std::array<qint32, kBuckets> latency {};
        std::array<qint32, kBuckets> ttft {};
    };

    static int bucketFor(qint64 ms);
    static double bucketUpperMs(int bucket);
    static double percentile(const std::array<qint64, kBuckets> &histogram, qint64 total, double p);
    Slot &slotFor(qint64 second);

    std::array<Slot, kWindowSeconds> m_slots {};
    qint64 m_total = 0;
};

} // namespace switchyard::telemetry

Q_DECLARE_METATYPE(switchyard::telemetry::LiveSnapshot)
