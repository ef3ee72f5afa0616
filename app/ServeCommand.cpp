#include "ServeCommand.h"

#include "SignalWatcher.h"
#include "config/ConfigLoader.h"
#include "core/GatewayHost.h"

#include <QCoreApplication>
#include <QDir>
#include <QHostAddress>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace switchyard::app {

namespace {
void printErr(const QString &text)
{
    std::fputs(qPrintable(text + u'\n'), stderr);
    std::fflush(stderr);
}
void printOut(const QString &text)
{
    std::fputs(qPrintable(text + u'\n'), stdout);
    std::fflush(stdout);
}
} // namespace

Result<config::Config> loadEffectiveConfig(const CliRequest &request, QString *configPathOut)
{
    const QString dataDir = resolveDataDir(request.dataDir);
    const QString configPath = request.configPath.isEmpty()
        ? QDir(dataDir).filePath(u"config.json"_s)
        : QDir(request.configPath).absolutePath();
    if (configPathOut)
        *configPathOut = configPath;
    // An explicitly named config must exist; only the default one is created for the user.
    auto config = request.configPath.isEmpty() ? config::ConfigLoader::loadOrCreate(configPath)
                                               : config::ConfigLoader::load(configPath);
    if (!config)
        return config;
    if (!request.host.isEmpty()) {
        if (request.host != u"localhost"_s && QHostAddress(request.host).isNull())
            return Error { ErrorCode::InvalidArgument,
                           u"--host: '%1' is not an IP address"_s.arg(request.host) };
        config->gateway.host = request.host;
    }
    if (request.port)
        config->gateway.port = quint16(*request.port);
    return config;
}

int runServe(const CliRequest &request)
{
    QString configPath;
    auto config = loadEffectiveConfig(request, &configPath);
    if (!config) {
        printErr(u"switchyard: invalid configuration\n"_s + config.error().message);
        return 2;
    }

    core::GatewayHost host;
    SignalWatcher signalWatcher;
    auto port = host.start(*config);
    if (!port) {
        printErr(u"switchyard: "_s + port.error().message);
        return port.error().code == ErrorCode::AddressInUse ? 3 : 1;
    }
    const QString &h = config->gateway.host;
    const QString shownHost = h.contains(u':') ? u'[' + h + u']' : h;
    printOut(u"Switchyard %1 serving on http://%2:%3 (OpenAI base URL http://%2:%3/v1)"_s
                 .arg(QStringLiteral(SWITCHYARD_VERSION), shownHost)
                 .arg(*port));
    printOut(u"config: %1"_s.arg(QDir::toNativeSeparators(configPath)));
    printOut(u"Press Ctrl+C to stop."_s);

    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &host, [&host](int) {
        printOut(u"Stopping: finishing requests in flight (Ctrl+C again to quit at once)."_s);
        host.requestStop();
    });
    QObject::connect(&host, &core::GatewayHost::stopped, qApp, [] { QCoreApplication::quit(); });
    const int code = QCoreApplication::exec();
    host.stop();
    printOut(u"Switchyard stopped."_s);
    return code;
}

} // namespace switchyard::app
