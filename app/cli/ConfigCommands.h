#pragma once

#include "cli/AdminOutcome.h"

#include <QString>

namespace switchyard::admin {
class ConfigEditor;
}

namespace switchyard::cli {

/// `switchyard config validate|export|import`: the request to the engine, the answer as text.
class ConfigCommands final
{
public:
    /// Validates \a file (empty: the config file) and says what it holds.
    static AdminOutcome validate(const admin::ConfigEditor &editor, const QString &file);
    /// Writes the current config's exact bytes to \a file ("-": stdout).
    static AdminOutcome exportTo(const admin::ConfigEditor &editor, const QString &file);
    /// Validates \a file, then makes its exact bytes the config file and records them.
    static AdminOutcome importFrom(const admin::ConfigEditor &editor, const QString &file);
};

} // namespace switchyard::cli
