#include "telemetry/GpuInfo.h"
#include "telemetry/GpuSmiProbe.h"
#include "telemetry/GpuSysfsProbe.h"
#include "telemetry/OllamaPs.h"
#include "telemetry/VramSample.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::telemetry;

namespace {
constexpr qint64 kMiB = 1024 * 1024;

void writeFile(const QString &path, const QByteArray &content)
{
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(content), content.size());
}
} // namespace

/// The parsers of VRAM telemetry: nvidia-smi CSV, the amdgpu sysfs tree, Ollama's /api/ps.
class TestVramParsers final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void smiRows_data();
    void smiRows();
    void smiGarbage_data();
    void smiGarbage();
    void smiArguments();

    void sysfsCard_data();
    void sysfsCard();
    void sysfsTree();
    void sysfsMissingRoot();

    void ollamaPs_data();
    void ollamaPs();
    void ollamaPsRejects_data();
    void ollamaPsRejects();
    void ollamaPsFakeServerShape();

    void gpuJson();
    void modelJson();
};

void TestVramParsers::smiRows_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QList<int>>("indexes");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QList<qint64>>("totals");
    QTest::addColumn<QList<qint64>>("used");

    QTest::newRow("one gpu") << "0, NVIDIA GeForce RTX 4090, 24564, 1234\n"_ba << QList<int> { 0 }
                             << QStringList { u"NVIDIA GeForce RTX 4090"_s }
                             << QList<qint64> { 24564 * kMiB } << QList<qint64> { 1234 * kMiB };
    QTest::newRow("two gpus, CRLF, no final newline")
        << "0, Tesla T4, 15360, 0\r\n1, Tesla T4, 15360, 15000"_ba << QList<int> { 0, 1 }
        << QStringList { u"Tesla T4"_s, u"Tesla T4"_s }
        << QList<qint64> { 15360 * kMiB, 15360 * kMiB } << QList<qint64> { 0, 15000 * kMiB };
    // nvidia-smi quotes nothing: a comma in a name must not shift the numbers.
    QTest::newRow("comma in name")
        << "3, NVIDIA A100-SXM4-80GB, MIG 1g.10gb, 81920, 10\n"_ba << QList<int> { 3 }
        << QStringList { u"NVIDIA A100-SXM4-80GB, MIG 1g.10gb"_s } << QList<qint64> { 81920 * kMiB }
        << QList<qint64> { 10 * kMiB };
    QTest::newRow("[N/A] memory") << "0, NVIDIA GH200 480GB, [N/A], [N/A]\n"_ba << QList<int> { 0 }
                                  << QStringList { u"NVIDIA GH200 480GB"_s } << QList<qint64> { -1 }
                                  << QList<qint64> { -1 };
    QTest::newRow("[N/A] used only") << "1, Quadro P1000, 4096, [N/A]\n"_ba << QList<int> { 1 }
                                     << QStringList { u"Quadro P1000"_s }
                                     << QList<qint64> { 4096 * kMiB } << QList<qint64> { -1 };
    QTest::newRow("blank lines around")
        << "\n\n0, RTX 3060, 12288, 512\n\n"_ba << QList<int> { 0 } << QStringList { u"RTX 3060"_s }
        << QList<qint64> { 12288 * kMiB } << QList<qint64> { 512 * kMiB };
    QTest::newRow("no gpu: empty output")
        << QByteArray() << QList<int>() << QStringList() << QList<qint64>() << QList<qint64>();
}

void TestVramParsers::smiRows()
{
    QFETCH(QByteArray, csv);
    QFETCH(QList<int>, indexes);
    QFETCH(QStringList, names);
    QFETCH(QList<qint64>, totals);
    QFETCH(QList<qint64>, used);

    const Result<QList<GpuInfo>> gpus = GpuSmiProbe::parse(csv);
    QVERIFY2(gpus.ok(), qPrintable(gpus.ok() ? QString() : gpus.error().message));
    QCOMPARE(gpus->size(), indexes.size());
    for (qsizetype i = 0; i < gpus->size(); ++i) {
        const GpuInfo &gpu = gpus->at(i);
        QCOMPARE(gpu.index, indexes.at(i));
        QCOMPARE(gpu.name, names.at(i));
        QCOMPARE(gpu.totalBytes, totals.at(i));
        QCOMPARE(gpu.usedBytes, used.at(i));
        QCOMPARE(gpu.vendor, u"nvidia"_s);
        QCOMPARE(gpu.source, u"nvidia-smi"_s);
    }
}

