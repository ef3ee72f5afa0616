#pragma once

#include "admin/AdminPaths.h"
#include "admin/ConfigEditor.h"
#include "cli/AdminOutcome.h"
#include "cli/AdminRequest.h"

#include <QObject>

namespace switchyard::cli {

/// Runs one parsed admin command through the engine (switchyard::admin) against a data dir
/// and config file, and words the answer for the terminal. Lives in the main thread; the
/// commands that need the event loop (providers test, logs --follow) run in it.
class AdminRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdminRunner)

public:
    /// Runs \a request on the config file and store \a paths name.
    AdminRunner(AdminRequest request, admin::AdminPaths paths, QObject *parent = nullptr);
    ~AdminRunner() override;

    /// Starts the command. Signals come later, from the event loop, never from inside start().
    void start();

Q_SIGNALS:
    /// Text for stdout as it is produced (logs --follow).
    void output(const QByteArray &text);
    /// The command is done. logs --follow only finishes on failure; it runs until the
    /// application quits.
    void finished(const switchyard::cli::AdminOutcome &outcome);

private:
    void run();
    void testProvider();
    void follow();

    AdminRequest m_request;
    admin::ConfigEditor m_editor;
};

} // namespace switchyard::cli
