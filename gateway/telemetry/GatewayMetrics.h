#pragma once

#include "base/RequestRecord.h"
#include "telemetry/PrometheusWriter.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <array>

namespace switchyard::telemetry {

/// Values that are read when /metrics is scraped rather than counted per request.
struct MetricsGauges
{
    struct Breaker
    {
        QString target;
        int state = 0; ///< 0 closed, 1 half-open, 2 open
    };
    struct Gpu
    {
        QString index;
        QString name;
        qint64 totalBytes = 0;
        qint64 usedBytes = 0;
    };
    struct Budget
    {
        QString scope;
        QString period;
        double spentUsd = 0;
        double limitUsd = 0;
    };

    int inFlight = 0;
    qint64 logRowsWritten = 0;
    qint64 logRowsDropped = 0;
    qint64 logQueueDepth = 0;
    qint64 cacheEntries = 0;
    qint64 cacheBytes = 0;
    qint64 residentBytes = 0;
    double uptimeSeconds = 0;
    QList<Breaker> breakers;
    QList<Gpu> gpus;
    QList<Budget> budgets;
};

/// Counters and histograms over finished requests, rendered as Prometheus text. Labels are
/// bounded by the config (route, provider, model, status): a client's made-up model name never
/// becomes a label of its own.
class GatewayMetrics final
{
public:
    static constexpr std::array<double, 14> kBuckets
        = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120 };

    void observe(const base::RequestRecord &record);
    /// A request refused before routing (budget, rate limit, auth…): counted by status.
    void observeRejected(const QString &endpoint, int status, const QString &reason);
    void observeCacheLookup(bool hit);

    QByteArray render(const MetricsGauges &gauges) const;

    qint64 requestsTotal() const { return m_requestsTotal; }

private:
    struct Histogram
    {
        std::array<qint64, kBuckets.size()> buckets {};
        qint64 count = 0;
        double sum = 0;

        void add(double seconds);
    };

    static void writeHistogram(PrometheusWriter &out, QByteArrayView name,
                               const QHash<QByteArray, Histogram> &series);

    qint64 m_requestsTotal = 0;
    QHash<QByteArray, qint64> m_requests; ///< labels: endpoint, route, provider, model, status
    QHash<QByteArray, Histogram> m_latency; ///< labels: route, provider, model
    QHash<QByteArray, Histogram> m_ttft;
    QHash<QByteArray, qint64> m_tokens; ///< labels: provider, model, type
    QHash<QByteArray, double> m_cost; ///< labels: provider, model
    QHash<QByteArray, qint64> m_upstreamErrors; ///< labels: provider, kind
    QHash<QByteArray, qint64> m_rejected; ///< labels: endpoint, status, reason
    qint64 m_cacheHits = 0;
    qint64 m_cacheMisses = 0;
    qint64 m_bytesIn = 0;
    qint64 m_bytesOut = 0;
};

} // namespace switchyard::telemetry
