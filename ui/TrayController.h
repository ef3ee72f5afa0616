#pragma once

#include <QObject>
#include <QPointer>

class QSystemTrayIcon;
class QAction;

namespace switchyard::ui {

class MainWindow;

/// The system-tray icon and its menu; falls back to the window when there is no tray.
class TrayController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayController)

public:
    TrayController(MainWindow *window, QObject *parent);

    /// Shows the tray icon; returns false when the desktop has no tray.
    bool show();
    void setRunning(bool running, const QString &tooltip);
    /// A desktop notification from the tray (budget warnings, config reload problems).
    void notify(const QString &title, const QString &message, bool critical);

private:
    void showWindow();

    QPointer<MainWindow> m_window;
    QSystemTrayIcon *m_tray = nullptr;
    QAction *m_copyAction = nullptr;
};

} // namespace switchyard::ui
