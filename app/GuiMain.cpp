#include "GuiMain.h"

#include "ServeCommand.h"
#include "SignalWatcher.h"
#include "core/GatewayHost.h"
#include "ui/AppIcon.h"
#include "ui/MainWindow.h"
#include "ui/TrayController.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace switchyard::app {

int runGui(int &argc, char **argv, const CliRequest &request)
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    QApplication::setWindowIcon(ui::appIcon());

    QTranslator translator;
    if (translator.load(QLocale(), u"switchyard"_s, u"_"_s, u":/i18n"_s))
        QApplication::installTranslator(&translator);

    ui::MainWindow window;
    ui::TrayController tray(&window, &app);
    core::GatewayHost host;
    SignalWatcher signalWatcher;

    QString configPath;
    auto config = loadEffectiveConfig(request, &configPath);
    window.setConfigPath(configPath);
    bool hasTray = tray.show();

    if (!config) {
        window.setGatewayState(ui::MainWindow::GatewayState::Failed, config.error().message);
        tray.setRunning(false,
                        QApplication::translate("switchyard", "Switchyard: configuration error"));
    } else if (auto port = host.start(*config); !port) {
        window.setGatewayState(ui::MainWindow::GatewayState::Failed, port.error().message);
        tray.setRunning(false, QApplication::translate("switchyard", "Switchyard: not running"));
    } else {
        const QString &h = config->gateway.host;
        const QString url
            = u"http://%1:%2/v1"_s.arg(h.contains(u':') ? u'[' + h + u']' : h).arg(*port);
        window.setGatewayState(ui::MainWindow::GatewayState::Running, url);
        tray.setRunning(true, QApplication::translate("switchyard", "Switchyard: %1").arg(url));
    }
    if (!hasTray || !config)
        window.show();

    auto quit = [&host] {
        host.requestStop();
        if (!host.isRunning())
            QApplication::quit();
    };
    QObject::connect(&window, &ui::MainWindow::quitRequested, &app, quit);
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &app,
                     [quit](int) { quit(); });
    QObject::connect(&host, &core::GatewayHost::stopped, &app, [] { QApplication::quit(); });
    const int code = QApplication::exec();
    host.stop();
    return code;
}

} // namespace switchyard::app
