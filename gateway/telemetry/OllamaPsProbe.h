#pragma once

#include "config/Config.h"
#include "telemetry/VramProbe.h"

#include <QByteArray>
#include <QPointer>

namespace switchyard::upstream {
class UpstreamClient;
class UpstreamTransfer;
} // namespace switchyard::upstream

namespace switchyard::telemetry {

/// The models one Ollama provider holds in memory (GET /api/ps), asked through the gateway's
/// upstream client with a short time limit so a stuck server never holds a sample up for long.
class OllamaPsProbe final : public VramProbe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OllamaPsProbe)

public:
    OllamaPsProbe(const config::ProviderConfig &provider, upstream::UpstreamClient *client,
                  int timeoutMs, QObject *parent = nullptr);
    ~OllamaPsProbe() override; ///< cancels a request still running

    QString provider() const { return m_provider.name; }

    QString name() const override; ///< "ollama:<provider>"
    void start() override;
    bool isBusy() const override;

private:
    config::ProviderConfig m_provider;
    QPointer<upstream::UpstreamClient> m_client;
    int m_timeoutMs = 1500;
    QPointer<upstream::UpstreamTransfer> m_transfer;
    QByteArray m_body;
};

} // namespace switchyard::telemetry
