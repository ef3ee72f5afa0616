#pragma once

#include <QProcess>
#include <QStringList>

namespace switchyard::fakes {

/// Starts the `switchyard` executable \a program with \a arguments in \a environment and waits
/// for the "serving on http://HOST:PORT" line; returns the port, or 0 (with the output logged)
/// when it did not come.
int startServeProcess(QProcess &process, const QString &program, const QStringList &arguments,
                      const QProcessEnvironment &environment);

} // namespace switchyard::fakes
