#pragma once

#include <QStringList>

namespace switchyard::app {

/// `switchyard keys ...`: manage API keys in the OS keychain. Returns the exit code.
int runKeysCommand(int argc, char *argv[], const QStringList &arguments);

} // namespace switchyard::app
