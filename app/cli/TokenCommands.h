#pragma once

#include "admin/TokenEditor.h"
#include "cli/AdminOutcome.h"
#include "cli/AdminRequest.h"
#include "config/Config.h"

namespace switchyard::admin {
class ConfigEditor;
}

namespace switchyard::cli {

/// `switchyard tokens create|list|revoke`: the request to admin::TokenEditor, the answer as
/// text (a new token is shown once, at creation).
class TokenCommands final
{
public:
    /// Creates the token \a request describes and shows it.
    static AdminOutcome create(const admin::ConfigEditor &editor, const AdminRequest &request);
    /// The tokens of \a config as a table, or JSON with \a json (names and limits, no hashes
    /// in the table).
    static AdminOutcome list(const config::Config &config, bool json);
    /// Revokes the token \a request names.
    static AdminOutcome revoke(const admin::ConfigEditor &editor, const AdminRequest &request);

    /// The token `tokens create` describes.
    static admin::NewToken newToken(const AdminRequest &request);
};

} // namespace switchyard::cli
