#include "FakeOllama.h"
#include "config/Config.h"
#include "telemetry/GpuNvmlProbe.h"
#include "telemetry/GpuSmiProbe.h"
#include "telemetry/VramHistory.h"
#include "telemetry/VramMonitor.h"
#include "telemetry/VramProbe.h"
#include "upstream/UpstreamClient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLibrary>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::telemetry;

namespace {
constexpr qint64 kMiB = 1024 * 1024;
const QString kNoNvml = u"/nonexistent/switchyard/libnvidia-ml.so.1"_s;

GpuInfo makeGpu(int index, qint64 total, qint64 used, const QString &vendor = u"nvidia"_s)
{
    GpuInfo gpu;
    gpu.index = index;
    gpu.name = u"GPU %1"_s.arg(index);
    gpu.vendor = vendor;
    gpu.totalBytes = total;
    gpu.usedBytes = used;
    gpu.source = u"test"_s;
    return gpu;
}

// A probe the test scripts: answers at once (delayMs < 0) or after delayMs, with `gpus`.
class ScriptedProbe final : public VramProbe
{
public:
    ScriptedProbe(const QString &name, const QList<GpuInfo> &gpus, int delayMs = -1)
        : m_name(name), gpus(gpus), delayMs(delayMs)
    {
    }
    QString name() const override { return m_name; }
    bool isBusy() const override { return running > 0; }
    void start() override
    {
        ++starts;
        VramSample part;
        part.gpus = gpus;
        if (delayMs < 0) {
            Q_EMIT finished(part, {});
            return;
        }
        maxRunning = std::max(maxRunning, ++running);
        QTimer::singleShot(delayMs, this, [this, part] {
            --running;
            Q_EMIT finished(part, {});
        });
    }

    QString m_name;
    QList<GpuInfo> gpus;
    int delayMs = -1;
    int starts = 0;
    int running = 0;
    int maxRunning = 0;
};

// Receives samples in another thread: proves the signal crosses threads queued.
class Receiver final : public QObject
{
public:
    void take(const VramSample &sample)
    {
        received = sample;
        thread = QThread::currentThread();
        done = true; // published last; read the rest only after the thread has ended
    }
    VramSample received;
    QThread *thread = nullptr;
    std::atomic<bool> done = false;
};

std::optional<VramSample> sampleOnce(VramMonitor &monitor, int timeoutMs = 5000)
{
    QSignalSpy spy(&monitor, &VramMonitor::sampled);
    if (!monitor.sampleNow())
        return std::nullopt;
    if (spy.isEmpty() && !spy.wait(timeoutMs))
        return std::nullopt;
    return spy.first().first().value<VramSample>();
}
} // namespace

Q_DECLARE_METATYPE(switchyard::telemetry::GpuInfo)
Q_DECLARE_METATYPE(std::optional<qint64>)

/// The VRAM monitor end to end: fake nvidia-smi on PATH, a fake libnvidia-ml, a fake sysfs
/// tree and a fake Ollama, through probe selection, sampling, the ring buffer and the JSON.
class TestVramMonitor final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void smiEndToEnd();
    void smiFailures_data();
    void smiFailures();
    void smiHangTimesOut();
    void smiHangMonitorKeepsSampling();

    void nvmlFakeLibrary();
    void nvmlFromEnvironment();
    void nvmlUnavailable_data();
    void nvmlUnavailable();
    void nvmlInitFailureFallsBackToSmi();

    void sysfsThroughMonitor();
    void ollamaLoadedModels();
    void ollamaHangIsLeftOut();

    void noGpu();
    void intervalOff();
    void ringBuffer();
    void history_data();
    void history();
    void freeBytes_data();
    void freeBytes();
    void slowProbeWithinDeadline();
    void slowProbeNeverOverlaps();
    void queuedAcrossThreads();

private:
    QString writeSmi(const QByteArray &body);
    VramSettings isolated() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_bin;
    QString m_sysfs;
    QByteArray m_path;
};

void TestVramMonitor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_bin = m_dir->filePath(u"bin"_s);
    m_sysfs = m_dir->filePath(u"drm"_s);
    QVERIFY(QDir().mkpath(m_bin));
    QVERIFY(QDir().mkpath(m_sysfs));
    m_path = qgetenv("PATH");
    // Only our bin dir and the system's basics: a real nvidia-smi must never answer here.
    qputenv("PATH", QByteArray(QFile::encodeName(m_bin) + ":/usr/bin:/bin"));
    qunsetenv(GpuNvmlProbe::kLibraryEnv);
    qunsetenv("FAKE_NVML_INIT_ERROR");
}

