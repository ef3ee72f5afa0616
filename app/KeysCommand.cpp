#include "KeysCommand.h"

#include "cli/Console.h"
#include "cli/KeyInput.h"
#include "cli/KeysArguments.h"
#include "cli/KeysCommands.h"
#include "secrets/KeychainSecretStore.h"

#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace switchyard::app {

namespace {

const QString Program = u"switchyard keys"_s;

cli::KeysExit report(const cli::KeysOutcome &outcome)
{
    if (!outcome.out.isEmpty())
        std::fwrite(outcome.out.constData(), 1, size_t(outcome.out.size()), stdout);
    if (!outcome.err.isEmpty())
        cli::printError(Program, outcome.err);
    std::fflush(stdout);
    return outcome.exit;
}

} // namespace

int runKeysCommand(int argc, char *argv[], const QStringList &arguments)
{
    const cli::KeysRequest request = cli::parseKeysArguments(arguments);
    if (!request.error.isEmpty()) {
        cli::printUsageError(Program, request.error);
        return int(cli::KeysExit::Usage);
    }
    if (request.action == cli::KeysRequest::Action::Help) {
        std::fputs(qPrintable(cli::keysHelpText()), stdout);
        return int(cli::KeysExit::Ok);
    }
    secrets::SecretBytes secret;
    if (request.action == cli::KeysRequest::Action::Set) {
        auto read = cli::readKey(request.name);
        if (!read)
            return int(report({ cli::KeysExit::Failure, QByteArray(), read.error().message }));
        secret = std::move(read).value();
    }

    QCoreApplication app(argc, argv);
    secrets::KeychainSecretStore store(request.service);
    cli::KeysExit exit = cli::KeysExit::Failure;
    cli::runKeysRequest(request, store, std::move(secret), &app, [&exit](cli::KeysOutcome outcome) {
        exit = report(outcome);
        QCoreApplication::exit(int(exit));
    });
    app.exec();
    return int(exit);
}

} // namespace switchyard::app
