#pragma once

#include "Cli.h"
#include "config/Config.h"
#include "core/Result.h"

namespace switchyard::app {

/// The config to run with: the file (created on first run) plus command-line overrides.
Result<config::Config> loadEffectiveConfig(const CliRequest &request,
                                           QString *configPathOut = nullptr);

/// `switchyard serve`: runs the gateway until SIGINT/SIGTERM. Returns the exit code.
int runServe(const CliRequest &request);

} // namespace switchyard::app