void TestVramMonitor::cleanup()
{
    qputenv("PATH", m_path);
    qunsetenv(GpuNvmlProbe::kLibraryEnv);
    qunsetenv("FAKE_NVML_INIT_ERROR");
    m_dir.reset();
}

QString TestVramMonitor::writeSmi(const QByteArray &body)
{
    const QString path = m_bin + u"/nvidia-smi"_s;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(QByteArray("#!/bin/sh\n" + body + "\n"));
    file.close();
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return path;
}

VramSettings TestVramMonitor::isolated() const
{
    VramSettings settings;
    settings.intervalMs = 0; // tests sample by hand unless they say otherwise
    settings.sampleTimeoutMs = 3000;
    settings.nvmlLibrary = kNoNvml;
    settings.sysfsRoot = m_sysfs;
    return settings;
}

void TestVramMonitor::smiEndToEnd()
{
    // Answers only the exact query the probe must ask, as nvidia-smi would.
    QVERIFY(!writeSmi(R"(if [ "$1" != "--query-gpu=index,name,memory.total,memory.used" ] || \
   [ "$2" != "--format=csv,noheader,nounits" ]; then echo "bad args: $*" >&2; exit 2; fi
echo "0, NVIDIA GeForce RTX 4090, 24564, 1000"
echo "1, NVIDIA RTX A2000 12GB, 12282, 12000")")
                 .isEmpty());
    VramMonitor monitor(isolated());
    const std::optional<VramSample> sample = sampleOnce(monitor);
    QVERIFY(sample);
    QCOMPARE(monitor.probeNames(), QStringList({ u"nvidia-smi"_s, u"sysfs"_s }));
    QVERIFY2(monitor.lastErrors().isEmpty(),
             qPrintable(monitor.lastErrors().value(u"nvidia-smi"_s)));
    QCOMPARE(sample->gpus.size(), 2);
    QCOMPARE(sample->gpus.at(0).name, u"NVIDIA GeForce RTX 4090"_s);
    QCOMPARE(sample->gpus.at(0).totalBytes, 24564 * kMiB);
    QCOMPARE(sample->gpus.at(1).usedBytes, 12000 * kMiB);
    QCOMPARE(monitor.freeBytes(), std::optional<qint64>((23564 + 282) * kMiB));
    QCOMPARE(monitor.latest(), sample);

    const QJsonObject json = monitor.toJson();
    const QJsonArray gpus = json.value(u"gpus"_s).toArray();
    QCOMPARE(gpus.size(), 2);
    QCOMPARE(gpus.at(1)[u"index"_s].toInt(), 1);
    QCOMPARE(gpus.at(1)[u"source"_s].toString(), u"nvidia-smi"_s);
    QCOMPARE(gpus.at(1)[u"vendor"_s].toString(), u"nvidia"_s);
    QCOMPARE(gpus.at(1)[u"free_bytes"_s].toInteger(), 282 * kMiB);
    QVERIFY(!json.contains(u"gpu"_s));
    QVERIFY(!json.contains(u"errors"_s));
    QCOMPARE(json.value(u"interval_ms"_s).toInt(), 0);
    QCOMPARE(json.value(u"free_bytes"_s).toInteger(), (23564 + 282) * kMiB);
    const QDateTime sampledAt
        = QDateTime::fromString(json.value(u"sampled_at"_s).toString(), Qt::ISODateWithMs);
    QVERIFY(sampledAt.isValid());
    QCOMPARE(sampledAt.toMSecsSinceEpoch(), sample->timestampMs);
}

void TestVramMonitor::smiFailures_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QString>("error");

    QTest::newRow("garbage") << "echo 'Hello, world, this, is not csv'"_ba
                             << u"not a GPU row: Hello, world"_s;
    QTest::newRow("driver gone")
        << "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA "
           "driver.\"; exit 9"_ba
        << u"exited with code 9: NVIDIA-SMI has failed"_s;
    QTest::newRow("fails on stderr")
        << "echo 'Unknown option' >&2; exit 2"_ba << u"exited with code 2: Unknown option"_s;
    QTest::newRow("endless output")
        << "exec yes '0, flood, 1, 1'"_ba << u"printed more than 1048576 bytes"_s;
}

