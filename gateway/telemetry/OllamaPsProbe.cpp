#include "OllamaPsProbe.h"

#include "providers/ProviderAdapters.h"
#include "telemetry/OllamaPs.h"
#include "upstream/UpstreamClient.h"
#include "upstream/UpstreamTransfer.h"

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace switchyard::telemetry {

namespace {
constexpr qsizetype kMaxBody = 4 * 1024 * 1024; // a list of loaded models, not a download
}

OllamaPsProbe::OllamaPsProbe(const config::ProviderConfig &provider,
                             upstream::UpstreamClient *client, int timeoutMs, QObject *parent)
    : VramProbe(parent), m_provider(provider), m_client(client), m_timeoutMs(timeoutMs)
{
}

OllamaPsProbe::~OllamaPsProbe()
{
    if (m_transfer) {
        m_transfer->disconnect(this);
        m_transfer->cancel();
    }
}

QString OllamaPsProbe::name() const
{
    return u"ollama:"_s + m_provider.name;
}

bool OllamaPsProbe::isBusy() const
{
    return m_transfer != nullptr;
}

void OllamaPsProbe::start()
{
    if (m_transfer) {
        reportModels({}, u"the previous /api/ps request is still running"_s);
        return;
    }
    if (!m_client) {
        reportModels({}, u"no upstream client to ask /api/ps with"_s);
        return;
    }
    auto spec = providers::adapterFor(m_provider.kind).loadedModelsRequest(m_provider);
    if (!spec) {
        reportModels({}, spec.error().message);
        return;
    }
    spec->timeouts.connectMs = std::min(spec->timeouts.connectMs, m_timeoutMs);
    spec->timeouts.firstByteMs = m_timeoutMs;
    spec->timeouts.streamIdleMs = m_timeoutMs;
    spec->timeouts.totalMs = m_timeoutMs;
    m_body.clear();
    upstream::UpstreamTransfer *transfer = m_client->start(std::move(*spec));
    m_transfer = transfer;
    connect(transfer, &upstream::UpstreamTransfer::dataReceived, this,
            [this](const QByteArray &data) {
                if (m_body.size() < kMaxBody)
                    m_body += data;
            });
    connect(transfer, &upstream::UpstreamTransfer::finished, this,
            [this, transfer](upstream::TransferError error, const QString &message) {
                const int status = transfer->status();
                m_transfer = nullptr;
                const QByteArray body = std::exchange(m_body, {});
                if (error != upstream::TransferError::None) {
                    reportModels(
                        {},
                        u"/api/ps failed: %1"_s.arg(
                            message.isEmpty() ? upstream::transferErrorName(error) : message));
                    return;
                }
                if (status != 200) {
                    reportModels({}, u"/api/ps answered HTTP %1"_s.arg(status));
                    return;
                }
                Result<QList<LoadedModel>> models = OllamaPs::tryParse(body, m_provider.name);
                reportModels(models ? *models : QList<LoadedModel>(),
                             models ? QString() : models.error().message);
            });
}

} // namespace switchyard::telemetry
