#include "EchoOff.h"

#include <csignal>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <termios.h>
#include <unistd.h>
#endif

namespace switchyard::cli {

#ifndef Q_OS_WIN
namespace {
struct termios g_savedTerminal;
volatile std::sig_atomic_t g_echoOff = 0;

// Ctrl+C at the prompt must not leave the user's terminal without echo.
extern "C" void restoreEchoAndExit(int signal)
{
    if (g_echoOff)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_savedTerminal);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}
} // namespace
#endif

EchoOff::EchoOff()
{
#ifdef Q_OS_WIN
    m_handle = GetStdHandle(STD_INPUT_HANDLE);
    m_ok = GetConsoleMode(m_handle, &m_mode)
        && SetConsoleMode(m_handle, m_mode & ~DWORD(ENABLE_ECHO_INPUT));
#else
    if (tcgetattr(STDIN_FILENO, &g_savedTerminal) != 0)
        return;
    struct termios quiet = g_savedTerminal;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    quiet.c_lflag |= tcflag_t(ECHONL);
    std::signal(SIGINT, restoreEchoAndExit);
    std::signal(SIGTERM, restoreEchoAndExit);
    std::signal(SIGHUP, restoreEchoAndExit);
    m_ok = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    g_echoOff = m_ok ? 1 : 0;
#endif
}

EchoOff::~EchoOff()
{
#ifdef Q_OS_WIN
    if (m_ok)
        SetConsoleMode(m_handle, m_mode);
#else
    if (m_ok)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_savedTerminal);
    g_echoOff = 0;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGHUP, SIG_DFL);
#endif
}

} // namespace switchyard::cli