void TestVramMonitor::smiFailures()
{
    QFETCH(QByteArray, script);
    QFETCH(QString, error);
    QVERIFY(!writeSmi(script).isEmpty());
    VramMonitor monitor(isolated());
    const std::optional<VramSample> sample = sampleOnce(monitor);
    QVERIFY(sample);
    QVERIFY(sample->gpus.isEmpty());
    const QString message = monitor.lastErrors().value(u"nvidia-smi"_s);
    QVERIFY2(message.contains(error), qPrintable(message));
    const QJsonObject json = monitor.toJson();
    QCOMPARE(json.value(u"gpu"_s).toString(), u"none"_s);
    QVERIFY2(json.value(u"message"_s).toString().contains(u"nvidia-smi failed: "_s + message),
             qPrintable(json.value(u"message"_s).toString()));
    QCOMPARE(json.value(u"errors"_s).toObject().value(u"nvidia-smi"_s).toString(), message);
}

void TestVramMonitor::smiHangTimesOut()
{
    const QString program = writeSmi("exec sleep 30");
    GpuSmiProbe probe(program, 300);
    QSignalSpy spy(&probe, &VramProbe::finished);
    QElapsedTimer clock;
    clock.start();
    probe.start();
    QVERIFY(probe.isBusy());
    QVERIFY(spy.wait(5000));
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(clock.elapsed() >= 250); // coarse timers may fire up to 5 % early
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.first().at(1).toString(),
             u"nvidia-smi did not answer within 300 ms and was killed"_s);
    QVERIFY(spy.first().at(0).value<VramSample>().gpus.isEmpty());
    QVERIFY(!probe.isBusy());
}

