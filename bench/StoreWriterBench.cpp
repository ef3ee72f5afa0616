// Request-log writer throughput: enqueue N realistic records as fast as possible, flush, and
// report rows per second and bytes per row on disk.
// Usage: store_writer_bench [rows=200000] [db file=<temp dir>/bench.db]
#include "store/RequestLogWriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace switchyard;

namespace {

base::RequestRecord realisticRecord(int i, qint64 now)
{
    static const QString providers[] = { u"openai"_s, u"anthropic"_s, u"local"_s };
    static const QString models[]
        = { u"gpt-4o-mini"_s, u"claude-sonnet-4"_s, u"qwen2.5-coder:7b"_s };
    const int p = i % 3;
    base::RequestRecord r;
    r.requestId = "req_" + QByteArray::number(1'000'000 + i);
    // Records arrive when requests end: start times grow, out of order by up to a few seconds.
    r.startedAtMs = now + i * 2 - (i * 7919) % 3000;
    r.endpoint = u"chat.completions"_s;
    r.requestedModel = i % 2 ? u"coder"_s : models[p];
    r.route = i % 2 ? u"coder"_s : QString();
    r.strategy = u"fallback"_s;
    r.provider = providers[p];
    r.model = models[p];
    r.attempts = { { providers[p] + u'/' + models[p], u"200"_s, QString() } };
    r.status = i % 50 ? 200 : 502;
    r.stream = i % 2;
    r.inboundApi = p == 1 ? u"anthropic"_s : u"openai"_s;
    r.tokenName = u"laptop"_s;
    r.tokensIn = 800 + i % 4000;
    r.tokensOut = 50 + i % 700;
    r.tokensCached = i % 3 ? 0 : 512;
    r.tokensReasoning = i % 5 ? 0 : 64;
    r.usageKnown = true;
    r.costUsd = p == 2 ? 0 : 0.000001 * double(r.tokensIn + 4 * r.tokensOut);
    r.costKnown = true;
    r.priceVersion = u"2025-06"_s;
    r.latencyMs = 200 + i % 3000;
    r.ttftMs = r.stream ? 80 + i % 400 : -1;
    r.bytesIn = 2000 + i % 6000;
    r.bytesOut = 1500 + i % 3000;
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int rows = args.size() > 1 ? args.at(1).toInt() : 200'000;
    QTemporaryDir dir;
    const QString path = args.size() > 2 ? args.at(2) : dir.filePath(u"bench.db"_s);
    if (rows <= 0 || path.isEmpty()) {
        std::fprintf(stderr, "usage: store_writer_bench [rows] [db file]\n");
        return 2;
    }

    // Build the records first: the bench measures the store, not the record factory.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<QList<base::RequestRecord>> chunks;
    for (int i = 0; i < rows; i += 100) {
        QList<base::RequestRecord> chunk;
        for (int j = i; j < std::min(rows, i + 100); ++j)
            chunk << realisticRecord(j, now);
        chunks << chunk;
    }

    store::StoreSettings settings;
    settings.path = path;
    settings.queueCapacity = rows; // measure throughput, not drops
    store::RequestLogWriter writer(settings);
    if (const Status started = writer.start(); !started) {
        std::fprintf(stderr, "%s\n", qPrintable(started.error().message));
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    for (const auto &chunk : std::as_const(chunks))
        writer.enqueue(chunk);
    const qint64 enqueueNs = timer.nsecsElapsed();
    writer.flush();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    writer.stop();
    if (writer.writtenRows() != rows) {
        std::fprintf(stderr, "wrote %lld of %d rows (dropped %lld, failed %lld): %s\n",
                     static_cast<long long>(writer.writtenRows()), rows,
                     static_cast<long long>(writer.droppedRows()),
                     static_cast<long long>(writer.failedRows()), qPrintable(writer.lastError()));
        return 1;
    }
    {
        // The writer checkpoints on retention only; fold the WAL in so the size is the table's.
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bench"_s);
        db.setDatabaseName(path);
        if (db.open())
            QSqlQuery(db).exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"bench"_s);
    const qint64 bytes = QFileInfo(path).size();
    std::printf("rows=%d seconds=%.3f rows_per_s=%.0f bytes_per_row=%.0f\n", rows, seconds,
                double(rows) / seconds, double(bytes) / double(rows));
    std::fprintf(stderr, "enqueue took %.1f ms\n", double(enqueueNs) / 1e6);
    return 0;
}
