#pragma once

#include <QObject>

namespace switchyard::app {

/// Turns SIGINT/SIGTERM (console Ctrl+C/close on Windows) into a queued Qt signal.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    /// First signal: stop gracefully. A second one exits at once.
    void terminationRequested(int signal);
};

} // namespace switchyard::app
