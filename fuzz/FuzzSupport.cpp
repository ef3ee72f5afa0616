#include "FuzzSupport.h"

#include <QString>
#include <QtGlobal>

#include <cstdio>
#include <cstdlib>

namespace {

// Warnings about garbage input are expected by the million; printing them would only slow
// the run down. Fatal messages still abort, which is what libFuzzer needs to see.
void quietMessageHandler(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg) {
        std::fprintf(stderr, "qFatal: %s\n", qPrintable(message));
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    qInstallMessageHandler(quietMessageHandler);
    return 0;
}

namespace switchyard::fuzz {

quint64 inputHash(QByteArrayView bytes)
{
    quint64 hash = 1469598103934665603ULL; // FNV-1a
    for (char c : bytes)
        hash = (hash ^ quint8(c)) * 1099511628211ULL;
    return hash;
}

void fail(const char *what)
{
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

} // namespace switchyard::fuzz
