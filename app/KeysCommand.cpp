#include "KeysCommand.h"

#include "secrets/KeychainSecretStore.h"
#include "secrets/KeysCli.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>

#ifdef Q_OS_WIN
#include <io.h>
#include <windows.h>
#else
#include <termios.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace switchyard::app {

namespace {

using secrets::SecretBytes;

// No provider key comes close; more than this is a pasted file, not a key.
constexpr qsizetype MaxKeyBytes = 64 * 1024;

bool stdinIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stdin));
#else
    return isatty(STDIN_FILENO);
#endif
}

#ifndef Q_OS_WIN
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
#endif

/// Switches terminal echo off for its lifetime.
class EchoOff
{
public:
    EchoOff()
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
    ~EchoOff()
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
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

    bool ok() const
    {
        return m_ok;
    }

private:
#ifdef Q_OS_WIN
    HANDLE m_handle = nullptr;
    DWORD m_mode = 0;
#endif
    bool m_ok = false;
};

// Reads the key into a buffer we own and wipe; stdin is unbuffered so that no copy is left
// in stdio's buffer either. From a terminal one line, from a pipe everything.
Result<SecretBytes> readKey(const QString &name)
{
    std::setvbuf(stdin, nullptr, _IONBF, 0);
    QByteArray buffer(MaxKeyBytes + 1, '\0');
    qsizetype length = 0;
    if (stdinIsTerminal()) {
        std::fprintf(stderr, "API key for '%s' (input hidden): ", qPrintable(name));
        std::fflush(stderr);
        EchoOff echoOff;
        if (!echoOff.ok())
            return Error { ErrorCode::Io,
                           u"cannot switch off the terminal echo; pipe the key in instead: "
                           "printf %s \"$KEY\" | switchyard keys set NAME"_s };
        for (int c = std::getchar(); c != EOF && c != '\n' && length <= MaxKeyBytes;
             c = std::getchar())
            buffer[length++] = char(c);
    } else {
        length = qsizetype(std::fread(buffer.data(), 1, size_t(buffer.size()), stdin));
    }
    if (length > MaxKeyBytes) {
        secrets::secureWipe(buffer.data(), buffer.size());
        return Error { ErrorCode::InvalidArgument,
                       u"the key is longer than %1 bytes; is this really an API key?"_s.arg(
                           MaxKeyBytes) };
    }
    auto secret = secrets::secretFromInput(QByteArrayView(buffer.constData(), length));
    secrets::secureWipe(buffer.data(), buffer.size());
    return secret;
}

int report(const secrets::KeysOutcome &outcome)
{
    if (!outcome.out.isEmpty())
        std::fwrite(outcome.out.constData(), 1, size_t(outcome.out.size()), stdout);
    if (!outcome.err.isEmpty())
        std::fprintf(stderr, "switchyard keys: %s\n", qPrintable(outcome.err));
    std::fflush(stdout);
    return int(outcome.exit);
}

} // namespace

int runKeysCommand(int argc, char *argv[], const QStringList &arguments)
{
    const secrets::KeysRequest request = secrets::parseKeysArguments(arguments);
    if (!request.error.isEmpty()) {
        std::fprintf(stderr, "switchyard keys: %s\nRun 'switchyard keys --help' for usage.\n",
                     qPrintable(request.error));
        return int(secrets::KeysExit::Usage);
    }
    if (request.action == secrets::KeysRequest::Action::Help) {
        std::fputs(qPrintable(secrets::keysHelpText()), stdout);
        return int(secrets::KeysExit::Ok);
    }
    SecretBytes secret;
    if (request.action == secrets::KeysRequest::Action::Set) {
        auto read = readKey(request.name);
        if (!read)
            return report({ secrets::KeysExit::Failure, QByteArray(), read.error().message });
        secret = std::move(read).value();
    }

    QCoreApplication app(argc, argv);
    secrets::KeychainSecretStore store(request.service);
    int exitCode = int(secrets::KeysExit::Failure);
    secrets::runKeysRequest(request, store, std::move(secret), &app,
                            [&exitCode](secrets::KeysOutcome outcome) {
                                exitCode = report(outcome);
                                QCoreApplication::exit(exitCode);
                            });
    app.exec();
    return exitCode;
}

} // namespace switchyard::app