void TestVramMonitor::smiHangMonitorKeepsSampling()
{
    // nvidia-smi hangs; the AMD card next to it must still be sampled on every tick.
    const QString runs = m_dir->filePath(u"runs"_s);
    QVERIFY(!writeSmi(QByteArray("echo run >> '" + QFile::encodeName(runs) + "'\nexec sleep 30"))
                 .isEmpty());
    QVERIFY(QDir().mkpath(m_sysfs + u"/card0/device"_s));
    QFile total(m_sysfs + u"/card0/device/mem_info_vram_total"_s);
    QVERIFY(total.open(QIODevice::WriteOnly));
    total.write("8000\n");
    total.close();
    VramSettings settings = isolated();
    settings.intervalMs = 100;
    settings.nvidiaSmiTimeoutMs = 600;
    VramMonitor monitor(settings);
    QSignalSpy spy(&monitor, &VramMonitor::sampled);
    QElapsedTimer clock;
    clock.start();
    monitor.start();
    QVERIFY(monitor.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(clock.elapsed() >= 2000, 5000);
    monitor.stop();
    QVERIFY(!monitor.isRunning());
    const qint64 elapsed = clock.elapsed();

    QVERIFY2(spy.size() >= 6, qPrintable(QString::number(spy.size())));
    for (const QList<QVariant> &args : std::as_const(spy)) {
        const VramSample sample = args.first().value<VramSample>();
        QCOMPARE(sample.gpus.size(), 1);
        QCOMPARE(sample.gpus.first().vendor, u"amd"_s);
    }
    // Never two nvidia-smi at once: one every 600 ms at most, and killed ones are re-run.
    QFile file(runs);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const qsizetype started = file.readAll().count("run");
    QVERIFY2(started >= 2 && started <= elapsed / 600 + 1, qPrintable(QString::number(started)));
    const QString error = monitor.lastErrors().value(u"nvidia-smi"_s);
    QVERIFY2(error.contains(u"did not answer within 100 ms"_s) || error.contains(u"still busy"_s),
             qPrintable(error));
    QCOMPARE(monitor.history().size(), spy.size());
}

void TestVramMonitor::nvmlFakeLibrary()
{
    QLibrary fake(QStringLiteral(FAKE_NVML_PATH));
    QVERIFY2(fake.load(), qPrintable(fake.errorString()));
    auto setUsed = reinterpret_cast<void (*)(unsigned, unsigned long long)>(
        fake.resolve("fake_nvml_set_used"));
    auto shutdowns = reinterpret_cast<int (*)()>(fake.resolve("fake_nvml_shutdown_count"));
    QVERIFY(setUsed && shutdowns);
    setUsed(0, 1200 * kMiB);
    // NVML wins over nvidia-smi: this one must never run.
    const QString marker = m_dir->filePath(u"smi-ran"_s);
    QVERIFY(!writeSmi(QByteArray("touch '" + QFile::encodeName(marker) + "'")).isEmpty());

    const int shutdownsBefore = shutdowns();
    {
        VramSettings settings = isolated();
        settings.nvmlLibrary = QStringLiteral(FAKE_NVML_PATH);
        VramMonitor monitor(settings);
        std::optional<VramSample> sample = sampleOnce(monitor);
        QVERIFY(sample);
        QCOMPARE(monitor.probeNames(), QStringList({ u"nvml"_s, u"sysfs"_s }));
        QCOMPARE(sample->gpus.size(), 2);
        QCOMPARE(sample->gpus.at(0).name, u"NVIDIA GeForce RTX 4090"_s);
        QCOMPARE(sample->gpus.at(0).source, u"nvml"_s);
        QCOMPARE(sample->gpus.at(0).totalBytes, 24564 * kMiB);
        QCOMPARE(sample->gpus.at(0).usedBytes, 1200 * kMiB);
        QCOMPARE(sample->gpus.at(1).name, u"NVIDIA RTX A2000 12GB"_s);
        QCOMPARE(sample->gpus.at(1).index, 1);
        QCOMPARE(monitor.freeBytes(), std::optional<qint64>((23364 + 1282) * kMiB));

        setUsed(0, 20000 * kMiB); // a model got loaded: the next sample sees it
        sample = sampleOnce(monitor);
        QVERIFY(sample);
        QCOMPARE(sample->gpus.at(0).usedBytes, 20000 * kMiB);
        QCOMPARE(monitor.freeBytes(), std::optional<qint64>((4564 + 1282) * kMiB));
        QCOMPARE(monitor.history().size(), 2);
    }
    QCOMPARE(shutdowns(), shutdownsBefore + 1); // NVML shut down with the monitor
    QVERIFY(!QFile::exists(marker));
    setUsed(0, 1200 * kMiB);
}

void TestVramMonitor::nvmlFromEnvironment()
{
    qputenv(GpuNvmlProbe::kLibraryEnv, QFile::encodeName(QStringLiteral(FAKE_NVML_PATH)));
    GpuNvmlProbe probe;
    QVERIFY2(probe.isLoaded(), qPrintable(probe.loadError()));
    QCOMPARE(probe.libraryFile(), QStringLiteral(FAKE_NVML_PATH));
    const Result<QList<GpuInfo>> gpus = probe.read();
    QVERIFY(gpus.ok());
    QCOMPARE(gpus->size(), 2);
    QCOMPARE(gpus->at(1).totalBytes, 12282 * kMiB);
    QCOMPARE(gpus->at(1).usedBytes, 11000 * kMiB);
    QCOMPARE(gpus->at(1).vendor, u"nvidia"_s);
    // An explicit path beats the variable.
    GpuNvmlProbe explicitPath(kNoNvml);
    QVERIFY(!explicitPath.isLoaded());
}

void TestVramMonitor::nvmlUnavailable_data()
{
    QTest::addColumn<QString>("library");
    QTest::addColumn<QByteArray>("initError");
    QTest::addColumn<QString>("error");

    QTest::newRow("no driver library") << kNoNvml << QByteArray() << u"NVML not available"_s;
    QTest::newRow("not NVML") << u"libm.so.6"_s << QByteArray()
                              << u"is not a usable NVML library"_s;
    QTest::newRow("driver not loaded") << QStringLiteral(FAKE_NVML_PATH) << "9"_ba
                                       << u"nvmlInit failed: Driver Not Loaded (NVML error 9)"_s;
}

void TestVramMonitor::nvmlUnavailable()
{
    QFETCH(QString, library);
    QFETCH(QByteArray, initError);
    QFETCH(QString, error);
    if (!initError.isEmpty())
        qputenv("FAKE_NVML_INIT_ERROR", initError);
    GpuNvmlProbe probe(library);
    QVERIFY(!probe.isLoaded());
    QVERIFY2(probe.loadError().contains(error), qPrintable(probe.loadError()));
    const Result<QList<GpuInfo>> gpus = probe.read();
    QVERIFY(!gpus.ok());
    QSignalSpy spy(&probe, &VramProbe::finished);
    probe.start();
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.first().at(1).toString(), probe.loadError());
}

