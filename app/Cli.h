#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace switchyard::app {

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

/// Parses argv (including argv[0]); no side effects.
CliRequest parseCommandLine(const QStringList &arguments, bool guiAvailable);

/// Platform data dir (e.g. ~/.local/share/switchyard) unless \a override is set.
QString resolveDataDir(const QString &override);

} // namespace switchyard::app
