// Helper for tst_store_crash: writes bursts of request records through RequestLogWriter until it
// is killed, printing the total committed row count to stdout after every commit.
#include "StoreTestData.h"
#include "store/RequestLogWriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace switchyard;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (app.arguments().size() < 2) {
        std::fprintf(stderr, "usage: store_burst <db file>\n");
        return 2;
    }
    store::StoreSettings settings;
    settings.path = app.arguments().at(1);
    settings.batchRows = 500;
    settings.flushIntervalMs = 10;
    store::RequestLogWriter writer(settings);
    // Direct: print from the writer thread the moment the commit returned.
    QObject::connect(
        &writer, &store::RequestLogWriter::batchCommitted, &writer,
        [](qint64 total) {
            std::printf("%lld\n", static_cast<long long>(total));
            std::fflush(stdout);
        },
        Qt::DirectConnection);
    if (const Status started = writer.start(); !started) {
        std::fprintf(stderr, "%s\n", qPrintable(started.error().message));
        return 1;
    }
    int next = 0;
    QTimer burst;
    burst.setInterval(2);
    QObject::connect(&burst, &QTimer::timeout, &writer, [&] {
        QList<base::RequestRecord> records;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < 300; ++i, ++next) {
            base::RequestRecord r = store::testdata::record(next, now);
            if (next % 4 == 0)
                r.responseBody = QByteArray(512, 'x');
            records << r;
        }
        writer.enqueue(records);
    });
    burst.start();
    return app.exec();
}
