#include "AdminCommand.h"

#include "SignalWatcher.h"
#include "cli/AdminArguments.h"
#include "cli/AdminRunner.h"
#include "cli/CommandLine.h"
#include "cli/Console.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace switchyard::app {

bool isAdminCommand(const QStringList &arguments)
{
    return arguments.size() > 1 && cli::isAdminCommand(arguments.at(1));
}

int runAdminCommand(int argc, char *argv[], const QStringList &arguments)
{
    const cli::AdminRequest request = cli::parseAdminArguments(arguments);
    const QString program = u"switchyard %1"_s.arg(request.topic);
    if (!request.error.isEmpty()) {
        cli::printUsageError(program, request.error);
        return int(cli::AdminExit::Usage);
    }
    if (request.command == cli::AdminRequest::Command::Help) {
        cli::writeOut(cli::adminHelpText(request.topic).toUtf8());
        return int(cli::AdminExit::Ok);
    }

    QCoreApplication app(argc, argv);
    admin::AdminPaths paths;
    paths.dataDir = cli::resolveDataDir(request.dataDir);
    paths.configPath = request.configPath.isEmpty()
        ? QDir(paths.dataDir).filePath(u"config.json"_s)
        : QFileInfo(request.configPath).absoluteFilePath();

    cli::AdminRunner runner(request, paths);
    cli::AdminExit exit = cli::AdminExit::Failure;
    QObject::connect(&runner, &cli::AdminRunner::output, &runner, &cli::writeOut);
    QObject::connect(&runner, &cli::AdminRunner::finished, &runner,
                     [&exit, program](const cli::AdminOutcome &outcome) {
                         cli::writeOut(outcome.out);
                         if (!outcome.err.isEmpty())
                             cli::printError(program, outcome.err);
                         exit = outcome.exit;
                         QCoreApplication::exit(int(exit));
                     });
    // Ctrl+C ends `logs --follow` (and anything else still waiting) normally.
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &runner, [&exit] {
        exit = cli::AdminExit::Ok;
        QCoreApplication::exit(int(exit));
    });
    runner.start();
    app.exec();
    return int(exit);
}

} // namespace switchyard::app
