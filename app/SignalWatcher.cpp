#include "SignalWatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#ifdef Q_OS_UNIX
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#else
#include <windows.h>
#endif

namespace switchyard::app {

namespace {
#ifdef Q_OS_UNIX
int g_pipe[2] = { -1, -1 };
volatile sig_atomic_t g_count = 0;

void onSignal(int signal)
{
    g_count = g_count + 1;
    if (g_count > 1)
        _exit(128 + signal); // the user insists: no second graceful round
    const char byte = char(signal);
    [[maybe_unused]] const auto written = ::write(g_pipe[1], &byte, 1);
}
#else
SignalWatcher *g_watcher = nullptr;
BOOL WINAPI onConsoleEvent(DWORD)
{
    if (g_watcher)
        QMetaObject::invokeMethod(
            g_watcher, [] { Q_EMIT g_watcher->terminationRequested(2); }, Qt::QueuedConnection);
    return TRUE;
}
#endif
} // namespace

SignalWatcher::SignalWatcher(QObject *parent) : QObject(parent)
{
#ifdef Q_OS_UNIX
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_pipe) != 0)
        return;
    ::fcntl(g_pipe[0], F_SETFD, FD_CLOEXEC);
    ::fcntl(g_pipe[1], F_SETFD, FD_CLOEXEC);
    auto *notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        if (::read(g_pipe[0], &byte, 1) == 1)
            Q_EMIT terminationRequested(int(byte));
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
#else
    g_watcher = this;
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
#endif
}

SignalWatcher::~SignalWatcher()
{
#ifdef Q_OS_UNIX
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::close(g_pipe[0]);
    ::close(g_pipe[1]);
    g_pipe[0] = g_pipe[1] = -1;
#else
    SetConsoleCtrlHandler(onConsoleEvent, FALSE);
    g_watcher = nullptr;
#endif
}

} // namespace switchyard::app
