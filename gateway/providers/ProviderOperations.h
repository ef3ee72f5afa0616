#pragma once

#include "base/ApiError.h"
#include "config/Config.h"
#include "providers/ModelCatalog.h"

#include <QJsonObject>

#include <functional>
#include <variant>

class QObject;

namespace switchyard::upstream {
class UpstreamClient;
}

namespace switchyard::providers {

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
};

} // namespace switchyard::providers
