#pragma once

#include "cli/CliRequest.h"

#include <QString>
#include <QStringList>

namespace switchyard::cli {

/// Parses the main command line (argv including argv[0]: no command, serve, help and the
/// global options); no side effects.
CliRequest parseCommandLine(const QStringList &arguments, bool guiAvailable);

/// Platform data dir (e.g. ~/.local/share/switchyard) unless \a override is set.
QString resolveDataDir(const QString &override);

} // namespace switchyard::cli