void TestVramParsers::smiGarbage_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QString>("excerpt");

    QTest::newRow("driver gone")
        << "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make "
           "sure that the latest NVIDIA driver is installed and running.\n"_ba
        << u"NVIDIA-SMI has failed"_s;
    QTest::newRow("index not a number") << "x, RTX 3060, 12288, 512\n"_ba << u"x, RTX"_s;
    QTest::newRow("total not a number") << "0, RTX 3060, lots, 512\n"_ba << u"lots"_s;
    QTest::newRow("negative used") << "0, RTX 3060, 12288, -5\n"_ba << u"-5"_s;
    QTest::newRow("three fields") << "0, 12288, 512\n"_ba << u"0, 12288, 512"_s;
    QTest::newRow("empty name") << "0, , 12288, 512\n"_ba << u"12288"_s;
    QTest::newRow("units left in") << "0, RTX 3060, 12288 MiB, 512 MiB\n"_ba << u"MiB"_s;
    QTest::newRow("good row then garbage")
        << "0, RTX 3060, 12288, 512\nSegmentation fault\n"_ba << u"Segmentation fault"_s;
    QTest::newRow("binary") << QByteArray("\x01\x02,\xff\xfe,\x00,\x7f", 9) << QString();
}

void TestVramParsers::smiGarbage()
{
    QFETCH(QByteArray, csv);
    QFETCH(QString, excerpt);

    const Result<QList<GpuInfo>> gpus = GpuSmiProbe::parse(csv);
    QVERIFY(!gpus.ok());
    QCOMPARE(gpus.error().code, ErrorCode::Io);
    QVERIFY2(gpus.error().message.contains(u"not a GPU row"_s), qPrintable(gpus.error().message));
    QVERIFY2(gpus.error().message.contains(excerpt), qPrintable(gpus.error().message));
}

void TestVramParsers::smiArguments()
{
    QCOMPARE(GpuSmiProbe::arguments(),
             QStringList({ u"--query-gpu=index,name,memory.total,memory.used"_s,
                           u"--format=csv,noheader,nounits"_s }));
}

void TestVramParsers::sysfsCard_data()
{
    QTest::addColumn<QString>("card");
    QTest::addColumn<QByteArray>("total"); // null: file absent
    QTest::addColumn<QByteArray>("used");
    QTest::addColumn<QByteArray>("product");
    QTest::addColumn<bool>("listed");
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("totalBytes");
    QTest::addColumn<qint64>("usedBytes");

    QTest::newRow("radeon with product name")
        << u"card0"_s << "25753026560\n"_ba
        << "1234567\n"_ba
        << "AMD Radeon RX 7900 XTX\n"_ba << true << 0 << u"AMD Radeon RX 7900 XTX"_s
        << 25753026560LL << 1234567LL;
    QTest::newRow("no product_name")
        << u"card2"_s << "8573157376\n"_ba
        << "0\n"_ba << QByteArray() << true << 2 << u"AMD GPU card2"_s << 8573157376LL << 0LL;
    QTest::newRow("empty product_name (consumer cards)")
        << u"card1"_s << "17163091968"_ba
        << "4096"_ba
        << "\n"_ba << true << 1 << u"AMD GPU card1"_s << 17163091968LL << 4096LL;
    QTest::newRow("used unreadable") << u"card3"_s << "1000"_ba
                                     << "busy"_ba
                                     << "APU"_ba << true << 3 << u"APU"_s << 1000LL << -1LL;
    QTest::newRow("intel: no vram files") << u"card0"_s << QByteArray() << QByteArray()
                                          << QByteArray() << false << 0 << QString() << 0LL << 0LL;
    QTest::newRow("total garbage")
        << u"card0"_s << "n/a"_ba
        << "1"_ba << QByteArray() << false << 0 << QString() << 0LL << 0LL;
    QTest::newRow("connector entry")
        << u"card0-DP-1"_s << "1000"_ba
        << "1"_ba << QByteArray() << false << 0 << QString() << 0LL << 0LL;
    QTest::newRow("render node") << u"renderD128"_s << "1000"_ba
                                 << "1"_ba << QByteArray() << false << 0 << QString() << 0LL << 0LL;
}

