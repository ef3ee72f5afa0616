#include "StoreTestData.h"
#include "store/LogReader.h"
#include "store/RecordCodec.h"
#include "store/RequestLogWriter.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMap>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::store;

namespace {

QStringList g_storeWarnings;
QtMessageHandler g_previousHandler = nullptr;

void captureStoreWarnings(QtMsgType type, const QMessageLogContext &context, const QString &msg)
{
    if (type == QtWarningMsg && qstrcmp(context.category, "switchyard.store") == 0)
        g_storeWarnings << msg;
    g_previousHandler(type, context, msg);
}

constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;

} // namespace

Q_DECLARE_METATYPE(switchyard::store::LogFilter)

class TestRequestLog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void burstFromAnotherThreadWhileReading();
    void overflowIsCountedAndWarnedOnce();
    void everyFieldRoundTrips();
    void aggregatesEqualRowSums();
    void bodiesStoredOnlyWhenNonEmpty();
    void filters_data();
    void filters();
    void stats();
    void spendUsesAggregatesForWholeDays();
    void retentionByAge();
    void retentionBySize();
    void cacheEntries();
    void stopDrainsAndLaterEnqueuesAreDropped();

private:
    StoreSettings settings() const;
    std::unique_ptr<RequestLogWriter> startWriter(const StoreSettings &s);
    std::unique_ptr<LogReader> openReader();
    /// Raw SQL on its own connection, for checks the reader API does not cover.
    QList<QVariantList> sql(const QString &query, int columns);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

StoreSettings TestRequestLog::settings() const
{
    StoreSettings s;
    s.path = m_path;
    s.flushIntervalMs = 20;
    return s;
}

std::unique_ptr<RequestLogWriter> TestRequestLog::startWriter(const StoreSettings &s)
{
    auto writer = std::make_unique<RequestLogWriter>(s);
    const Status started = writer->start();
    if (!started)
        qWarning("writer did not start: %s", qPrintable(started.error().message));
    return started ? std::move(writer) : nullptr;
}

std::unique_ptr<LogReader> TestRequestLog::openReader()
{
    auto reader = LogReader::open(m_path);
    if (!reader)
        qWarning("reader did not open: %s", qPrintable(reader.error().message));
    return reader ? std::move(*reader) : nullptr;
}

QList<QVariantList> TestRequestLog::sql(const QString &query, int columns)
{
    QList<QVariantList> rows;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        db.setDatabaseName(m_path);
        if (db.open()) {
            QSqlQuery q(db);
            if (!q.exec(query))
                qWarning("%s: %s", qPrintable(query), qPrintable(q.lastError().text()));
            while (q.next()) {
                QVariantList row;
                for (int i = 0; i < columns; ++i)
                    row << q.value(i);
                rows << row;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"check"_s);
    return rows;
}

void TestRequestLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(u"switchyard.db"_s);
}

void TestRequestLog::cleanup()
{
    m_dir.reset();
}

