#include "GuiMain.h"

#include "ServeCommand.h"
#include "SignalWatcher.h"
#include "core/Runtime.h"
#include "ui/AppIcon.h"
#include "ui/MainWindow.h"
#include "ui/TrayController.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace switchyard::app {

int runGui(int &argc, char **argv, const cli::CliRequest &request)
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    QApplication::setWindowIcon(ui::appIcon());

    QTranslator translator;
    if (translator.load(QLocale(), u"switchyard"_s, u"_"_s, u":/i18n"_s))
        QApplication::installTranslator(&translator);

    ui::MainWindow window;
    ui::TrayController tray(&window, &app);
    auto runtime = makeRuntime(request);
    core::Runtime *rt = runtime.get();
    SignalWatcher signalWatcher;

    window.setConfigPath(rt->configPath());
    bool hasTray = tray.show();

    // An explicitly named config must exist; only the default one is created for the user.
    auto port = rt->start(request.configPath.isEmpty());
    const bool configFailed = !port && rt->failure() == core::Runtime::Failure::Config;
    if (configFailed) {
        window.setGatewayState(ui::MainWindow::GatewayState::Failed, port.error().message);
        tray.setRunning(false,
                        QApplication::translate("switchyard", "Switchyard: configuration error"));
    } else if (!port) {
        window.setGatewayState(ui::MainWindow::GatewayState::Failed, port.error().message);
        tray.setRunning(false, QApplication::translate("switchyard", "Switchyard: not running"));
    } else {
        const QString url = baseUrl(rt->config().gateway.host, *port) + u"/v1"_s;
        window.setGatewayState(ui::MainWindow::GatewayState::Running, url);
        tray.setRunning(true, QApplication::translate("switchyard", "Switchyard: %1").arg(url));
    }
    if (!hasTray || !port)
        window.show();

    auto quit = [rt] {
        rt->requestStop();
        if (!rt->host().isRunning())
            QApplication::quit();
    };
    QObject::connect(&window, &ui::MainWindow::quitRequested, &app, quit);
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &app,
                     [quit](int) { quit(); });
    QObject::connect(rt, &core::Runtime::stopped, &app, [] { QApplication::quit(); });
    QObject::connect(&rt->host(), &core::GatewayHost::budgetWarning, &tray,
                     [&tray](const QString &message, bool exceeded) {
                         tray.notify(exceeded
                                         ? QApplication::translate("switchyard", "Budget used up")
                                         : QApplication::translate("switchyard", "Budget warning"),
                                     message, exceeded);
                     });
    QObject::connect(rt, &core::Runtime::configError, &tray, [&tray](const QString &message) {
        tray.notify(QApplication::translate("switchyard", "Config file not applied"), message,
                    true);
    });
    const int code = QApplication::exec();
    runtime->stop();
    return code;
}

} // namespace switchyard::app
