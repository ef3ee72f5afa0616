#pragma once

#include "admin/AdminPaths.h"
#include "admin/AdminRequest.h"
#include "config/Config.h"

namespace switchyard::admin {

/// `switchyard tokens create|list|revoke`: access tokens in the config's "tokens" (hashes only;
/// a new token is shown once, at creation).
class TokenCommands final
{
public:
    static AdminOutcome create(const AdminPaths &paths, const AdminRequest &request);
    static AdminOutcome list(const config::Config &config, bool json);
    static AdminOutcome revoke(const AdminPaths &paths, const AdminRequest &request);
};

} // namespace switchyard::admin