void TestVramParsers::sysfsCard()
{
    QFETCH(QString, card);
    QFETCH(QByteArray, total);
    QFETCH(QByteArray, used);
    QFETCH(QByteArray, product);
    QFETCH(bool, listed);

    QTemporaryDir root;
    QVERIFY(root.isValid());
    const QString device = root.filePath(card + u"/device/"_s);
    QVERIFY(QDir().mkpath(device));
    if (!total.isNull())
        writeFile(device + u"mem_info_vram_total"_s, total);
    if (!used.isNull())
        writeFile(device + u"mem_info_vram_used"_s, used);
    if (!product.isNull())
        writeFile(device + u"product_name"_s, product);

    const QList<GpuInfo> gpus = GpuSysfsProbe::read(root.path());
    QCOMPARE(gpus.size(), listed ? 1 : 0);
    if (!listed)
        return;
    QFETCH(int, index);
    QFETCH(QString, name);
    QFETCH(qint64, totalBytes);
    QFETCH(qint64, usedBytes);
    const GpuInfo &gpu = gpus.first();
    QCOMPARE(gpu.index, index);
    QCOMPARE(gpu.name, name);
    QCOMPARE(gpu.totalBytes, totalBytes);
    QCOMPARE(gpu.usedBytes, usedBytes);
    QCOMPARE(gpu.vendor, u"amd"_s);
    QCOMPARE(gpu.source, u"sysfs"_s);
}

void TestVramParsers::sysfsTree()
{
    // A machine with an Intel iGPU (card0), two Radeons (card1, card10) and connector entries.
    QTemporaryDir root;
    QVERIFY(root.isValid());
    QVERIFY(QDir().mkpath(root.filePath(u"card0/device"_s)));
    writeFile(root.filePath(u"card0/device/vendor"_s), "0x8086\n");
    writeFile(root.filePath(u"card10/device/mem_info_vram_total"_s), "2000\n");
    writeFile(root.filePath(u"card10/device/mem_info_vram_used"_s), "500\n");
    writeFile(root.filePath(u"card1/device/mem_info_vram_total"_s), "1000\n");
    writeFile(root.filePath(u"card1/device/mem_info_vram_used"_s), "250\n");
    QVERIFY(QDir().mkpath(root.filePath(u"card1-HDMI-A-1"_s)));
    QVERIFY(QDir().mkpath(root.filePath(u"renderD128"_s)));
    writeFile(root.filePath(u"version"_s), "drm 1.1.0\n");

    const QList<GpuInfo> gpus = GpuSysfsProbe::read(root.path());
    QCOMPARE(gpus.size(), 2);
    QCOMPARE(gpus.at(0).index, 1); // numeric order, not "card10" < "card1"
    QCOMPARE(gpus.at(0).freeBytes(), std::optional<qint64>(750));
    QCOMPARE(gpus.at(1).index, 10);
    QCOMPARE(gpus.at(1).name, u"AMD GPU card10"_s);
    QCOMPARE(gpus.at(1).freeBytes(), std::optional<qint64>(1500));
}

void TestVramParsers::sysfsMissingRoot()
{
    QVERIFY(GpuSysfsProbe::read(u"/nonexistent/switchyard/drm"_s).isEmpty());
}

