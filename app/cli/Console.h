#pragma once

#include <QByteArray>
#include <QString>

namespace switchyard::cli {

/// Writes \a text to stdout as it is and flushes (logs --follow is read through pipes).
void writeOut(const QByteArray &text);
/// "PROGRAM: MESSAGE" and a newline on stderr; \a program is e.g. "switchyard keys".
void printError(const QString &program, const QString &message);
/// printError(), then "Run 'PROGRAM --help' for usage." on its own line.
void printUsageError(const QString &program, const QString &message);

} // namespace switchyard::cli
