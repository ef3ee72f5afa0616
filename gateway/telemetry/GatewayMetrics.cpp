#include "GatewayMetrics.h"

using namespace Qt::StringLiterals;

namespace switchyard::telemetry {

namespace {

using Labels = PrometheusWriter::Labels;

QString orDash(const QString &value)
{
    return value.isEmpty() ? u"-"_s : value;
}

/// "provider" part of an attempt target "provider/model".
QString providerOf(const QString &target)
{
    return target.section(u'/', 0, 0);
}

bool isErrorOutcome(const QString &outcome)
{
    bool numeric = false;
    const int status = outcome.toInt(&numeric);
    return !numeric || status >= 400;
}

} // namespace

void GatewayMetrics::Histogram::add(double seconds)
{
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i])
            ++buckets[i];
    }
    ++count;
    sum += seconds;
}

void GatewayMetrics::observe(const base::RequestRecord &r)
{
    ++m_requestsTotal;
    const QString route = orDash(r.route);
    const QString provider = orDash(r.provider);
    const QString model = orDash(r.model);
    ++m_requests[PrometheusWriter::renderLabels({ { "endpoint", r.endpoint },
                                                  { "route", route },
                                                  { "provider", provider },
                                                  { "model", model },
                                                  { "status", QString::number(r.status) } })];
    const QByteArray series = PrometheusWriter::renderLabels(
        { { "route", route }, { "provider", provider }, { "model", model } });
    m_latency[series].add(double(r.latencyMs) / 1000.0);
    if (r.stream && r.ttftMs >= 0)
        m_ttft[series].add(double(r.ttftMs) / 1000.0);
    if (r.usageKnown) {
        const auto addTokens = [&](const char *type, qint64 n) {
            if (n > 0)
                m_tokens[PrometheusWriter::renderLabels({ { "provider", provider },
                                                          { "model", model },
                                                          { "type", QString::fromLatin1(type) } })]
                    += n;
        };
        addTokens("input", r.tokensIn);
        addTokens("output", r.tokensOut);
        addTokens("cached", r.tokensCached);
        addTokens("cache_write", r.tokensCacheWrite);
        addTokens("reasoning", r.tokensReasoning);
    }
    if (r.costKnown && r.costUsd > 0)
        m_cost[PrometheusWriter::renderLabels({ { "provider", provider }, { "model", model } })]
            += r.costUsd;
    for (const base::AttemptRecord &a : r.attempts) {
        if (isErrorOutcome(a.outcome))
            ++m_upstreamErrors[PrometheusWriter::renderLabels(
                { { "provider", providerOf(a.target) }, { "kind", a.outcome } })];
    }
    m_bytesIn += r.bytesIn;
    m_bytesOut += r.bytesOut;
}

void GatewayMetrics::observeRejected(const QString &endpoint, int status, const QString &reason)
{
    ++m_rejected[PrometheusWriter::renderLabels(
        { { "endpoint", endpoint }, { "status", QString::number(status) }, { "reason", reason } })];
}

void GatewayMetrics::observeCacheLookup(bool hit)
{
    ++(hit ? m_cacheHits : m_cacheMisses);
}

void GatewayMetrics::writeHistogram(PrometheusWriter &out, QByteArrayView name,
                                    const QHash<QByteArray, Histogram> &series)
{
    const QByteArray bucket = name.toByteArray() + "_bucket";
    const QByteArray sum = name.toByteArray() + "_sum";
    const QByteArray count = name.toByteArray() + "_count";
    for (auto it = series.cbegin(); it != series.cend(); ++it) {
        // Insert le="…" into the rendered label set: "{a="b"}" -> "{a="b",le="0.1"}".
        const QByteArray base = it.key().chopped(1);
        for (size_t i = 0; i < kBuckets.size(); ++i)
            out.sample(
                bucket,
                QByteArray(base + ",le=\"" + PrometheusWriter::formatValue(kBuckets[i]) + "\"}"),
                double(it->buckets[i]));
        out.sample(bucket, QByteArray(base + ",le=\"+Inf\"}"), double(it->count));
        out.sample(sum, it.key(), it->sum);
        out.sample(count, it.key(), double(it->count));
    }
}