void TestRequestLog::burstFromAnotherThreadWhileReading()
{
    auto writer = startWriter(settings());
    QVERIFY(writer);
    auto reader = openReader();
    QVERIFY(reader);

    constexpr int kRows = 10'000;
    const qint64 base = QDateTime::currentMSecsSinceEpoch() - 60'000;
    std::unique_ptr<QThread> producer(QThread::create([&] {
        for (int i = 0; i < kRows; i += 100) {
            QList<base::RequestRecord> chunk;
            for (int j = i; j < i + 100; ++j)
                chunk << testdata::record(j, base + j);
            writer->enqueue(chunk);
        }
    }));
    producer->start();

    int queries = 0;
    qint64 seen = 0;
    QElapsedTimer timer;
    timer.start();
    while (seen < kRows && timer.elapsed() < 60'000) {
        auto rows = reader->requests({});
        QVERIFY2(rows.ok(), rows.ok() ? "" : qPrintable(rows.error().message));
        QVERIFY(rows->size() <= 100);
        auto stats = reader->stats(0, base + kRows + 1);
        QVERIFY2(stats.ok(), stats.ok() ? "" : qPrintable(stats.error().message));
        auto count = reader->rowCount();
        QVERIFY2(count.ok(), count.ok() ? "" : qPrintable(count.error().message));
        QVERIFY(*count >= seen); // committed rows never disappear
        seen = *count;
        ++queries;
    }
    QVERIFY(producer->wait(10'000));
    writer->flush();
    QCOMPARE(seen, kRows);
    QCOMPARE(writer->writtenRows(), kRows);
    QCOMPARE(writer->droppedRows(), 0);
    QCOMPARE(writer->failedRows(), 0);
    QCOMPARE(writer->queueDepth(), 0);
    QVERIFY(writer->lastError().isEmpty());
    QVERIFY(queries > 1);
    qInfo("reader ran %d query rounds while the writer committed", queries);
    const auto ids
        = sql(u"SELECT count(DISTINCT request_id), min(id), max(id) FROM request_log"_s, 3);
    QCOMPARE(ids.value(0), QVariantList({ kRows, 1, kRows }));
    QCOMPARE(reader->integrityCheck(), u"ok"_s);
}

void TestRequestLog::overflowIsCountedAndWarnedOnce()
{
    StoreSettings s = settings();
    s.queueCapacity = 100;
    auto writer = startWriter(s);
    QVERIFY(writer);
    writer->setPaused(true);
    g_storeWarnings.clear();
    g_previousHandler = qInstallMessageHandler(captureStoreWarnings);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int round = 0; round < 3; ++round) {
        QList<base::RequestRecord> records;
        for (int i = 0; i < 60; ++i)
            records << testdata::record(round * 60 + i, now);
        writer->enqueue(records);
    }
    writer->enqueueCacheEntry({ u"k"_s, now, now + 1000, u"openai"_s, false, u"m"_s, 200,
                                u"application/json"_s, "{}"_ba });
    qInstallMessageHandler(g_previousHandler);
    QCOMPARE(writer->queueDepth(), 100);
    QCOMPARE(writer->droppedRows(), 81);
    QCOMPARE(writer->writtenRows(), 0);
    // One warning for all of it: the first drop warns, the rest fall in the same 10 s.
    QCOMPARE(g_storeWarnings.size(), 1);
    QVERIFY2(g_storeWarnings.first().contains(u"dropped 20 rows"_s),
             qPrintable(g_storeWarnings.first()));

    writer->setPaused(false);
    writer->flush();
    QCOMPARE(writer->writtenRows(), 100);
    QCOMPARE(writer->queueDepth(), 0);
    auto reader = openReader();
    QVERIFY(reader);
    QCOMPARE(reader->rowCount().value(), 100);
    // The first 100 were kept, in order.
    auto rows = reader->requests({ .limit = 0, .order = LogFilter::Order::OldestFirst });
    QVERIFY(rows.ok());
    QCOMPARE(rows->first().record.requestId, "req_0"_ba);
    QCOMPARE(rows->last().record.requestId, "req_99"_ba);
}

void TestRequestLog::everyFieldRoundTrips()
{
    auto writer = startWriter(settings());
    QVERIFY(writer);
    base::RequestRecord r = testdata::record(1, 1'700'000'000'123);
    r.ruleReason = u"has_images"_s;
    r.attempts = { { u"a/x"_s, u"connect_failed"_s, u"refused"_s }, { u"b/y"_s, u"200"_s, {} } };
    r.tokensCacheWrite = 7;
    r.costUsd = 0.0123456789;
    r.requestBody = "{\"messages\":[]}"_ba;
    r.responseBody = QByteArray("\x00\x01\xff binary", 10);
    writer->enqueue({ r });
    writer->flush();
    auto reader = openReader();
    QVERIFY(reader);
    auto rows = reader->requests({ .withBodies = true });
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 1);
    const base::RequestRecord &g = rows->first().record;
    QCOMPARE(g.requestId, r.requestId);
    QCOMPARE(g.startedAtMs, r.startedAtMs);
    QCOMPARE(g.endpoint, r.endpoint);
    QCOMPARE(g.requestedModel, r.requestedModel);
    QCOMPARE(g.route, r.route);
    QCOMPARE(g.ruleReason, r.ruleReason);
    QCOMPARE(g.strategy, r.strategy);
    QCOMPARE(g.attempts.size(), 2);
    QCOMPARE(g.attempts.at(0).target, u"a/x"_s);
    QCOMPARE(g.attempts.at(0).outcome, u"connect_failed"_s);
    QCOMPARE(g.attempts.at(0).detail, u"refused"_s);
    QCOMPARE(g.attempts.at(1).outcome, u"200"_s);
    QCOMPARE(g.provider, r.provider);
    QCOMPARE(g.model, r.model);
    QCOMPARE(g.status, r.status);
    QCOMPARE(g.errorCode, r.errorCode);
    QCOMPARE(g.stream, r.stream);
    QCOMPARE(g.inboundApi, r.inboundApi);
    QCOMPARE(g.tokenName, r.tokenName);
    QCOMPARE(g.tokensIn, r.tokensIn);
    QCOMPARE(g.tokensOut, r.tokensOut);
    QCOMPARE(g.tokensCached, r.tokensCached);
    QCOMPARE(g.tokensCacheWrite, 7);
    QCOMPARE(g.tokensReasoning, r.tokensReasoning);
    QCOMPARE(g.usageKnown, true);
    QCOMPARE(g.costUsd, 0.0123456789);
    QCOMPARE(g.priceVersion, r.priceVersion);
    QCOMPARE(g.costKnown, true);
    QCOMPARE(g.cacheHit, r.cacheHit);
    QCOMPARE(g.latencyMs, r.latencyMs);
    QCOMPARE(g.ttftMs, r.ttftMs);
    QCOMPARE(g.bytesIn, r.bytesIn);
    QCOMPARE(g.bytesOut, r.bytesOut);
    QCOMPARE(g.requestBody, r.requestBody);
    QCOMPARE(g.responseBody, r.responseBody);
    // Without withBodies the bodies are not loaded.
    QVERIFY(reader->requests({}).value().first().record.responseBody.isEmpty());
}

