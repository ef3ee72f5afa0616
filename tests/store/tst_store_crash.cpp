#include "store/LogReader.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::store;

/// SIGKILL the writer process mid-burst: the file stays intact and keeps every row whose commit
/// was reported.
class TestStoreCrash final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killMidBurstKeepsCommittedRows();
};

void TestStoreCrash::killMidBurstKeepsCommittedRows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"crash.db"_s);
    qint64 before = 0;
    for (int round = 0; round < 3; ++round) {
        QProcess burst;
        burst.setProcessChannelMode(QProcess::SeparateChannels);
        burst.start(QStringLiteral(STORE_BURST_PATH), { path });
        QVERIFY2(burst.waitForStarted(10'000), qPrintable(burst.errorString()));
        QByteArray out;
        qint64 lastPrinted = 0;
        int commits = 0;
        QElapsedTimer timer;
        timer.start();
        // Wait for a few commits, and a bit more, so the kill lands in the middle of work.
        while ((commits < 8 || timer.elapsed() < 300 + round * 150) && timer.elapsed() < 30'000) {
            burst.waitForReadyRead(100);
            out += burst.readAllStandardOutput();
            while (out.contains('\n')) {
                const qsizetype nl = out.indexOf('\n');
                lastPrinted = out.left(nl).toLongLong();
                out.remove(0, nl + 1);
                ++commits;
            }
            QVERIFY2(burst.state() == QProcess::Running, burst.readAllStandardError().constData());
        }
        burst.kill();
        QVERIFY(burst.waitForFinished(10'000));
        QCOMPARE(burst.exitStatus(), QProcess::CrashExit);
        // Lines that were already in the pipe when it died count too.
        out += burst.readAllStandardOutput();
        for (const QByteArray &line : out.split('\n')) {
            if (!line.isEmpty())
                lastPrinted = line.toLongLong();
        }
        QVERIFY(commits >= 8);

        auto reader = LogReader::open(path);
        QVERIFY2(reader.ok(), reader.ok() ? "" : qPrintable(reader.error().message));
        QCOMPARE((*reader)->integrityCheck(), u"ok"_s);
        const qint64 rows = (*reader)->rowCount().value();
        qInfo("round %d: %d commits, last printed %lld, rows in file %lld (before %lld)", round,
              commits, lastPrinted, rows, before);
        QVERIFY(lastPrinted > 0);
        QVERIFY(rows >= before + lastPrinted);
        before = rows;
    }
}

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "tst_store_crash.moc"