QByteArray GatewayMetrics::render(const MetricsGauges &g) const
{
    PrometheusWriter out;
    out.family("switchyard_requests_total", "counter",
               "Proxied requests by endpoint, route, provider, model and HTTP status.");
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it)
        out.sample("switchyard_requests_total", it.key(), double(it.value()));
    out.family("switchyard_requests_rejected_total", "counter",
               "Requests refused before routing (auth, limits, budgets) by reason.");
    for (auto it = m_rejected.cbegin(); it != m_rejected.cend(); ++it)
        out.sample("switchyard_requests_rejected_total", it.key(), double(it.value()));
    out.family("switchyard_request_duration_seconds", "histogram",
               "Time from request to the last byte of the answer.");
    writeHistogram(out, "switchyard_request_duration_seconds", m_latency);
    out.family("switchyard_time_to_first_token_seconds", "histogram",
               "Streaming requests: time from request to the first byte sent to the client.");
    writeHistogram(out, "switchyard_time_to_first_token_seconds", m_ttft);
    out.family("switchyard_tokens_total", "counter",
               "Tokens reported by upstreams (type: input, output, cached, cache_write, "
               "reasoning; cached and cache_write are part of input, reasoning of output).");
    for (auto it = m_tokens.cbegin(); it != m_tokens.cend(); ++it)
        out.sample("switchyard_tokens_total", it.key(), double(it.value()));
    out.family("switchyard_cost_usd_total", "counter", "What the requests cost, in US dollars.");
    for (auto it = m_cost.cbegin(); it != m_cost.cend(); ++it)
        out.sample("switchyard_cost_usd_total", it.key(), it.value());
    out.family("switchyard_upstream_errors_total", "counter",
               "Failed upstream attempts by provider and kind (HTTP status or failure).");
    for (auto it = m_upstreamErrors.cbegin(); it != m_upstreamErrors.cend(); ++it)
        out.sample("switchyard_upstream_errors_total", it.key(), double(it.value()));
    out.family("switchyard_cache_lookups_total", "counter", "Response cache lookups by result.");
    out.sample("switchyard_cache_lookups_total", Labels { { "result", u"hit"_s } },
               double(m_cacheHits));
    out.sample("switchyard_cache_lookups_total", Labels { { "result", u"miss"_s } },
               double(m_cacheMisses));
    out.family("switchyard_cache_entries", "gauge", "Responses held by the cache.");
    out.sample("switchyard_cache_entries", QByteArrayView(), double(g.cacheEntries));
    out.family("switchyard_cache_bytes", "gauge", "Bytes held by the response cache.");
    out.sample("switchyard_cache_bytes", QByteArrayView(), double(g.cacheBytes));
    out.family("switchyard_http_bytes_total", "counter", "Request and response body bytes.");
    out.sample("switchyard_http_bytes_total", Labels { { "direction", u"in"_s } },
               double(m_bytesIn));
    out.sample("switchyard_http_bytes_total", Labels { { "direction", u"out"_s } },
               double(m_bytesOut));
    out.family("switchyard_breaker_state", "gauge",
               "Circuit breaker per target: 0 closed, 1 half-open, 2 open.");
    for (const auto &b : g.breakers)
        out.sample("switchyard_breaker_state", Labels { { "target", b.target } }, b.state);
    out.family("switchyard_in_flight_requests", "gauge", "Requests being handled now.");
    out.sample("switchyard_in_flight_requests", QByteArrayView(), g.inFlight);
    out.family("switchyard_log_rows_written_total", "counter",
               "Request log rows committed to the store.");
    out.sample("switchyard_log_rows_written_total", QByteArrayView(), double(g.logRowsWritten));
    out.family("switchyard_log_rows_dropped_total", "counter",
               "Request log rows dropped because the writer queue was full.");
    out.sample("switchyard_log_rows_dropped_total", QByteArrayView(), double(g.logRowsDropped));
    out.family("switchyard_log_queue_depth", "gauge", "Request log rows waiting to be written.");
    out.sample("switchyard_log_queue_depth", QByteArrayView(), double(g.logQueueDepth));
    out.family("switchyard_budget_spent_usd", "gauge", "Spend in the current budget period.");
    for (const auto &b : g.budgets)
        out.sample("switchyard_budget_spent_usd",
                   Labels { { "scope", b.scope }, { "period", b.period } }, b.spentUsd);
    out.family("switchyard_budget_limit_usd", "gauge", "Budget limit per period.");
    for (const auto &b : g.budgets)
        out.sample("switchyard_budget_limit_usd",
                   Labels { { "scope", b.scope }, { "period", b.period } }, b.limitUsd);
    out.family("switchyard_gpu_memory_total_bytes", "gauge", "GPU memory per device.");
    for (const auto &gpu : g.gpus)
        out.sample("switchyard_gpu_memory_total_bytes",
                   Labels { { "gpu", gpu.index }, { "name", gpu.name } }, double(gpu.totalBytes));
    out.family("switchyard_gpu_memory_used_bytes", "gauge", "GPU memory in use per device.");
    for (const auto &gpu : g.gpus)
        out.sample("switchyard_gpu_memory_used_bytes",
                   Labels { { "gpu", gpu.index }, { "name", gpu.name } }, double(gpu.usedBytes));
    out.family("switchyard_process_resident_memory_bytes", "gauge",
               "Resident memory of the Switchyard process.");
    out.sample("switchyard_process_resident_memory_bytes", QByteArrayView(),
               double(g.residentBytes));
    out.family("switchyard_uptime_seconds", "gauge", "Seconds since the gateway started.");
    out.sample("switchyard_uptime_seconds", QByteArrayView(), g.uptimeSeconds);
    return out.text();
}

} // namespace switchyard::telemetry
