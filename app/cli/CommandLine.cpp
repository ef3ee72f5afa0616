#include "CommandLine.h"

#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace switchyard::cli {

namespace {
QString usageText(bool guiAvailable)
{
    QString text = u"Usage: switchyard [COMMAND] [OPTIONS]\n\n"
                   "Switchyard is a local LLM gateway: point every AI tool at one URL\n"
                   "(http://127.0.0.1:8484/v1) and route requests to cloud or local models.\n\n"
                   "Commands:\n"_s;
    if (guiAvailable)
        text
            += u"  (none)            start the tray application (headless gateway without a display)\n"_s;
    else
        text += u"  (none)            same as 'serve' (this build has no GUI)\n"_s;
    text
        += u"  serve             run the gateway headless until SIGINT/SIGTERM\n"
           "  providers         list, add, remove or test providers\n"
           "  routes            list routes\n"
           "  models            list every model clients can ask for\n"
           "  logs              show the request log (--follow to keep watching)\n"
           "  stats             requests, latency, tokens and cost per provider/model\n"
           "  config            validate, export or import the config file\n"
           "  keys              store provider API keys in the OS keychain (set, list, delete)\n"
           "  tokens            create, list or revoke access tokens for clients\n"
           "Run 'switchyard COMMAND --help' for a command's options.\n\n"
           "Options:\n"
           "  --host ADDRESS    address to listen on (default from config: 127.0.0.1)\n"
           "  --port PORT       port to listen on (default from config: 8484; 0 picks a free one)\n"
           "  --config FILE     config file (default: DATA_DIR/config.json, created on first run)\n"
           "  --data-dir DIR    data directory (default: "_s
        + QDir::toNativeSeparators(resolveDataDir(QString()))
        + u")\n"
          "  -h, --help        show this help\n"
          "  -v, --version     show the version\n"_s;
    return text;
}
} // namespace

CliRequest parseCommandLine(const QStringList &arguments, bool guiAvailable)
{
    CliRequest request;
    request.helpText = usageText(guiAvailable);

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(QStringList { u"h"_s, u"help"_s });
    const QCommandLineOption version(QStringList { u"v"_s, u"version"_s });
    const QCommandLineOption host(u"host"_s, QString(), u"ADDRESS"_s);
    const QCommandLineOption port(u"port"_s, QString(), u"PORT"_s);
    const QCommandLineOption config(u"config"_s, QString(), u"FILE"_s);
    const QCommandLineOption dataDir(u"data-dir"_s, QString(), u"DIR"_s);
    parser.addOptions({ help, version, host, port, config, dataDir });
    parser.addPositionalArgument(u"command"_s, QString());

    if (!parser.parse(arguments)) {
        request.error = parser.errorText();
        return request;
    }
    if (parser.isSet(help)) {
        request.command = CliRequest::Command::Help;
        return request;
    }
    if (parser.isSet(version)) {
        request.command = CliRequest::Command::Version;
        return request;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        request.error = u"unexpected argument '%1'"_s.arg(positional.at(1));
        return request;
    }
    if (positional.isEmpty())
        request.command = guiAvailable ? CliRequest::Command::Gui : CliRequest::Command::Serve;
    else if (positional.first() == u"serve"_s)
        request.command = CliRequest::Command::Serve;
    else if (positional.first() == u"help"_s)
        request.command = CliRequest::Command::Help;
    else {
        request.error = u"unknown command '%1'"_s.arg(positional.first());
        return request;
    }

    request.host = parser.value(host);
    if (parser.isSet(host) && request.host.isEmpty())
        request.error = u"--host needs an address"_s;
    if (parser.isSet(port)) {
        bool ok = false;
        const int value = parser.value(port).toInt(&ok);
        if (!ok || value < 0 || value > 65535)
            request.error
                = u"--port must be a number from 0 to 65535, not '%1'"_s.arg(parser.value(port));
        else
            request.port = value;
    }
    request.configPath = parser.value(config);
    request.dataDir = parser.value(dataDir);
    return request;
}

QString resolveDataDir(const QString &override)
{
    if (!override.isEmpty())
        return QDir(override).absolutePath();
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

} // namespace switchyard::cli
