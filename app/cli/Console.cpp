#include "Console.h"

#include <cstdio>

namespace switchyard::cli {

void writeOut(const QByteArray &text)
{
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fflush(stdout);
}

void printError(const QString &program, const QString &message)
{
    std::fprintf(stderr, "%s: %s\n", qPrintable(program), qPrintable(message));
    std::fflush(stderr);
}

void printUsageError(const QString &program, const QString &message)
{
    std::fprintf(stderr, "%s: %s\nRun '%s --help' for usage.\n", qPrintable(program),
                 qPrintable(message), qPrintable(program));
}

} // namespace switchyard::cli
