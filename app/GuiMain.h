#pragma once

#include "cli/CliRequest.h"

namespace switchyard::app {

/// Tray application: gateway thread + window + tray icon. Returns the exit code.
int runGui(int &argc, char **argv, const cli::CliRequest &request);

} // namespace switchyard::app