void TestVramParsers::ollamaPs_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("models");
    QTest::addColumn<QList<qint64>>("sizes");
    QTest::addColumn<QList<qint64>>("vram");
    QTest::addColumn<QList<qint64>>("cpu");
    QTest::addColumn<QStringList>("expires"); // UTC, ms; empty: unknown

    // Ollama's documented example, extra fields and all.
    QTest::newRow("all in vram")
        << R"({"models":[{"name":"mistral:latest","model":"mistral:latest","size":5137025024,
              "digest":"2ae6f6dd7a3dd734790bbbf58b8909a606e0e7e97e94b7604e0aa7ae4490e6d8",
              "details":{"parent_model":"","format":"gguf","family":"llama",
              "families":["llama"],"parameter_size":"7.2B","quantization_level":"Q4_0"},
              "expires_at":"2024-06-04T14:38:31.83753-07:00","size_vram":5137025024}]})"_ba
        << QStringList { u"mistral:latest"_s } << QList<qint64> { 5137025024 }
        << QList<qint64> { 5137025024 } << QList<qint64> { 0 }
        << QStringList { u"2024-06-04T21:38:31.838Z"_s };
    QTest::newRow("cpu spill")
        << R"({"models":[{"name":"llama3.1:70b","size":42000000000,"size_vram":24000000000,
              "expires_at":"2099-01-01T00:00:00Z"}]})"_ba
        << QStringList { u"llama3.1:70b"_s } << QList<qint64> { 42000000000 }
        << QList<qint64> { 24000000000 } << QList<qint64> { 18000000000 }
        << QStringList { u"2099-01-01T00:00:00.000Z"_s };
    QTest::newRow("cpu only")
        << R"({"models":[{"name":"qwen2.5:0.5b","size":700000000,"size_vram":0,
              "expires_at":"2025-03-01T10:00:00.123456789Z"}]})"_ba
        << QStringList { u"qwen2.5:0.5b"_s } << QList<qint64> { 700000000 } << QList<qint64> { 0 }
        << QList<qint64> { 700000000 } << QStringList { u"2025-03-01T10:00:00.123Z"_s };
    QTest::newRow("model field only, no expiry")
        << R"({"models":[{"model":"phi3:mini","size":2000,"size_vram":1500}]})"_ba
        << QStringList { u"phi3:mini"_s } << QList<qint64> { 2000 } << QList<qint64> { 1500 }
        << QList<qint64> { 500 } << QStringList { QString() };
    QTest::newRow("two models, nameless one skipped")
        << R"({"models":[{"name":"a","size":10,"size_vram":10},{"size":5},
              {"name":"b","size":20,"size_vram":5}]})"_ba
        << QStringList { u"a"_s, u"b"_s } << QList<qint64> { 10, 20 } << QList<qint64> { 10, 5 }
        << QList<qint64> { 0, 15 } << QStringList { QString(), QString() };
    QTest::newRow("nothing loaded") << R"({"models":[]})"_ba << QStringList() << QList<qint64>()
                                    << QList<qint64>() << QList<qint64>() << QStringList();
}

void TestVramParsers::ollamaPs()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, models);
    QFETCH(QList<qint64>, sizes);
    QFETCH(QList<qint64>, vram);
    QFETCH(QList<qint64>, cpu);
    QFETCH(QStringList, expires);

    const Result<QList<LoadedModel>> checked = OllamaPs::tryParse(json, u"local"_s);
    QVERIFY(checked.ok());
    const QList<LoadedModel> loaded = OllamaPs::parse(json, u"local"_s);
    QCOMPARE(loaded, *checked);
    QCOMPARE(loaded.size(), models.size());
    for (qsizetype i = 0; i < loaded.size(); ++i) {
        const LoadedModel &m = loaded.at(i);
        QCOMPARE(m.provider, u"local"_s);
        QCOMPARE(m.model, models.at(i));
        QCOMPARE(m.sizeBytes, sizes.at(i));
        QCOMPARE(m.vramBytes, vram.at(i));
        QCOMPARE(m.cpuBytes(), cpu.at(i));
        QCOMPARE(m.expiresAt.isValid(), !expires.at(i).isEmpty());
        if (m.expiresAt.isValid())
            QCOMPARE(m.expiresAt.toUTC().toString(Qt::ISODateWithMs), expires.at(i));
    }
}

void TestVramParsers::ollamaPsRejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not json") << "<html>502 Bad Gateway</html>"_ba;
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("array") << "[]"_ba;
    QTest::newRow("no models") << R"({"error":"unauthorized"})"_ba;
    QTest::newRow("models not a list") << R"({"models":{"name":"a"}})"_ba;
    QTest::newRow("truncated") << R"({"models":[{"name":"a","size":1)"_ba;
}

