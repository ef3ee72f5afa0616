#include "LogReader.h"

#include "store/RecordCodec.h"
#include "store/SqlUtil.h"

#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace switchyard::store {

namespace {

const QString kRowColumns
    = u"id, request_id, started_at_ms, endpoint, requested_model, route, rule_reason, "
      "strategy, attempts, provider, model, status, error_code, stream, inbound_api, "
      "token_name, tokens_in, tokens_out, tokens_cached, tokens_cache_write, tokens_reasoning, "
      "usage_known, cost_usd, price_version, cost_known, cache_hit, latency_ms, ttft_ms, "
      "bytes_in, bytes_out"_s;

LogRow readRow(const QSqlQuery &q, bool withBodies)
{
    LogRow row;
    base::RequestRecord &r = row.record;
    int i = 0;
    row.id = q.value(i++).toLongLong();
    r.requestId = q.value(i++).toString().toLatin1();
    r.startedAtMs = q.value(i++).toLongLong();
    r.endpoint = q.value(i++).toString();
    r.requestedModel = q.value(i++).toString();
    r.route = q.value(i++).toString();
    r.ruleReason = q.value(i++).toString();
    r.strategy = q.value(i++).toString();
    r.attempts = RecordCodec::attemptsFromJson(q.value(i++).toString());
    r.provider = q.value(i++).toString();
    r.model = q.value(i++).toString();
    r.status = q.value(i++).toInt();
    r.errorCode = q.value(i++).toString();
    r.stream = q.value(i++).toBool();
    r.inboundApi = q.value(i++).toString();
    r.tokenName = q.value(i++).toString();
    r.tokensIn = q.value(i++).toLongLong();
    r.tokensOut = q.value(i++).toLongLong();
    r.tokensCached = q.value(i++).toLongLong();
    r.tokensCacheWrite = q.value(i++).toLongLong();
    r.tokensReasoning = q.value(i++).toLongLong();
    r.usageKnown = q.value(i++).toBool();
    r.costUsd = q.value(i++).toDouble();
    r.priceVersion = q.value(i++).toString();
    r.costKnown = q.value(i++).toBool();
    r.cacheHit = q.value(i++).toBool();
    r.latencyMs = q.value(i++).toLongLong();
    r.ttftMs = q.value(i++).toLongLong();
    r.bytesIn = q.value(i++).toLongLong();
    r.bytesOut = q.value(i++).toLongLong();
    if (withBodies) {
        r.requestBody = q.value(i++).toByteArray();
        r.responseBody = q.value(i++).toByteArray();
    }
    return row;
}

} // namespace

LogReader::LogReader(std::unique_ptr<Database> db) : m_db(std::move(db)) { }

LogReader::~LogReader() = default;

Result<std::unique_ptr<LogReader>> LogReader::open(const QString &path)
{
    Result<std::unique_ptr<Database>> db = Database::open(path, Database::Mode::ReadOnly);
    if (!db)
        return db.error();
    return std::unique_ptr<LogReader>(new LogReader(std::move(*db)));
}

Result<QList<LogRow>> LogReader::requests(const LogFilter &filter)
{
    QStringList where;
    QVariantList binds;
    if (filter.sinceMs) {
        where << u"started_at_ms >= ?"_s;
        binds << *filter.sinceMs;
    }
    if (filter.untilMs) {
        where << u"started_at_ms < ?"_s;
        binds << *filter.untilMs;
    }
    if (!filter.model.isEmpty()) {
        where << u"(model = ? OR requested_model = ?)"_s;
        binds << filter.model << filter.model;
    }
    if (!filter.provider.isEmpty()) {
        where << u"provider = ?"_s;
        binds << filter.provider;
    }
    if (filter.afterId > 0) {
        where << u"id > ?"_s;
        binds << filter.afterId;
    }
    QString sql = u"SELECT "_s + kRowColumns
        + (filter.withBodies ? u", request_body, response_body"_s : QString())
        + u" FROM request_log"_s;
    if (!where.isEmpty())
        sql += u" WHERE "_s + where.join(u" AND "_s);
    sql += filter.order == LogFilter::Order::NewestFirst ? u" ORDER BY id DESC"_s
                                                         : u" ORDER BY id ASC"_s;
    if (filter.limit > 0)
        sql += u" LIMIT %1"_s.arg(filter.limit);

    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return sqlError(u"reading request_log"_s, query.lastError());
    for (int i = 0; i < binds.size(); ++i)
        query.bindValue(i, binds.at(i));
    if (!query.exec())
        return sqlError(u"reading request_log"_s, query.lastError());
    QList<LogRow> rows;
    while (query.next())
        rows.append(readRow(query, filter.withBodies));
    if (query.lastError().isValid())
        return sqlError(u"reading request_log"_s, query.lastError());
    query.finish();
    return rows;
}

Result<QList<CacheEntryRow>> LogReader::cacheEntries(qint64 nowMs)
{
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    query.prepare(u"SELECT key, created_ms, expires_ms, inbound_format, stream, model, status, "
                  "content_type, body FROM cache_entries WHERE expires_ms > ? "
                  "ORDER BY created_ms, key"_s);
    query.bindValue(0, nowMs);
    if (!query.exec())
        return sqlError(u"reading cache_entries"_s, query.lastError());
    QList<CacheEntryRow> entries;
    while (query.next()) {
        CacheEntryRow e;
        e.key = query.value(0).toString();
        e.createdMs = query.value(1).toLongLong();
        e.expiresMs = query.value(2).toLongLong();
        e.inboundFormat = query.value(3).toString();
        e.stream = query.value(4).toBool();
        e.model = query.value(5).toString();
        e.status = query.value(6).toInt();
        e.contentType = query.value(7).toString();
        e.body = query.value(8).toByteArray();
        entries.append(e);
    }
    query.finish();
    return entries;
}

QString LogReader::integrityCheck()
{
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    if (!query.exec(u"PRAGMA integrity_check"_s))
        return sqlError(u"integrity_check"_s, query.lastError()).message;
    QStringList problems;
    while (query.next())
        problems.append(query.value(0).toString());
    query.finish();
    return problems.isEmpty() ? u"integrity_check returned nothing"_s : problems.join(u'\n');
}

Result<qint64> LogReader::rowCount()
{
    Result<QVariant> count = scalar(m_db->connection(), u"SELECT count(*) FROM request_log"_s);
    if (!count)
        return count.error();
    return count->toLongLong();
}

} // namespace switchyard::store
