#pragma once

#include "admin/AdminRequest.h"
#include "config/Config.h"

namespace switchyard::admin {

/// `switchyard routes list` and `switchyard models`: what clients can ask for.
class CatalogCommands final
{
public:
    static AdminOutcome routes(const config::Config &config, bool json);
    static AdminOutcome models(const config::Config &config, bool json);
};

} // namespace switchyard::admin
