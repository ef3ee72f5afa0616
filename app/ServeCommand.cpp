#include "ServeCommand.h"

#include "SignalWatcher.h"
#include "cli/CommandLine.h"
#include "core/Runtime.h"

#include <QCoreApplication>
#include <QDir>

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

std::unique_ptr<core::Runtime> makeRuntime(const cli::CliRequest &request)
{
    const QString dataDir = cli::resolveDataDir(request.dataDir);
    const QString configPath = request.configPath.isEmpty()
        ? QDir(dataDir).filePath(u"config.json"_s)
        : QDir(request.configPath).absolutePath();
    core::Runtime::Overrides overrides;
    overrides.host = request.host;
    if (request.port)
        overrides.port = quint16(*request.port);
    return std::make_unique<core::Runtime>(dataDir, configPath, overrides);
}

int exitCodeFor(const core::Runtime &runtime, const Error &error)
{
    if (runtime.failure() == core::Runtime::Failure::Config)
        return 2;
    return error.code == ErrorCode::AddressInUse ? 3 : 1;
}

QString baseUrl(const QString &host, quint16 port)
{
    const QString shownHost = host.contains(u':') ? u'[' + host + u']' : host;
    return u"http://%1:%2"_s.arg(shownHost).arg(port);
}

int runServe(const cli::CliRequest &request)
{
    auto runtime = makeRuntime(request);
    SignalWatcher signalWatcher;
    // An explicitly named config must exist; only the default one is created for the user.
    auto port = runtime->start(request.configPath.isEmpty());
    if (!port) {
        printErr(runtime->failure() == core::Runtime::Failure::Config
                     ? u"switchyard: invalid configuration\n"_s + port.error().message
                     : u"switchyard: "_s + port.error().message);
        return exitCodeFor(*runtime, port.error());
    }
    const QString url = baseUrl(runtime->config().gateway.host, *port);
    printOut(u"Switchyard %1 serving on %2 (OpenAI base URL %2/v1)"_s.arg(
        QStringLiteral(SWITCHYARD_VERSION), url));
    printOut(u"config: %1"_s.arg(QDir::toNativeSeparators(runtime->configPath())));
    printOut(u"data: %1"_s.arg(QDir::toNativeSeparators(runtime->dataDir())));
    printOut(u"Press Ctrl+C to stop."_s);

    core::Runtime *rt = runtime.get();
    QObject::connect(rt, &core::Runtime::configReloaded, rt, [](const QStringList &restart) {
        printOut(restart.isEmpty()
                     ? u"Config reloaded."_s
                     : u"Config reloaded; restart to apply: %1"_s.arg(restart.join(u", "_s)));
    });
    QObject::connect(rt, &core::Runtime::configError, rt, [](const QString &message) {
        printErr(u"switchyard: config file not applied (the running config stays):\n"_s + message);
    });
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, rt, [rt](int) {
        printOut(u"Stopping: finishing requests in flight (Ctrl+C again to quit at once)."_s);
        rt->requestStop();
    });
    QObject::connect(rt, &core::Runtime::stopped, qApp, [] { QCoreApplication::quit(); });
    const int code = QCoreApplication::exec();
    runtime->stop();
    printOut(u"Switchyard stopped."_s);
    return code;
}

} // namespace switchyard::app
