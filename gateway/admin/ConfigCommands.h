#pragma once

#include "admin/AdminPaths.h"
#include "admin/AdminRequest.h"
#include "base/Result.h"
#include "config/Config.h"

namespace switchyard::admin {

/// `switchyard config validate|export|import`, and loading the config for the other commands.
class ConfigCommands final
{
public:
    /// The config file, parsed; the default config when the file does not exist yet.
    static Result<config::Config> load(const AdminPaths &paths);

    static AdminOutcome validate(const AdminPaths &paths, const QString &file);
    /// Writes the current config's exact bytes to \a file ("-": stdout).
    static AdminOutcome exportTo(const AdminPaths &paths, const QString &file);
    /// Validates \a file, then makes its exact bytes the config file and records them.
    static AdminOutcome importFrom(const AdminPaths &paths, const QString &file);
};

} // namespace switchyard::admin
