#pragma once

#include "admin/AdminRequest.h"
#include "admin/ProviderEditor.h"
#include "admin/ProviderProbe.h"
#include "config/Config.h"

namespace switchyard::admin {

class ConfigEditor;

/// `switchyard providers list|add|remove|test`: the request to the engine, the answer as text.
class ProviderCommands final
{
public:
    /// The providers as a table, or a JSON array with \a json.
    static AdminOutcome list(const config::Config &config, bool json);
    /// Adds the provider \a request describes.
    static AdminOutcome add(const ConfigEditor &editor, const AdminRequest &request);
    /// Removes the provider \a request names.
    static AdminOutcome remove(const ConfigEditor &editor, const AdminRequest &request);
    /// What `providers test` prints for \a result of probing \a provider.
    static AdminOutcome tested(const config::ProviderConfig &provider, const ProbeResult &result,
                               bool json);

    /// The provider `providers add` describes.
    static NewProvider newProvider(const AdminRequest &request);
};

} // namespace switchyard::admin