void TestRequestLog::aggregatesEqualRowSums()
{
    StoreSettings s = settings();
    s.batchRows = 37; // many transactions adding to the same aggregate rows
    auto writer = startWriter(s);
    QVERIFY(writer);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<base::RequestRecord> records;
    for (int i = 0; i < 600; ++i)
        records << testdata::record(i, now - (i % 3) * kDayMs - i * 1000);
    for (int i = 0; i < records.size(); i += 50)
        writer->enqueue(records.mid(i, 50));
    writer->flush();
    QCOMPARE(writer->writtenRows(), 600);

    struct Sums
    {
        qint64 requests = 0, errors = 0, in = 0, out = 0, cached = 0, reasoning = 0, latency = 0,
               hits = 0;
        double cost = 0;
    };
    QMap<QString, Sums> expected;
    for (const base::RequestRecord &r : std::as_const(records)) {
        const QString day
            = QDateTime::fromMSecsSinceEpoch(r.startedAtMs).date().toString(Qt::ISODate);
        Sums &e = expected[QStringList({ day, r.provider, r.model, r.route }).join(u'|')];
        ++e.requests;
        e.errors += r.status >= 400;
        e.in += r.tokensIn;
        e.out += r.tokensOut;
        e.cached += r.tokensCached;
        e.reasoning += r.tokensReasoning;
        e.latency += r.latencyMs;
        e.hits += r.cacheHit;
        e.cost += r.costUsd;
    }
    const auto rows = sql(u"SELECT day || '|' || provider || '|' || model || '|' || route, "
                          "requests, errors, tokens_in, tokens_out, tokens_cached, "
                          "tokens_reasoning, latency_ms_sum, cache_hits, cost_usd "
                          "FROM daily_aggregates"_s,
                          10);
    QCOMPARE(rows.size(), expected.size());
    QVERIFY(expected.size() >= 6); // several days x providers x routes
    for (const QVariantList &row : rows) {
        const QString key = row.at(0).toString();
        QVERIFY2(expected.contains(key), qPrintable(key));
        const Sums &e = expected.value(key);
        QCOMPARE(row.at(1).toLongLong(), e.requests);
        QCOMPARE(row.at(2).toLongLong(), e.errors);
        QCOMPARE(row.at(3).toLongLong(), e.in);
        QCOMPARE(row.at(4).toLongLong(), e.out);
        QCOMPARE(row.at(5).toLongLong(), e.cached);
        QCOMPARE(row.at(6).toLongLong(), e.reasoning);
        QCOMPARE(row.at(7).toLongLong(), e.latency);
        QCOMPARE(row.at(8).toLongLong(), e.hits);
        QVERIFY(qAbs(row.at(9).toDouble() - e.cost) < 1e-9);
    }
    // And the aggregates agree with the rows in the log itself.
    const auto fromLog
        = sql(u"SELECT count(*), sum(tokens_in), sum(cost_usd) FROM request_log"_s, 3);
    const auto fromAgg = sql(u"SELECT sum(requests), sum(tokens_in), sum(cost_usd) "
                             "FROM daily_aggregates"_s,
                             3);
    QCOMPARE(fromAgg.value(0).value(0), fromLog.value(0).value(0));
    QCOMPARE(fromAgg.value(0).value(1), fromLog.value(0).value(1));
    QVERIFY(qAbs(fromAgg.value(0).value(2).toDouble() - fromLog.value(0).value(2).toDouble())
            < 1e-9);
}

