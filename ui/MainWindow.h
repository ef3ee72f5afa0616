#pragma once

#include <QMainWindow>

class QLabel;
class QPushButton;

namespace switchyard::ui {

/// The main window: gateway status and how to point tools at it.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum class GatewayState { Starting, Running, Stopped, Failed };

    explicit MainWindow(QWidget *parent = nullptr);

    /// Shows the gateway state; \a detail is the URL when running, the error when failed.
    void setGatewayState(GatewayState state, const QString &detail = {});
    void setConfigPath(const QString &path);
    QString baseUrl() const { return m_baseUrl; }

Q_SIGNALS:
    void quitRequested();

private:
    void copyBaseUrl();

    QLabel *m_statusLamp = nullptr;
    QLabel *m_statusText = nullptr;
    QLabel *m_urlLabel = nullptr;
    QLabel *m_configLabel = nullptr;
    QPushButton *m_copyButton = nullptr;
    QString m_baseUrl;
    QString m_configPath;
};

} // namespace switchyard::ui
