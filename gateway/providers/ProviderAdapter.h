#pragma once

#include "base/HeaderList.h"
#include "base/Result.h"
#include "base/WireFormat.h"
#include "config/Config.h"
#include "providers/ProviderRequest.h"
#include "upstream/UpstreamTypes.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace switchyard::providers {

/// A model a provider holds in memory right now, as its loaded-models answer says.
struct ResidentModel
{
    QString name;
    qint64 sizeBytes = 0; ///< the whole model
    qint64 vramBytes = 0; ///< the part in GPU memory
    QJsonValue expiresAt; ///< as the provider wrote it
};

/// Everything that differs between the kinds of provider: the wire format spoken, the
/// requests (chat, model list, health probe, load/unload, loaded models) and their answers.
/// One stateless implementation per config::ProviderKind, found through adapterFor().
/// Operations a kind cannot do fail with ErrorCode::Unsupported and a message for the client.
class ProviderAdapter
{
public:
    virtual ~ProviderAdapter() = default;

    virtual config::ProviderKind kind() const = 0;
    /// How the provider takes its API key.
    virtual AuthStyle authStyle() const = 0;

    /// The format the provider speaks for a request that arrived as \a inbound.
    virtual base::WireFormat upstreamFormat(base::WireFormat inbound) const = 0;
    /// The request carrying \a body, already in \a format (what upstreamFormat() chose): URL,
    /// key and content headers; \a clientHeaders are the client's, for those a protocol passes on.
    virtual Result<upstream::UpstreamRequestSpec>
    buildRequest(const config::ProviderConfig &provider, base::WireFormat format,
                 const QByteArray &body, bool stream,
                 const base::HeaderList &clientHeaders) const = 0;

    /// The provider's model list (discovery).
    virtual Result<upstream::UpstreamRequestSpec>
    modelsRequest(const config::ProviderConfig &provider) const = 0;
    /// The model ids in an answer to modelsRequest() (or to probeRequest()).
    virtual QStringList parseModels(const QByteArray &body) const = 0;
    /// What an active health check asks: the model list, or a health endpoint.
    virtual Result<upstream::UpstreamRequestSpec>
    probeRequest(const config::ProviderConfig &provider) const = 0;

    /// Loads \a model into memory (\a load) or frees it.
    virtual Result<upstream::UpstreamRequestSpec>
    loadRequest(const config::ProviderConfig &provider, const QString &model, bool load) const = 0;
    /// Whether loadedModelsRequest() is supported.
    virtual bool reportsLoadedModels() const = 0;
    /// Asks which models the provider holds in memory now.
    virtual Result<upstream::UpstreamRequestSpec>
    loadedModelsRequest(const config::ProviderConfig &provider) const = 0;
    /// The models in an answer to loadedModelsRequest().
    virtual QList<ResidentModel> parseLoadedModels(const QByteArray &body) const = 0;
};

} // namespace switchyard::providers