void TestVramParsers::ollamaPsRejects()
{
    QFETCH(QByteArray, json);
    const Result<QList<LoadedModel>> models = OllamaPs::tryParse(json, u"local"_s);
    QVERIFY(!models.ok());
    QVERIFY(models.error().message.contains(u"/api/ps"_s));
    QVERIFY(OllamaPs::parse(json, u"local"_s).isEmpty());
}

void TestVramParsers::ollamaPsFakeServerShape()
{
    // What tests/fakes/FakeOllama serves; the monitor test relies on these numbers.
    const QByteArray json = R"({"models":[{"name":"llama3.2:3b","model":"llama3.2:3b",
        "size":3000000000,"size_vram":2500000000,"expires_at":"2099-01-01T00:00:00Z",
        "context_length":4096}]})"_ba;
    const QList<LoadedModel> models = OllamaPs::parse(json, u"ollama"_s);
    QCOMPARE(models.size(), 1);
    QCOMPARE(models.first().cpuBytes(), 500'000'000LL);
}

void TestVramParsers::gpuJson()
{
    GpuInfo gpu;
    gpu.index = 1;
    gpu.name = u"RTX 3060"_s;
    gpu.vendor = u"nvidia"_s;
    gpu.source = u"nvml"_s;
    gpu.totalBytes = 12 * 1024 * kMiB;
    gpu.usedBytes = 13 * 1024 * kMiB; // reserved memory can exceed total: free clamps to 0
    QJsonObject json = gpu.toJson();
    QCOMPARE(json.value(u"index"_s).toInt(), 1);
    QCOMPARE(json.value(u"name"_s).toString(), u"RTX 3060"_s);
    QCOMPARE(json.value(u"vendor"_s).toString(), u"nvidia"_s);
    QCOMPARE(json.value(u"source"_s).toString(), u"nvml"_s);
    QCOMPARE(json.value(u"total_bytes"_s).toInteger(), 12 * 1024 * kMiB);
    QCOMPARE(json.value(u"used_bytes"_s).toInteger(), 13 * 1024 * kMiB);
    QCOMPARE(json.value(u"free_bytes"_s).toInteger(-1), 0);

    gpu.usedBytes = 2 * 1024 * kMiB;
    QCOMPARE(gpu.toJson().value(u"free_bytes"_s).toInteger(), 10 * 1024 * kMiB);

    gpu.usedBytes = -1; // [N/A]
    QVERIFY(!gpu.freeBytes().has_value());
    json = gpu.toJson();
    QVERIFY(json.value(u"used_bytes"_s).isNull());
    QVERIFY(json.value(u"free_bytes"_s).isNull());
    QCOMPARE(json.value(u"total_bytes"_s).toInteger(), 12 * 1024 * kMiB);
}

void TestVramParsers::modelJson()
{
    LoadedModel model;
    model.provider = u"local"_s;
    model.model = u"llama3.1:8b"_s;
    model.sizeBytes = 6000;
    model.vramBytes = 4000;
    model.expiresAt = QDateTime::fromString(u"2030-01-02T03:04:05.250+01:00"_s, Qt::ISODateWithMs);
    QJsonObject json = model.toJson();
    QCOMPARE(json.value(u"provider"_s).toString(), u"local"_s);
    QCOMPARE(json.value(u"model"_s).toString(), u"llama3.1:8b"_s);
    QCOMPARE(json.value(u"size_bytes"_s).toInteger(), 6000);
    QCOMPARE(json.value(u"vram_bytes"_s).toInteger(), 4000);
    QCOMPARE(json.value(u"cpu_bytes"_s).toInteger(), 2000);
    QCOMPARE(json.value(u"expires_at"_s).toString(), u"2030-01-02T02:04:05.250Z"_s);

    model.expiresAt = QDateTime();
    model.vramBytes = 9000; // never a negative spill
    json = model.toJson();
    QVERIFY(json.value(u"expires_at"_s).isNull());
    QCOMPARE(json.value(u"cpu_bytes"_s).toInteger(), 0);
}

QTEST_GUILESS_MAIN(TestVramParsers)
#include "tst_vram_parsers.moc"
