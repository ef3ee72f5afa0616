#include "GpuSmiProbe.h"

#include <QProcess>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace switchyard::telemetry {

namespace {
constexpr qint64 kMiB = 1024 * 1024;
constexpr qint64 kMaxOutput = 1024 * 1024; // a few lines per GPU; more is not nvidia-smi

// MiB as nvidia-smi prints them with "nounits"; "[N/A]" (and "N/A") mean unknown (-1).
std::optional<qint64> mebibytes(const QByteArray &field)
{
    if (field == "[N/A]" || field == "N/A" || field == "[Not Supported]")
        return -1;
    bool ok = false;
    const qint64 value = field.toLongLong(&ok);
    if (!ok || value < 0)
        return std::nullopt;
    return value * kMiB;
}

QString excerpt(const QByteArray &text)
{
    QString line = QString::fromUtf8(text.trimmed()).section(u'\n', 0, 0).trimmed();
    if (line.size() > 200)
        line = line.left(200) + u'…';
    return line;
}
} // namespace

GpuSmiProbe::GpuSmiProbe(const QString &program, int timeoutMs, QObject *parent)
    : VramProbe(parent), m_program(program.isEmpty() ? findProgram() : program),
      m_timeoutMs(timeoutMs)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &GpuSmiProbe::onTimeout);
}

GpuSmiProbe::~GpuSmiProbe()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        // SIGKILL cannot be ignored: this reaps the process within a few ms.
        m_process->waitForFinished(1000);
    }
}

QString GpuSmiProbe::findProgram()
{
    return QStandardPaths::findExecutable(u"nvidia-smi"_s);
}

QStringList GpuSmiProbe::arguments()
{
    return { u"--query-gpu=index,name,memory.total,memory.used"_s,
             u"--format=csv,noheader,nounits"_s };
}

Result<QList<GpuInfo>> GpuSmiProbe::parse(const QByteArray &csv)
{
    QList<GpuInfo> gpus;
    for (QByteArray line : csv.split('\n')) {
        line = line.trimmed(); // also drops the \r of Windows line ends
        if (line.isEmpty())
            continue;
        // nvidia-smi quotes nothing, so a comma in a name would split it: index first and the
        // two sizes last are unambiguous, the name is whatever lies between.
        QList<QByteArray> fields = line.split(',');
        if (fields.size() < 4)
            return Error { ErrorCode::Io,
                           u"nvidia-smi printed something that is not a GPU row: %1"_s.arg(
                               excerpt(line)) };
        bool indexOk = false;
        const int index = fields.first().trimmed().toInt(&indexOk);
        const std::optional<qint64> total = mebibytes(fields.at(fields.size() - 2).trimmed());
        const std::optional<qint64> used = mebibytes(fields.last().trimmed());
        fields.removeFirst();
        fields.resize(fields.size() - 2);
        const QByteArray name = fields.join(',').trimmed();
        if (!indexOk || index < 0 || !total || !used || name.isEmpty())
            return Error { ErrorCode::Io,
                           u"nvidia-smi printed something that is not a GPU row: %1"_s.arg(
                               excerpt(line)) };
        GpuInfo gpu;
        gpu.index = index;
        gpu.name = QString::fromUtf8(name);
        gpu.vendor = u"nvidia"_s;
        gpu.totalBytes = *total;
        gpu.usedBytes = *used;
        gpu.source = u"nvidia-smi"_s;
        gpus.append(gpu);
    }
    return gpus;
}

QString GpuSmiProbe::name() const
{
    return u"nvidia-smi"_s;
}

bool GpuSmiProbe::isBusy() const
{
    return m_process != nullptr;
}

void GpuSmiProbe::start()
{
    if (m_process) { // the monitor checks isBusy(); never run two at once anyway
        reportGpus({}, u"nvidia-smi is still running"_s);
        return;
    }
    if (m_program.isEmpty()) {
        reportGpus({}, u"nvidia-smi was not found on PATH"_s);
        return;
    }
    m_timedOut = false;
    m_tooMuchOutput = false;
    auto *process = new QProcess(this);
    m_process = process;
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->setStandardInputFile(QProcess::nullDevice());
    connect(process, &QProcess::readyReadStandardOutput, this, [this, process] {
        if (process->bytesAvailable() > kMaxOutput && !m_tooMuchOutput) {
            m_tooMuchOutput = true;
            process->kill();
        }
    });
    connect(process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        onFinished(exitCode, status == QProcess::CrashExit);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        // Only a failed start ends without finished(); the other errors are followed by it.
        if (error == QProcess::FailedToStart && m_process == process) {
            const QString message
                = u"Could not run %1: %2"_s.arg(m_program, process->errorString());
            m_timer.stop();
            m_process = nullptr;
            process->deleteLater();
            reportGpus({}, message);
        }
    });
    m_timer.start(m_timeoutMs);
    process->start(m_program, arguments(), QIODevice::ReadOnly);
}

void GpuSmiProbe::onTimeout()
{
    if (!m_process)
        return;
    m_timedOut = true;
    m_process->kill(); // finished() follows from the event loop
}

void GpuSmiProbe::onFinished(int exitCode, bool crashed)
{
    QProcess *process = m_process;
    if (!process)
        return;
    m_timer.stop();
    m_process = nullptr;
    process->deleteLater();
    const QByteArray out = process->readAllStandardOutput();
    const QByteArray err = process->readAllStandardError();
    if (m_timedOut) {
        reportGpus({}, u"nvidia-smi did not answer within %1 ms and was killed"_s.arg(m_timeoutMs));
        return;
    }
    if (m_tooMuchOutput) {
        reportGpus({}, u"nvidia-smi printed more than %1 bytes and was killed"_s.arg(kMaxOutput));
        return;
    }
    if (crashed || exitCode != 0) {
        // It prints "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA
        // driver…" on stdout when the driver is gone.
        const QString detail = excerpt(out.trimmed().isEmpty() ? err : out);
        reportGpus({},
                   crashed ? u"nvidia-smi crashed"_s
                           : u"nvidia-smi exited with code %1%2"_s.arg(exitCode).arg(
                               detail.isEmpty() ? QString() : QString(u": "_s + detail)));
        return;
    }
    reportGpus(parse(out));
}

} // namespace switchyard::telemetry
