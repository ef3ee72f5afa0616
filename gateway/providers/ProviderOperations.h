#pragma once

#include "base/ApiError.h"
#include "base/Result.h"
#include "config/Config.h"
#include "providers/ModelCatalog.h"
#include "upstream/UpstreamTypes.h"

#include <QJsonObject>
#include <QMetaType>
#include <QStringList>

#include <functional>
#include <variant>

class QObject;

namespace switchyard::upstream {
class UpstreamClient;
}

namespace switchyard::providers {

/// What one probe of a provider found (`switchyard providers test`, the desktop app's test
/// button).
struct ProbeResult
{
    bool ok = false;
    int status = 0; ///< HTTP status; 0 when there was no answer
    qint64 latencyMs = 0;
    int models = -1; ///< models in the answer; -1 when it was not a model list
    QString error {};
};

/// Model management on a provider, for the endpoints that offer it: asks the provider through
/// the gateway's upstream client (the request comes from its kind's adapter) and hands back the
/// JSON answer for the client, or the error to send instead (statuses and texts as the API
/// documents them). Endpoints never start upstream transfers themselves.
class ProviderOperations final
{
public:
    using Answer = std::variant<QJsonObject, base::ApiError>;
    using Done = std::function<void(const Answer &)>;

    /// Loads (\a load) or unloads \a target's model: `{"id", "status": "loaded"|"unloaded"}`.
    /// \a done runs once: at once when the provider cannot be asked (its kind cannot load
    /// models, its key is missing), else when it has answered, unless \a context is gone.
    static void loadModel(upstream::UpstreamClient *client, const Target &target, bool load,
                          QObject *context, Done done);
    /// The models \a provider holds in memory now: `{"provider", "models": [{"id",
    /// "size_bytes", "vram_bytes", "cpu_spill", "expires_at"}]}`. \a done runs once, as above.
    static void loadedModels(upstream::UpstreamClient *client,
                             const config::ProviderConfig &provider, QObject *context, Done done);

    /// Sends a probe (the health checker's request for the provider, built by the caller
    /// with the credential it has) with \a timeoutMs for every phase, and judges the answer.
    /// \a done runs once, always from the event loop, unless \a context is gone.
    static void probe(upstream::UpstreamClient *client, Result<upstream::UpstreamRequestSpec> spec,
                      int timeoutMs, QObject *context,
                      std::function<void(const ProbeResult &)> done);
    /// The models \a provider offers now, asked with its kind's model-list request.
    static void
    listModels(upstream::UpstreamClient *client, const config::ProviderConfig &provider,
               QObject *context,
               std::function<void(const std::variant<QStringList, base::ApiError> &)> done);
};

} // namespace switchyard::providers

Q_DECLARE_METATYPE(switchyard::providers::ProbeResult)
