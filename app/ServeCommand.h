#pragma once

#include "base/Result.h"
#include "cli/CliRequest.h"

#include <memory>

namespace switchyard::core {
class Runtime;
}

namespace switchyard::app {

/// The runtime for the data dir, config file and overrides the command line names.
std::unique_ptr<core::Runtime> makeRuntime(const cli::CliRequest &request);
/// 2 for a config problem, 3 when the port is taken, else 1.
int exitCodeFor(const core::Runtime &runtime, const Error &error);
/// "http://host:port" ([host] for IPv6).
QString baseUrl(const QString &host, quint16 port);

/// `switchyard serve`: runs the gateway until SIGINT/SIGTERM. Returns the exit code.
int runServe(const cli::CliRequest &request);

} // namespace switchyard::app
