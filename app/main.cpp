#include "AdminCommand.h"
#include "KeysCommand.h"
#include "ServeCommand.h"
#include "base/PrivateFiles.h"
#include "cli/CommandLine.h"
#include "cli/Console.h"

#include <QCoreApplication>

#ifdef SWITCHYARD_WITH_GUI
#include "GuiMain.h"
#endif

#include <cstdio>
#include <memory>

#if defined(Q_OS_LINUX) && (defined(NDEBUG) || defined(QT_NO_DEBUG))
#include <sys/prctl.h>
#include <sys/resource.h>
#endif

using namespace Qt::StringLiterals;

namespace {

bool displayAvailable()
{
#ifdef SWITCHYARD_WITH_GUI
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
#else
    return true;
#endif
#else
    return false;
#endif
}

} // namespace

int main(int argc, char *argv[])
{
#if defined(Q_OS_LINUX) && (defined(NDEBUG) || defined(QT_NO_DEBUG))
    // Release builds hold API keys in memory: no core files, no same-user ptrace or dumps.
    const rlimit noCore { 0, 0 };
    setrlimit(RLIMIT_CORE, &noCore);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
    // Everything this process creates in the data dir (config, request log, cache) is the
    // owner's alone, whichever command creates it.
    switchyard::base::PrivateFiles::restrictNewFiles();
    QCoreApplication::setApplicationName(u"switchyard"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHYARD_VERSION));
    qSetMessagePattern(
        u"%{time yyyy-MM-dd hh:mm:ss.zzz} %{if-warning}warning %{endif}%{if-critical}error %{endif}%{category}: %{message}"_s);

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    // `keys` has its own options and never starts the gateway.
    if (arguments.size() > 1 && arguments.at(1) == u"keys"_s)
        return switchyard::app::runKeysCommand(argc, argv, arguments);
    // providers, routes, models, logs, stats, config: read or edit the data dir, no gateway.
    if (switchyard::app::isAdminCommand(arguments))
        return switchyard::app::runAdminCommand(argc, argv, arguments);
    const bool gui = displayAvailable();
    const auto request = switchyard::cli::parseCommandLine(arguments, gui);

    if (!request.error.isEmpty()) {
        switchyard::cli::printUsageError(u"switchyard"_s, request.error);
        return 2;
    }
    switch (request.command) {
    case switchyard::cli::CliRequest::Command::Help:
        std::fputs(qPrintable(request.helpText), stdout);
        return 0;
    case switchyard::cli::CliRequest::Command::Version:
        std::printf("switchyard %s (Qt %s)\n", SWITCHYARD_VERSION, qVersion());
        return 0;
    case switchyard::cli::CliRequest::Command::Gui:
#ifdef SWITCHYARD_WITH_GUI
        return switchyard::app::runGui(argc, argv, request);
#else
        break;
#endif
    case switchyard::cli::CliRequest::Command::Serve:
        break;
    }
    QCoreApplication app(argc, argv);
    if (request.command == switchyard::cli::CliRequest::Command::Gui
        || (!gui && arguments.size() == 1))
        std::fputs("No display found: running the headless gateway (switchyard serve).\n", stdout);
    return switchyard::app::runServe(request);
}
