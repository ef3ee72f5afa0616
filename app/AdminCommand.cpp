#include "AdminCommand.h"

#include "Cli.h"
#include "SignalWatcher.h"
#include "admin/AdminArguments.h"
#include "admin/AdminRunner.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace switchyard::app {

namespace {
void writeOut(const QByteArray &text)
{
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fflush(stdout); // logs --follow is read through pipes
}
} // namespace

bool isAdminCommand(const QStringList &arguments)
{
    return arguments.size() > 1 && admin::isAdminCommand(arguments.at(1));
}

int runAdminCommand(int argc, char *argv[], const QStringList &arguments)
{
    admin::AdminRequest request = admin::parseAdminArguments(arguments);
    const QString prefix = u"switchyard %1: "_s.arg(request.topic);
    if (!request.error.isEmpty()) {
        std::fprintf(stderr, "%s%s\nRun 'switchyard %s --help' for usage.\n", qPrintable(prefix),
                     qPrintable(request.error), qPrintable(request.topic));
        return int(admin::AdminExit::Usage);
    }
    if (request.command == admin::AdminRequest::Command::Help) {
        writeOut(admin::adminHelpText(request.topic).toUtf8());
        return int(admin::AdminExit::Ok);
    }

    QCoreApplication app(argc, argv);
    admin::AdminPaths paths;
    paths.dataDir = resolveDataDir(request.dataDir);
    paths.configPath = request.configPath.isEmpty()
        ? QDir(paths.dataDir).filePath(u"config.json"_s)
        : QFileInfo(request.configPath).absoluteFilePath();

    admin::AdminRunner runner(request, paths);
    int exitCode = int(admin::AdminExit::Failure);
    QObject::connect(&runner, &admin::AdminRunner::output, &runner, &writeOut);
    QObject::connect(&runner, &admin::AdminRunner::finished, &runner,
                     [&exitCode, prefix](const admin::AdminOutcome &outcome) {
                         writeOut(outcome.out);
                         if (!outcome.err.isEmpty()) {
                             std::fprintf(stderr, "%s%s\n", qPrintable(prefix),
                                          qPrintable(outcome.err));
                             std::fflush(stderr);
                         }
                         exitCode = int(outcome.exit);
                         QCoreApplication::exit(exitCode);
                     });
    // Ctrl+C ends `logs --follow` (and anything else still waiting) normally.
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &runner, [&exitCode] {
        exitCode = int(admin::AdminExit::Ok);
        QCoreApplication::exit(exitCode);
    });
    runner.start();
    app.exec();
    return exitCode;
}

} // namespace switchyard::app