void TestVramMonitor::nvmlInitFailureFallsBackToSmi()
{
    qputenv("FAKE_NVML_INIT_ERROR", "9");
    QVERIFY(!writeSmi("echo '0, Tesla T4, 15360, 360'").isEmpty());
    VramSettings settings = isolated();
    settings.nvmlLibrary = QStringLiteral(FAKE_NVML_PATH);
    VramMonitor monitor(settings);
    const std::optional<VramSample> sample = sampleOnce(monitor);
    QVERIFY(sample);
    QCOMPARE(monitor.probeNames(), QStringList({ u"nvidia-smi"_s, u"sysfs"_s }));
    QCOMPARE(sample->gpus.size(), 1);
    QCOMPARE(sample->gpus.first().source, u"nvidia-smi"_s);
    QCOMPARE(monitor.freeBytes(), std::optional<qint64>(15000 * kMiB));
}

void TestVramMonitor::sysfsThroughMonitor()
{
    const QString device = m_sysfs + u"/card1/device/"_s;
    QVERIFY(QDir().mkpath(device));
    for (const auto &[file, content] :
         { std::pair { u"mem_info_vram_total"_s, "17163091968\n"_ba },
           std::pair { u"mem_info_vram_used"_s, "1163091968\n"_ba },
           std::pair { u"product_name"_s, "AMD Radeon RX 7800 XT\n"_ba } }) {
        QFile f(device + file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    VramMonitor monitor(isolated());
    const std::optional<VramSample> sample = sampleOnce(monitor);
    QVERIFY(sample);
    QCOMPARE(monitor.probeNames(), QStringList({ u"sysfs"_s }));
    QCOMPARE(monitor.freeBytes(), std::optional<qint64>(16000000000));
    const QJsonArray gpus = monitor.toJson().value(u"gpus"_s).toArray();
    QCOMPARE(gpus.size(), 1);
    QCOMPARE(gpus.first()[u"name"_s].toString(), u"AMD Radeon RX 7800 XT"_s);
    QCOMPARE(gpus.first()[u"vendor"_s].toString(), u"amd"_s);
    QCOMPARE(gpus.first()[u"source"_s].toString(), u"sysfs"_s);
    QCOMPARE(gpus.first()[u"index"_s].toInt(), 1);
    QCOMPARE(gpus.first()[u"used_bytes"_s].toInteger(), 1163091968);
}

void TestVramMonitor::ollamaLoadedModels()
{
    fakes::FakeOllama ollama;
    ollama.start();
    upstream::UpstreamClient client;
    config::ProviderConfig local;
    local.name = u"local"_s;
    local.kind = config::ProviderKind::Ollama;
    local.baseUrl = QUrl(QString::fromLatin1(ollama.baseUrl()));
    config::ProviderConfig cloud;
    cloud.name = u"cloud"_s;
    cloud.kind = config::ProviderKind::OpenAi;
    cloud.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s);

    VramMonitor monitor(isolated());
    monitor.setUpstreamClient(&client);
    monitor.setProviders({ local, cloud });
    const std::optional<VramSample> sample = sampleOnce(monitor);
    QVERIFY(sample);
    QCOMPARE(monitor.probeNames(), QStringList({ u"sysfs"_s, u"ollama:local"_s }));
    QVERIFY(monitor.lastErrors().isEmpty());
    QCOMPARE(ollama.requests().size(), 1);
    QCOMPARE(ollama.requests().first().path, "/api/ps"_ba);
    QCOMPARE(sample->models.size(), 1);
    const LoadedModel &model = sample->models.first();
    QCOMPARE(model.provider, u"local"_s);
    QCOMPARE(model.model, u"llama3.2:3b"_s);
    QCOMPARE(model.sizeBytes, 3'000'000'000LL);
    QCOMPARE(model.vramBytes, ollama.sizeVram);
    QCOMPARE(model.cpuBytes(), 500'000'000LL);

    // No GPU here, but the models Ollama holds (in RAM, then) are still reported.
    const QJsonObject json = monitor.toJson();
    QCOMPARE(json.value(u"gpu"_s).toString(), u"none"_s);
    const QJsonArray models = json.value(u"models"_s).toArray();
    QCOMPARE(models.size(), 1);
    QCOMPARE(models.first()[u"provider"_s].toString(), u"local"_s);
    QCOMPARE(models.first()[u"cpu_bytes"_s].toInteger(), 500'000'000LL);
    QCOMPARE(models.first()[u"expires_at"_s].toString(), u"2099-01-01T00:00:00.000Z"_s);

    // The provider list changes: the probe goes with it.
    monitor.setProviders({ cloud });
    QCOMPARE(monitor.probeNames(), QStringList({ u"sysfs"_s }));
    QVERIFY(sampleOnce(monitor));
    QVERIFY(monitor.latest()->models.isEmpty());
    QCOMPARE(ollama.requests().size(), 1);
}

void TestVramMonitor::ollamaHangIsLeftOut()
{
    fakes::FakeOllama ollama;
    ollama.fault = fakes::FakeOllama::Fault::Hang;
    ollama.start();
    upstream::UpstreamClient client;
    config::ProviderConfig local;
    local.name = u"local"_s;
    local.kind = config::ProviderKind::Ollama;
    local.baseUrl = QUrl(QString::fromLatin1(ollama.baseUrl()));

    VramSettings settings = isolated();
    settings.sampleTimeoutMs = 300;
    VramMonitor monitor(settings);
    monitor.setUpstreamClient(&client);
    monitor.setProviders({ local });
    QElapsedTimer clock;
    clock.start();
    std::optional<VramSample> sample = sampleOnce(monitor);
    QVERIFY(sample);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(sample->models.isEmpty());
    const QString error = monitor.lastErrors().value(u"ollama:local"_s);
    // The request's own timeout (270 ms) normally wins over the sample's deadline (300 ms).
    QVERIFY2(error.startsWith(u"/api/ps failed: "_s) || error.contains(u"did not answer within"_s),
             qPrintable(error));

    // The server recovers: once the hung request has timed out, models come back.
    ollama.fault = fakes::FakeOllama::Fault::None;
    QTRY_VERIFY_WITH_TIMEOUT((sample = sampleOnce(monitor)) && !sample->models.isEmpty(), 5000);
    QVERIFY(monitor.lastErrors().isEmpty());
}

void TestVramMonitor::noGpu()
{
    VramMonitor monitor(isolated()); // no NVML, no nvidia-smi on PATH, empty sysfs
    const std::optional<VramSample> sample = sampleOnce(monitor);
    QVERIFY(sample);
    QCOMPARE(monitor.probeNames(), QStringList({ u"sysfs"_s }));
    QVERIFY(sample->gpus.isEmpty());
    QCOMPARE(monitor.freeBytes(), std::optional<qint64>());
    const QJsonObject json = monitor.toJson();
    QCOMPARE(json.value(u"gpu"_s).toString(), u"none"_s);
    QCOMPARE(json.value(u"message"_s).toString(),
             u"No GPU found: no NVIDIA driver (NVML / nvidia-smi) and no AMD card in %1."_s.arg(
                 m_sysfs));
    QVERIFY(json.value(u"gpus"_s).toArray().isEmpty());
    QVERIFY(json.value(u"models"_s).toArray().isEmpty());
    QVERIFY(json.value(u"free_bytes"_s).isNull());
    QVERIFY(json.value(u"sampled_at"_s).isString());
}

void TestVramMonitor::intervalOff()
{
    VramMonitor monitor(isolated()); // intervalMs 0
    QSignalSpy spy(&monitor, &VramMonitor::sampled);
    monitor.start();
    QVERIFY(!monitor.isRunning());
    QTest::qWait(200);
    QCOMPARE(spy.size(), 0);
    QVERIFY(!monitor.latest());
    QJsonObject json = monitor.toJson();
    QCOMPARE(json.value(u"message"_s).toString(), u"VRAM telemetry is off (interval_ms is 0)."_s);
    QVERIFY(json.value(u"sampled_at"_s).isNull());
    QVERIFY(!json.contains(u"gpu"_s)); // nothing was looked at yet
    QVERIFY(sampleOnce(monitor)); // on demand still works
    QCOMPARE(monitor.toJson().value(u"gpu"_s).toString(), u"none"_s);
}

void TestVramMonitor::ringBuffer()
{
    VramSettings settings;
    settings.intervalMs = 0;
    settings.historySize = 3;
    settings.detectGpus = false;
    VramMonitor monitor(settings);
    auto *probe = new ScriptedProbe(u"fake"_s, { makeGpu(0, 1000, 0) });
    monitor.addProbe(probe);
    QCOMPARE(probe->parent(), &monitor);
    for (int i = 1; i <= 5; ++i) {
        probe->gpus[0].usedBytes = i;
        QVERIFY(sampleOnce(monitor));
    }
    const QList<VramSample> history = monitor.history();
    QCOMPARE(history.size(), 3);
    QCOMPARE(history.at(0).gpus.first().usedBytes, 3);
    QCOMPARE(history.at(1).gpus.first().usedBytes, 4);
    QCOMPARE(history.at(2).gpus.first().usedBytes, 5);
    QVERIFY(history.at(0).timestampMs <= history.at(2).timestampMs);
    QCOMPARE(monitor.latest()->gpus.first().usedBytes, 5);
    QCOMPARE(monitor.freeBytes(), std::optional<qint64>(995));
}

void TestVramMonitor::history_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("appends");
    QTest::addColumn<int>("newCapacity"); // 0: unchanged
    QTest::addColumn<QList<qint64>>("expected"); // timestamps, oldest first

    QTest::newRow("empty") << 3 << 0 << 0 << QList<qint64>();
    QTest::newRow("not full") << 3 << 2 << 0 << QList<qint64> { 1, 2 };
    QTest::newRow("exactly full") << 3 << 3 << 0 << QList<qint64> { 1, 2, 3 };
    QTest::newRow("wrapped") << 3 << 7 << 0 << QList<qint64> { 5, 6, 7 };
    QTest::newRow("capacity 1") << 1 << 4 << 0 << QList<qint64> { 4 };
    QTest::newRow("capacity 0 acts as 1") << 0 << 2 << 0 << QList<qint64> { 2 };
    QTest::newRow("shrink keeps newest") << 4 << 6 << 2 << QList<qint64> { 5, 6 };
    QTest::newRow("grow keeps all") << 2 << 5 << 4 << QList<qint64> { 4, 5 };
}

void TestVramMonitor::history()
{
    QFETCH(int, capacity);
    QFETCH(int, appends);
    QFETCH(int, newCapacity);
    QFETCH(QList<qint64>, expected);

    VramHistory ring(capacity);
    for (int i = 1; i <= appends; ++i) {
        VramSample sample;
        sample.timestampMs = i;
        ring.append(sample);
    }
    if (newCapacity > 0)
        ring.setCapacity(newCapacity);
    QList<qint64> stamps;
    for (const VramSample &sample : ring.toList())
        stamps.append(sample.timestampMs);
    QCOMPARE(stamps, expected);
    QCOMPARE(ring.size(), expected.size());
    QCOMPARE(ring.latest().has_value(), !expected.isEmpty());
    if (!expected.isEmpty())
        QCOMPARE(ring.latest()->timestampMs, expected.last());
    if (newCapacity > 0) { // still a ring after resizing
        VramSample sample;
        sample.timestampMs = 100;
        for (int i = 0; i < newCapacity; ++i)
            ring.append(sample);
        QCOMPARE(ring.size(), qsizetype(newCapacity));
        QCOMPARE(ring.toList().first().timestampMs, 100);
    }
}

void TestVramMonitor::freeBytes_data()
{
    QTest::addColumn<QList<GpuInfo>>("gpus");
    QTest::addColumn<std::optional<qint64>>("free");

    QTest::newRow("no gpu") << QList<GpuInfo>() << std::optional<qint64>();
    QTest::newRow("one") << QList<GpuInfo> { makeGpu(0, 1000, 400) } << std::optional<qint64>(600);
    QTest::newRow("nvidia and amd")
        << QList<GpuInfo> { makeGpu(0, 1000, 400), makeGpu(1, 500, 100, u"amd"_s) }
        << std::optional<qint64>(1000);
    QTest::newRow("unknown memory skipped")
        << QList<GpuInfo> { makeGpu(0, -1, -1), makeGpu(1, 800, 300) }
        << std::optional<qint64>(500);
    QTest::newRow("only unknown memory")
        << QList<GpuInfo> { makeGpu(0, -1, -1) } << std::optional<qint64>();
    QTest::newRow("full gpu counts as 0")
        << QList<GpuInfo> { makeGpu(0, 1000, 1000) } << std::optional<qint64>(0);
}

void TestVramMonitor::freeBytes()
{
    QFETCH(QList<GpuInfo>, gpus);
    QFETCH(std::optional<qint64>, free);
    VramSettings settings = isolated();
    settings.detectGpus = false;
    VramMonitor monitor(settings);
    QCOMPARE(monitor.freeBytes(), std::optional<qint64>()); // before any sample
    monitor.addProbe(new ScriptedProbe(u"fake"_s, gpus));
    QVERIFY(sampleOnce(monitor));
    QCOMPARE(monitor.freeBytes(), free);
    const QJsonObject json = monitor.toJson();
    QCOMPARE(json.value(u"free_bytes"_s).isNull(), !free.has_value());
    QCOMPARE(json.value(u"gpus"_s).toArray().size(), gpus.size());
}

void TestVramMonitor::slowProbeWithinDeadline()
{
    // Asynchronous answers are merged; vendor then index order whatever the arrival order.
    VramSettings settings = isolated();
    settings.detectGpus = false;
    VramMonitor monitor(settings);
    monitor.addProbe(new ScriptedProbe(u"slow"_s, { makeGpu(0, 100, 10) }, 150));
    monitor.addProbe(new ScriptedProbe(u"fast"_s, { makeGpu(0, 200, 20, u"amd"_s) }));
    QCOMPARE(monitor.sampleNow(), true);
    QCOMPARE(monitor.sampleNow(), false); // one at a time
    QSignalSpy spy(&monitor, &VramMonitor::sampled);
    QVERIFY(spy.wait(3000));
    const VramSample sample = spy.first().first().value<VramSample>();
    QCOMPARE(sample.gpus.size(), 2);
    QCOMPARE(sample.gpus.at(0).vendor, u"amd"_s);
    QCOMPARE(sample.gpus.at(1).vendor, u"nvidia"_s);
    QVERIFY(monitor.lastErrors().isEmpty());
}

void TestVramMonitor::slowProbeNeverOverlaps()
{
    VramSettings settings = isolated();
    settings.detectGpus = false;
    settings.intervalMs = 50; // the deadline is at most one interval
    VramMonitor monitor(settings);
    auto *slow = new ScriptedProbe(u"slow"_s, { makeGpu(0, 100, 10) }, 250);
    auto *fast = new ScriptedProbe(u"fast"_s, { makeGpu(1, 200, 20) });
    monitor.addProbe(slow);
    monitor.addProbe(fast);
    QSignalSpy spy(&monitor, &VramMonitor::sampled);
    QElapsedTimer clock;
    clock.start();
    monitor.start();
    QTest::qWait(1000);
    monitor.stop();
    QVERIFY2(spy.size() >= 6, qPrintable(QString::number(spy.size())));
    QCOMPARE(slow->maxRunning, 1);
    QVERIFY2(slow->starts <= clock.elapsed() / 250 + 1, qPrintable(QString::number(slow->starts)));
    QVERIFY(fast->starts >= spy.size());
    for (const QList<QVariant> &args : std::as_const(spy)) {
        const VramSample sample = args.first().value<VramSample>();
        QCOMPARE(sample.gpus.size(), 1); // the slow one always misses the deadline
        QCOMPARE(sample.gpus.first().index, 1);
    }
    const QString error = monitor.lastErrors().value(u"slow"_s);
    QVERIFY2(error == u"did not answer within 50 ms; left out"_s
                 || error == u"still busy with an earlier sample; left out"_s,
             qPrintable(error));
    QCOMPARE(monitor.toJson().value(u"errors"_s).toObject().value(u"slow"_s).toString(), error);
}

void TestVramMonitor::queuedAcrossThreads()
{
    VramSettings settings = isolated();
    settings.detectGpus = false;
    VramMonitor monitor(settings);
    monitor.addProbe(new ScriptedProbe(u"fake"_s, { makeGpu(2, 4000, 1000) }));
    QThread thread;
    Receiver receiver;
    receiver.moveToThread(&thread);
    thread.start();
    connect(&monitor, &VramMonitor::sampled, &receiver, &Receiver::take, Qt::QueuedConnection);
    QVERIFY(sampleOnce(monitor));
    QTRY_VERIFY_WITH_TIMEOUT(receiver.done.load(), 3000);
    thread.quit();
    QVERIFY(thread.wait(3000));
    QCOMPARE(receiver.thread, &thread);
    QCOMPARE(receiver.received, *monitor.latest());
    QCOMPARE(receiver.received.gpus.first().usedBytes, 1000);
}

QTEST_GUILESS_MAIN(TestVramMonitor)
#include "tst_vram_monitor.moc"
