#include "TrayController.h"

#include "AppIcon.h"
#include "MainWindow.h"

#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QSystemTrayIcon>

namespace switchyard::ui {

TrayController::TrayController(MainWindow *window, QObject *parent)
    : QObject(parent), m_window(window)
{
    m_tray = new QSystemTrayIcon(appIcon(QColor(0xe0, 0xa1, 0x1b)), this);
    auto *menu = new QMenu(window);
    menu->addAction(tr("Open Switchyard"), this, &TrayController::showWindow);
    m_copyAction = menu->addAction(tr("Copy Base URL"), this, [this] {
        if (m_window)
            QApplication::clipboard()->setText(m_window->baseUrl());
    });
    m_copyAction->setEnabled(false);
    menu->addSeparator();
    menu->addAction(tr("Quit"), window, &MainWindow::quitRequested);
    m_tray->setContextMenu(menu);
    m_tray->setToolTip(tr("Switchyard"));
    connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    showWindow();
            });
}

bool TrayController::show()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return false;
    m_tray->show();
    return true;
}

void TrayController::setRunning(bool running, const QString &tooltip)
{
    m_tray->setIcon(appIcon(running ? QColor(0x2e, 0xb8, 0x72) : QColor(0xd6, 0x45, 0x45)));
    m_tray->setToolTip(tooltip);
    m_copyAction->setEnabled(running);
}

void TrayController::showWindow()
{
    if (!m_window)
        return;
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

void TrayController::notify(const QString &title, const QString &message, bool critical)
{
    if (!m_tray || !m_tray->isVisible())
        return;
    m_tray->showMessage(title, message,
                        critical ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning, 10'000);
}

} // namespace switchyard::ui
