#include "VramProbe.h"

namespace switchyard::telemetry {

VramProbe::VramProbe(QObject *parent) : QObject(parent) { }

void VramProbe::reportGpus(const QList<GpuInfo> &gpus, const QString &error)
{
    VramSample part;
    part.gpus = gpus;
    Q_EMIT finished(part, error);
}

void VramProbe::reportGpus(const Result<QList<GpuInfo>> &gpus)
{
    if (gpus)
        reportGpus(*gpus);
    else
        reportGpus({}, gpus.error().message);
}

void VramProbe::reportModels(const QList<LoadedModel> &models, const QString &error)
{
    VramSample part;
    part.models = models;
    Q_EMIT finished(part, error);
}

} // namespace switchyard::telemetry
