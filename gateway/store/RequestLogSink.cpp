#include "RequestLogSink.h"

#include "store/SqlUtil.h"
#include "store/Transaction.h"

#include <QHash>

#include <iterator>

using namespace Qt::StringLiterals;

namespace switchyard::store {

namespace {

/// One daily_aggregates row's increments, summed over a batch before the UPSERT.
struct AggregateDelta
{
    qint64 requests = 0;
    qint64 errors = 0;
    qint64 tokensIn = 0;
    qint64 tokensOut = 0;
    qint64 tokensCached = 0;
    qint64 tokensReasoning = 0;
    double costUsd = 0;
    qint64 latencyMsSum = 0;
    qint64 cacheHits = 0;
};

/// The primary key of daily_aggregates.
struct AggregateKey
{
    QString day;
    QString provider;
    QString model;
    QString route;

    friend bool operator==(const AggregateKey &, const AggregateKey &) = default;
    friend size_t qHash(const AggregateKey &k, size_t seed = 0)
    {
        return qHashMulti(seed, k.day, k.provider, k.model, k.route);
    }
};

const QString kInsertLog = u"INSERT INTO request_log (request_id, started_at_ms, endpoint, "
                           "requested_model, route, rule_reason, strategy, attempts, provider, "
                           "model, status, error_code, stream, inbound_api, token_name, "
                           "tokens_in, tokens_out, tokens_cached, tokens_cache_write, "
                           "tokens_reasoning, usage_known, cost_usd, price_version, cost_known, "
                           "cache_hit, latency_ms, ttft_ms, bytes_in, bytes_out, request_body, "
                           "response_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                           "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;

const QString kUpsertAggregate
    = u"INSERT INTO daily_aggregates (day, provider, model, route, requests, errors, tokens_in, "
      "tokens_out, tokens_cached, tokens_reasoning, cost_usd, latency_ms_sum, cache_hits) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (day, provider, model, route) DO UPDATE SET "
      "requests = requests + excluded.requests, errors = errors + excluded.errors, "
      "tokens_in = tokens_in + excluded.tokens_in, tokens_out = tokens_out + excluded.tokens_out, "
      "tokens_cached = tokens_cached + excluded.tokens_cached, "
      "tokens_reasoning = tokens_reasoning + excluded.tokens_reasoning, "
      "cost_usd = cost_usd + excluded.cost_usd, "
      "latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum, "
      "cache_hits = cache_hits + excluded.cache_hits"_s;

} // namespace

RequestLogSink::RequestLogSink(std::unique_ptr<Database> db) : m_db(std::move(db)) { }

RequestLogSink::~RequestLogSink() = default;

Result<std::unique_ptr<RequestLogSink>> RequestLogSink::open(const QString &path)
{
    Result<std::unique_ptr<Database>> db = Database::open(path, Database::Mode::ReadWrite);
    if (!db)
        return db.error();
    std::unique_ptr<RequestLogSink> sink(new RequestLogSink(std::move(*db)));
    if (Status status = sink->prepare(); !status)
        return status.error();
    return sink;
}

Status RequestLogSink::prepare()
{
    QSqlDatabase &c = m_db->connection();
    // The log's four indexes are updated at random places: a bigger page cache than SQLite's
    // 2 MiB default saves re-reading their pages from the file on every batch.
    if (Status status = execSql(c, u"PRAGMA cache_size = -16384"_s); !status)
        return status;
    const std::pair<QSqlQuery *, QString> statements[] = {
        { &m_insertLog, kInsertLog },
        { &m_upsertAggregate, kUpsertAggregate },
        { &m_upsertCache,
          u"INSERT OR REPLACE INTO cache_entries (key, created_ms, expires_ms, inbound_format, "
          "stream, model, status, content_type, body, bytes) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s },
        { &m_deleteCache, u"DELETE FROM cache_entries WHERE key = ?"_s },
    };
    for (const auto &[query, sql] : statements) {
        *query = QSqlQuery(c);
        if (!query->prepare(sql))
            return sqlError(u"preparing the request-log writer"_s, query->lastError());
    }
    return {};
}

Result<qint64> RequestLogSink::write(const std::vector<WriteJob> &jobs)
{
    Transaction transaction(m_db->connection());
    if (Status status = transaction.begin(); !status)
        return status.error();
    qint64 rows = 0;
    QHash<AggregateKey, AggregateDelta> aggregates;
    for (const WriteJob &job : jobs) {
        Status status;
        if (const auto *record = std::get_if<base::RequestRecord>(&job)) {
            status = insertRecord(*record);
            ++rows;
            AggregateDelta &d
                = aggregates[AggregateKey { m_codec.dayOf(record->startedAtMs), record->provider,
                                            record->model, record->route }];
            ++d.requests;
            d.errors += record->status >= 400 ? 1 : 0;
            d.tokensIn += record->tokensIn;
            d.tokensOut += record->tokensOut;
            d.tokensCached += record->tokensCached;
            d.tokensReasoning += record->tokensReasoning;
            d.costUsd += record->costUsd;
            d.latencyMsSum += record->latencyMs;
            d.cacheHits += record->cacheHit ? 1 : 0;
        } else if (const auto *entry = std::get_if<CacheEntryRow>(&job)) {
            status = insertCacheEntry(*entry);
        } else {
            status = removeCacheEntry(std::get<CacheRemoval>(job));
        }
        if (!status)
            return status.error();
    }
    QSqlQuery &q = m_upsertAggregate;
    for (auto it = aggregates.cbegin(); it != aggregates.cend(); ++it) {
        const AggregateKey &k = it.key();
        const AggregateDelta &d = it.value();
        const QVariant values[]
            = { k.day,     text(k.provider), text(k.model), text(k.route),  d.requests,
                d.errors,  d.tokensIn,       d.tokensOut,   d.tokensCached, d.tokensReasoning,
                d.costUsd, d.latencyMsSum,   d.cacheHits };
        for (int i = 0; i < int(std::size(values)); ++i)
            q.bindValue(i, values[i]);
        if (!q.exec())
            return sqlError(u"updating daily_aggregates"_s, q.lastError());
    }
    if (Status status = transaction.commit(); !status)
        return status.error();
    return rows;
}

Status RequestLogSink::insertRecord(const base::RequestRecord &r)
{
    QSqlQuery &q = m_insertLog;
    int i = 0;
    q.bindValue(i++, QString::fromLatin1(r.requestId));
    q.bindValue(i++, r.startedAtMs);
    q.bindValue(i++, text(r.endpoint));
    q.bindValue(i++, text(r.requestedModel));
    q.bindValue(i++, text(r.route));
    q.bindValue(i++, text(r.ruleReason));
    q.bindValue(i++, text(r.strategy));
    q.bindValue(i++, RecordCodec::attemptsToJson(r.attempts));
    q.bindValue(i++, text(r.provider));
    q.bindValue(i++, text(r.model));
    q.bindValue(i++, r.status);
    q.bindValue(i++, text(r.errorCode));
    q.bindValue(i++, r.stream);
    q.bindValue(i++, text(r.inboundApi));
    q.bindValue(i++, text(r.tokenName));
    q.bindValue(i++, r.tokensIn);
    q.bindValue(i++, r.tokensOut);
    q.bindValue(i++, r.tokensCached);
    q.bindValue(i++, r.tokensCacheWrite);
    q.bindValue(i++, r.tokensReasoning);
    q.bindValue(i++, r.usageKnown);
    q.bindValue(i++, r.costUsd);
    q.bindValue(i++, text(r.priceVersion));
    q.bindValue(i++, r.costKnown);
    q.bindValue(i++, r.cacheHit);
    q.bindValue(i++, r.latencyMs);
    q.bindValue(i++, r.ttftMs);
    q.bindValue(i++, r.bytesIn);
    q.bindValue(i++, r.bytesOut);
    q.bindValue(i++, blobOrNull(r.requestBody));
    q.bindValue(i++, blobOrNull(r.responseBody));
    if (!q.exec())
        return sqlError(u"writing request_log"_s, q.lastError());
    return {};
}

Status RequestLogSink::insertCacheEntry(const CacheEntryRow &e)
{
    QSqlQuery &q = m_upsertCache;
    const QVariant values[] = { text(e.key),
                                e.createdMs,
                                e.expiresMs,
                                text(e.inboundFormat),
                                e.stream,
                                text(e.model),
                                e.status,
                                text(e.contentType),
                                e.body.isNull() ? QByteArray(""_ba) : e.body,
                                qint64(e.body.size()) };
    for (int i = 0; i < int(std::size(values)); ++i)
        q.bindValue(i, values[i]);
    if (!q.exec())
        return sqlError(u"writing cache_entries"_s, q.lastError());
    return {};
}

Status RequestLogSink::removeCacheEntry(const CacheRemoval &r)
{
    m_deleteCache.bindValue(0, text(r.key));
    if (!m_deleteCache.exec())
        return sqlError(u"deleting from cache_entries"_s, m_deleteCache.lastError());
    return {};
}

} // namespace switchyard::store
