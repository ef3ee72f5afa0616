#pragma once

#include "admin/ProviderEditor.h"
#include "admin/ProviderProbe.h"
#include "cli/AdminOutcome.h"
#include "cli/AdminRequest.h"
#include "config/Config.h"

namespace switchyard::admin {
class ConfigEditor;
}

namespace switchyard::cli {

/// `switchyard providers list|add|remove|test`: the request to the engine, the answer as text.
class ProviderCommands final
{
public:
    /// The providers as a table, or a JSON array with \a json.
    static AdminOutcome list(const config::Config &config, bool json);
    /// Adds the provider \a request describes.
    static AdminOutcome add(const admin::ConfigEditor &editor, const AdminRequest &request);
    /// Removes the provider \a request names.
    static AdminOutcome remove(const admin::ConfigEditor &editor, const AdminRequest &request);
    /// What `providers test` prints for \a result of probing \a provider.
    static AdminOutcome tested(const config::ProviderConfig &provider,
                               const providers::ProbeResult &result, bool json);

    /// The provider `providers add` describes.
    static admin::NewProvider newProvider(const AdminRequest &request);
};

} // namespace switchyard::cli
