#pragma once

#include "base/Result.h"
#include "telemetry/GpuInfo.h"
#include "telemetry/VramProbe.h"

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

class QProcess;

namespace switchyard::telemetry {

/// NVIDIA GPUs through `nvidia-smi` when NVML cannot be loaded. The tool is run asynchronously
/// and killed when it has not answered within the timeout (a wedged driver makes it hang).
class GpuSmiProbe final : public VramProbe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GpuSmiProbe)

public:
    /// Runs \a program (empty: `nvidia-smi` found on PATH) with a \a timeoutMs limit.
    explicit GpuSmiProbe(const QString &program = {}, int timeoutMs = 5000,
                         QObject *parent = nullptr);
    ~GpuSmiProbe() override;

    /// nvidia-smi's full path on PATH, empty when it is not installed.
    static QString findProgram();
    /// The arguments: one CSV line per GPU with index, name, memory.total and memory.used (MiB).
    static QStringList arguments();
    /// Parses that CSV (MiB become bytes; "[N/A]" becomes -1). Any line that is not a GPU row
    /// (an error message, garbage) fails the whole output.
    static Result<QList<GpuInfo>> parse(const QByteArray &csv);

    QString program() const { return m_program; }

    QString name() const override;
    void start() override;
    bool isBusy() const override;

private:
    void onFinished(int exitCode, bool crashed);
    void onTimeout();

    QString m_program;
    int m_timeoutMs = 5000;
    QPointer<QProcess> m_process;
    QTimer m_timer;
    bool m_timedOut = false;
    bool m_tooMuchOutput = false;
};

} // namespace switchyard::telemetry
