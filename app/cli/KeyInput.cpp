#include "KeyInput.h"

#include "cli/EchoOff.h"

#include <cstdio>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace switchyard::cli {

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

} // namespace

Result<SecretBytes> secretFromInput(QByteArrayView input)
{
    if (input.endsWith('\n'))
        input.chop(1);
    if (input.endsWith('\r'))
        input.chop(1);
    if (input.isEmpty())
        return Error { ErrorCode::InvalidArgument, u"refusing to store an empty key"_s };
    return SecretBytes(input);
}

// The key goes into a buffer we own and wipe; stdin is unbuffered so that no copy is left in
// stdio's buffer either.
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
    auto secret = secretFromInput(QByteArrayView(buffer.constData(), length));
    secrets::secureWipe(buffer.data(), buffer.size());
    return secret;
}

} // namespace switchyard::cli
