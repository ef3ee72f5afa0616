#include "LiveStats.h"

#include <cmath>

namespace switchyard::telemetry {

int LiveStats::bucketFor(qint64 ms)
{
    if (ms <= 1)
        return 0;
    const int bucket = int(std::ceil(std::log(double(ms)) / std::log(1.25)));
    return qBound(0, bucket, kBuckets - 1);
}

double LiveStats::bucketUpperMs(int bucket)
{
    return std::pow(1.25, bucket);
}

LiveStats::Slot &LiveStats::slotFor(qint64 second)
{
    Slot &slot = m_slots[size_t(second % kWindowSeconds)];
    if (slot.second != second)
        slot = Slot { second, 0, 0, 0, 0, {}, {} };
    return slot;
}

void LiveStats::add(const base::RequestRecord &record, qint64 nowMs)
{
    Slot &slot = slotFor(nowMs / 1000);
    ++slot.requests;
    ++m_total;
    if (record.status >= 400)
        ++slot.errors;
    if (record.usageKnown)
        slot.tokens += record.tokensIn + record.tokensOut;
    if (record.costKnown)
        slot.cost += record.costUsd;
    ++slot.latency[size_t(bucketFor(record.latencyMs))];
    if (record.stream && record.ttftMs >= 0)
        ++slot.ttft[size_t(bucketFor(record.ttftMs))];
}

double LiveStats::percentile(const std::array<qint64, kBuckets> &histogram, qint64 total, double p)
{
    if (total <= 0)
        return 0;
    const qint64 rank = qint64(std::ceil(p * double(total)));
    qint64 seen = 0;
    for (int i = 0; i < kBuckets; ++i) {
        seen += histogram[size_t(i)];
        if (seen >= rank)
            return bucketUpperMs(i);
    }
    return bucketUpperMs(kBuckets - 1);
}

LiveSnapshot LiveStats::snapshot(qint64 nowMs) const
{
    LiveSnapshot s;
    s.timestampMs = nowMs;
    s.requestsTotal = m_total;
    const qint64 now = nowMs / 1000;
    std::array<qint64, kBuckets> latency {};
    std::array<qint64, kBuckets> ttft {};
    qint64 errors = 0;
    qint64 ttftCount = 0;
    qint64 recent = 0;
    for (const Slot &slot : m_slots) {
        // The current second is still filling up: rates use the 10 full seconds before it.
        if (slot.second < 0 || slot.second > now || now - slot.second >= kWindowSeconds)
            continue;
        s.requestsLastMinute += slot.requests;
        errors += slot.errors;
        s.tokensLastMinute += slot.tokens;
        s.costLastMinuteUsd += slot.cost;
        if (slot.second < now && now - slot.second <= 10)
            recent += slot.requests;
        for (int i = 0; i < kBuckets; ++i) {
            latency[size_t(i)] += slot.latency[size_t(i)];
            ttft[size_t(i)] += slot.ttft[size_t(i)];
            ttftCount += slot.ttft[size_t(i)];
        }
    }
    s.requestsPerSecond = double(recent) / 10.0;
    s.errorRate = s.requestsLastMinute > 0 ? double(errors) / double(s.requestsLastMinute) : 0;
    s.latencyP50Ms = percentile(latency, s.requestsLastMinute, 0.50);
    s.latencyP95Ms = percentile(latency, s.requestsLastMinute, 0.95);
    s.latencyP99Ms = percentile(latency, s.requestsLastMinute, 0.99);
    s.ttftP50Ms = percentile(ttft, ttftCount, 0.50);
    return s;
}

} // namespace switchyard::telemetry
