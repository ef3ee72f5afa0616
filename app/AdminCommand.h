#pragma once

#include <QStringList>

namespace switchyard::app {

/// True when argv[1] names an admin command (providers, routes, models, logs, stats, config).
bool isAdminCommand(const QStringList &arguments);

/// `switchyard providers|routes|models|logs|stats|config ...`. Returns the exit code.
int runAdminCommand(int argc, char *argv[], const QStringList &arguments);

} // namespace switchyard::app