void TestRequestLog::bodiesStoredOnlyWhenNonEmpty()
{
    auto writer = startWriter(settings());
    QVERIFY(writer);
    QList<base::RequestRecord> records;
    for (int i = 0; i < 4; ++i) {
        base::RequestRecord r = testdata::record(i, 1000 + i);
        if (i & 1)
            r.requestBody = "request " + QByteArray::number(i);
        if (i & 2)
            r.responseBody = "response " + QByteArray::number(i);
        records << r;
    }
    writer->enqueue(records);
    writer->flush();
    const auto rows = sql(u"SELECT request_id, request_body IS NULL, response_body IS NULL, "
                          "coalesce(request_body, ''), coalesce(response_body, '') "
                          "FROM request_log ORDER BY id"_s,
                          5);
    QCOMPARE(rows.size(), 4);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(rows[i][1].toBool(), !(i & 1));
        QCOMPARE(rows[i][2].toBool(), !(i & 2));
        QCOMPARE(rows[i][3].toByteArray(), records[i].requestBody);
        QCOMPARE(rows[i][4].toByteArray(), records[i].responseBody);
    }
}

void TestRequestLog::filters_data()
{
    // Rows i = 0..9 start at 1000 * i. testdata::record: odd i requested "coder" (route
    // "coder"), even "gpt-4o-mini"; i % 3 == 0 is provider "local" with model
    // "qwen2.5-coder", the others "openai" with "gpt-4o-mini". Row i has id i + 1.
    QTest::addColumn<LogFilter>("filter");
    QTest::addColumn<QList<qint64>>("ids");
    QTest::newRow("default: newest first")
        << LogFilter {} << QList<qint64> { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
    QTest::newRow("limit") << LogFilter { .limit = 3 } << QList<qint64> { 10, 9, 8 };
    QTest::newRow("oldest first") << LogFilter { .limit = 3,
                                                 .order = LogFilter::Order::OldestFirst }
                                  << QList<qint64> { 1, 2, 3 };
    QTest::newRow("since/until") << LogFilter { .sinceMs = 3000, .untilMs = 6000 }
                                 << QList<qint64> { 6, 5, 4 };
    QTest::newRow("requested model")
        << LogFilter { .model = u"coder"_s } << QList<qint64> { 10, 8, 6, 4, 2 };
    QTest::newRow("final model") << LogFilter { .model = u"qwen2.5-coder"_s }
                                 << QList<qint64> { 10, 7, 4, 1 };
    QTest::newRow("requested or final model")
        << LogFilter { .model = u"gpt-4o-mini"_s } << QList<qint64> { 9, 8, 7, 6, 5, 3, 2, 1 };
    QTest::newRow("provider") << LogFilter { .provider = u"local"_s }
                              << QList<qint64> { 10, 7, 4, 1 };
    QTest::newRow("provider and model")
        << LogFilter { .model = u"coder"_s, .provider = u"openai"_s } << QList<qint64> { 8, 6, 2 };
    QTest::newRow("follow after id")
        << LogFilter { .afterId = 7, .order = LogFilter::Order::OldestFirst }
        << QList<qint64> { 8, 9, 10 };
    QTest::newRow("nothing") << LogFilter { .provider = u"nope"_s } << QList<qint64> {};
}

void TestRequestLog::filters()
{
    QFETCH(LogFilter, filter);
    QFETCH(QList<qint64>, ids);
    auto writer = startWriter(settings());
    QVERIFY(writer);
    QList<base::RequestRecord> records;
    for (int i = 0; i < 10; ++i)
        records << testdata::record(i, 1000 * i);
    writer->enqueue(records);
    writer->flush();
    auto reader = openReader();
    QVERIFY(reader);
    auto rows = reader->requests(filter);
    QVERIFY(rows.ok());
    QList<qint64> got;
    for (const LogRow &row : *rows) {
        got << row.id;
        QCOMPARE(row.record.requestId, "req_" + QByteArray::number(row.id - 1));
    }
    QCOMPARE(got, ids);
}

void TestRequestLog::stats()
{
    auto writer = startWriter(settings());
    QVERIFY(writer);
    QList<base::RequestRecord> records;
    for (int i = 1; i <= 100; ++i) {
        base::RequestRecord r;
        r.requestId = "s" + QByteArray::number(i);
        r.startedAtMs = 10'000 + i;
        r.provider = u"p"_s;
        r.model = u"m"_s;
        r.latencyMs = 101 - i; // 100 .. 1, in reverse
        r.ttftMs = i <= 10 ? i * 10 : -1; // 10 .. 100 for ten streams
        r.status = i % 10 == 0 ? 502 : 200;
        r.tokensIn = 10;
        r.tokensOut = 2;
        r.tokensCached = 1;
        r.tokensReasoning = i % 2;
        r.costUsd = 0.01;
        r.cacheHit = i <= 3;
        records << r;
    }
    base::RequestRecord other = records.first();
    other.provider = u"a"_s;
    other.latencyMs = 7;
    other.ttftMs = -1;
    records << other;
    base::RequestRecord outside = records.first();
    outside.startedAtMs = 50'000;
    records << outside;
    writer->enqueue(records);
    writer->flush();
    auto reader = openReader();
    QVERIFY(reader);
    auto stats = reader->stats(10'000, 20'000);
    QVERIFY(stats.ok());
    QCOMPARE(stats->size(), 2);
    const StatsRow &a = stats->at(0);
    QCOMPARE(a.provider, u"a"_s);
    QCOMPARE(a.requests, 1);
    QCOMPARE(a.latencyP50Ms, 7);
    QCOMPARE(a.latencyP95Ms, 7);
    QCOMPARE(a.ttftP50Ms, -1);
    const StatsRow &p = stats->at(1);
    QCOMPARE(p.provider, u"p"_s);
    QCOMPARE(p.model, u"m"_s);
    QCOMPARE(p.requests, 100);
    QCOMPARE(p.errors, 10);
    QCOMPARE(p.tokensIn, 1000);
    QCOMPARE(p.tokensOut, 200);
    QCOMPARE(p.tokensCached, 100);
    QCOMPARE(p.tokensReasoning, 50);
    QVERIFY(qAbs(p.costUsd - 1.0) < 1e-9);
    QCOMPARE(p.cacheHits, 3);
    QCOMPARE(p.latencyP50Ms, 50);
    QCOMPARE(p.latencyP95Ms, 95);
    QCOMPARE(p.ttftP50Ms, 50);
}

void TestRequestLog::spendUsesAggregatesForWholeDays()
{
    auto writer = startWriter(settings());
    QVERIFY(writer);
    const QDate today = QDate::currentDate();
    const qint64 twoDaysAgo = RecordCodec::startOfDayMs(today.addDays(-2));
    const qint64 todayStart = RecordCodec::startOfDayMs(today);
    auto rec = [](int i, qint64 at, const QString &provider, const QString &route, double cost) {
        base::RequestRecord r = testdata::record(i, at);
        r.provider = provider;
        r.route = route;
        r.costUsd = cost;
        return r;
    };
    writer->enqueue({ rec(1, twoDaysAgo + 3'600'000, u"openai"_s, u"coder"_s, 1.0),
                      rec(2, twoDaysAgo + 7'200'000, u"anthropic"_s, QString(), 2.0),
                      rec(3, todayStart + 1000, u"openai"_s, u"coder"_s, 4.0),
                      rec(4, todayStart + 2000, u"openai"_s, u"cheap"_s, 8.0) });
    writer->flush();
    // The log loses the old day's rows; the aggregates keep them.
    sql(u"DELETE FROM request_log WHERE started_at_ms < %1"_s.arg(todayStart), 0);
    auto reader = openReader();
    QVERIFY(reader);

    auto all = reader->spend(twoDaysAgo, todayStart + 1500); // whole days + part of today
    QVERIFY(all.ok());
    QCOMPARE(all->total, 1.0 + 2.0 + 4.0);
    QCOMPARE(all->byProvider.value(u"openai"_s), 5.0);
    QCOMPARE(all->byProvider.value(u"anthropic"_s), 2.0);
    QCOMPARE(all->byRoute.value(u"coder"_s), 5.0);
    QCOMPARE(all->byRoute.value(QString()), 2.0);
    QVERIFY(!all->byRoute.contains(u"cheap"_s));

    // A partial day is read from the log, which no longer has the old rows.
    auto partial = reader->spend(twoDaysAgo + 1, twoDaysAgo + kDayMs / 2);
    QVERIFY(partial.ok());
    QCOMPARE(partial->total, 0.0);
    auto todayOnly = reader->spend(todayStart, todayStart + kDayMs / 2);
    QVERIFY(todayOnly.ok());
    QCOMPARE(todayOnly->total, 12.0);
    QCOMPARE(todayOnly->byRoute.value(u"cheap"_s), 8.0);
    auto empty = reader->spend(todayStart, todayStart);
    QVERIFY(empty.ok());
    QCOMPARE(empty->total, 0.0);
}

void TestRequestLog::retentionByAge()
{
    StoreSettings s = settings();
    s.retentionDays = 30;
    auto writer = startWriter(s);
    QVERIFY(writer);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    writer->enqueue({ testdata::record(0, now - 40 * kDayMs),
                      testdata::record(1, now - 31 * kDayMs),
                      testdata::record(2, now - 29 * kDayMs), testdata::record(3, now) });
    writer->enqueueCacheEntry({ u"old"_s, now - 5000, now - 1000, u"openai"_s, false, u"m"_s, 200,
                                u"application/json"_s, "{\"a\":1}"_ba });
    writer->enqueueCacheEntry({ u"fresh"_s, now, now + 3'600'000, u"anthropic"_s, true, u"m"_s, 200,
                                u"text/event-stream"_s, "data: x\n\n"_ba });
    auto report = writer->runRetention();
    QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
    QCOMPARE(report->agedRows, 2);
    QCOMPARE(report->cappedRows, 0);
    QCOMPARE(report->expiredCacheEntries, 1);
    auto reader = openReader();
    QVERIFY(reader);
    QCOMPARE(reader->rowCount().value(), 2);
    const auto left = reader->requests({ .order = LogFilter::Order::OldestFirst });
    QCOMPARE(left->at(0).record.requestId, "req_2"_ba);
    QCOMPARE(left->at(1).record.requestId, "req_3"_ba);
    // Daily aggregates outlive the rows.
    QCOMPARE(sql(u"SELECT sum(requests) FROM daily_aggregates"_s, 1).value(0).value(0).toInt(), 4);

    // retentionDays = 0 keeps everything.
    writer.reset();
    s.retentionDays = 0;
    writer = startWriter(s);
    QVERIFY(writer);
    writer->enqueue({ testdata::record(9, now - 400 * kDayMs) });
    auto kept = writer->runRetention();
    QVERIFY(kept.ok());
    QCOMPARE(kept->agedRows, 0);
    QCOMPARE(reader->rowCount().value(), 3);
}

void TestRequestLog::retentionBySize()
{
    StoreSettings s = settings();
    s.retentionDays = 0;
    s.maxBytes = 512 * 1024;
    s.batchRows = 500;
    auto writer = startWriter(s);
    QVERIFY(writer);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    constexpr int kRows = 3000;
    QList<base::RequestRecord> records;
    for (int i = 0; i < kRows; ++i) {
        base::RequestRecord r = testdata::record(i, now - (kRows - i) * 1000);
        r.requestBody = QByteArray(1024, char('a' + i % 26));
        records << r;
    }
    writer->enqueue(records);
    writer->flush();
    QVERIFY(QFileInfo(m_path).size() + QFileInfo(m_path + u"-wal"_s).size() > 3 * s.maxBytes);

    auto report = writer->runRetention();
    QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
    QVERIFY(report->cappedRows > 0);
    const qint64 fileSize = QFileInfo(m_path).size();
    qInfo("size cap: removed %lld rows, file %lld bytes", report->cappedRows, fileSize);
    QVERIFY2(fileSize <= s.maxBytes, qPrintable(QString::number(fileSize)));
    QVERIFY(fileSize > s.maxBytes / 2); // removed the excess, not everything
    QCOMPARE(QFileInfo(m_path + u"-wal"_s).size(), 0); // checkpointed and truncated

    auto reader = openReader();
    QVERIFY(reader);
    const qint64 remaining = reader->rowCount().value();
    QCOMPARE(remaining + report->cappedRows, kRows);
    // The oldest went: what is left is one contiguous run of the newest rows.
    const auto range = sql(u"SELECT min(id), max(id) FROM request_log"_s, 2);
    QCOMPARE(range.value(0).value(1).toLongLong(), kRows);
    QCOMPARE(range.value(0).value(0).toLongLong(), kRows - remaining + 1);
    QCOMPARE(reader->integrityCheck(), u"ok"_s);
}

void TestRequestLog::cacheEntries()
{
    auto writer = startWriter(settings());
    QVERIFY(writer);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const CacheEntryRow a { u"a"_s,      now - 10, now + 60'000,          u"openai"_s,    false,
                            u"gpt-4o"_s, 200,      u"application/json"_s, "{\"id\":1}"_ba };
    CacheEntryRow b = a;
    b.key = u"b"_s;
    b.createdMs = now - 5;
    b.stream = true;
    b.body = "data: {}\n\n"_ba;
    CacheEntryRow expired = a;
    expired.key = u"c"_s;
    expired.expiresMs = now - 1;
    writer->enqueueCacheEntry(a);
    writer->enqueueCacheEntry(b);
    writer->enqueueCacheEntry(expired);
    CacheEntryRow replaced = a;
    replaced.body = "{\"id\":2}"_ba;
    writer->enqueueCacheEntry(replaced);
    writer->enqueueCacheRemoval(u"b"_s);
    writer->flush();
    auto reader = openReader();
    QVERIFY(reader);
    auto entries = reader->cacheEntries(now);
    QVERIFY(entries.ok());
    QCOMPARE(entries->size(), 1);
    QCOMPARE(entries->first().key, u"a"_s);
    QCOMPARE(entries->first().body, "{\"id\":2}"_ba);
    QCOMPARE(entries->first().contentType, u"application/json"_s);
    QCOMPARE(sql(u"SELECT bytes FROM cache_entries WHERE key = 'a'"_s, 1).value(0).value(0).toInt(),
             8);
    // Expired rows stay until retention removes them, but are never returned.
    QCOMPARE(sql(u"SELECT count(*) FROM cache_entries"_s, 1).value(0).value(0).toInt(), 2);
}

void TestRequestLog::stopDrainsAndLaterEnqueuesAreDropped()
{
    StoreSettings s = settings();
    s.flushIntervalMs = 60'000; // only stop() can write these
    auto writer = startWriter(s);
    QVERIFY(writer);
    QList<base::RequestRecord> records;
    for (int i = 0; i < 25; ++i)
        records << testdata::record(i, 1000 + i);
    writer->enqueue(records);
    writer->stop();
    QCOMPARE(writer->writtenRows(), 25);
    QVERIFY(!writer->isRunning());
    writer->enqueue(records.mid(0, 5));
    QCOMPARE(writer->droppedRows(), 5);
    writer->flush(); // returns at once when stopped
    auto reader = openReader();
    QVERIFY(reader);
    QCOMPARE(reader->rowCount().value(), 25);
}

QTEST_GUILESS_MAIN(TestRequestLog)
#include "tst_request_log.moc"
