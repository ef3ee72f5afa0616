#pragma once

#include "cli/AdminOutcome.h"
#include "config/Config.h"

namespace switchyard::cli {

/// `switchyard routes list` and `switchyard models`: what clients can ask for, as text.
class CatalogCommands final
{
public:
    /// The routes as a table, or a JSON array with \a json.
    static AdminOutcome routes(const config::Config &config, bool json);
    /// admin::clientModels() as a table, or a JSON array with \a json.
    static AdminOutcome models(const config::Config &config, bool json);
};

} // namespace switchyard::cli
