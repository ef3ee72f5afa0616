#pragma once

#include <QString>

#include <optional>

namespace switchyard::cli {

/// What the command line asked for.
struct CliRequest
{
    enum class Command { Gui, Serve, Help, Version };
    Command command = Command::Gui;
    QString host; ///< empty: from config
    std::optional<int> port; ///< unset: from config
    QString configPath; ///< empty: <data dir>/config.json
    QString dataDir; ///< empty: platform default
    QString helpText;
    QString error; ///< non-empty: usage error, print and exit 2
};

} // namespace switchyard::cli
