#include "ServeProcess.h"

#include <QDebug>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace switchyard::fakes {

int startServeProcess(QProcess &process, const QString &program, const QStringList &arguments,
                      const QProcessEnvironment &environment)
{
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted())
        return 0;
    static const QRegularExpression re(u"serving on http://[^:]+:(\\d+)"_s);
    QByteArray out;
    for (int i = 0; i < 100; ++i) {
        process.waitForReadyRead(100);
        out += process.readAllStandardOutput();
        const auto match = re.match(QString::fromUtf8(out));
        if (match.hasMatch())
            return match.captured(1).toInt();
        if (process.state() == QProcess::NotRunning)
            break;
    }
    qWarning() << "no port in output:" << out << process.readAllStandardError();
    return 0;
}

} // namespace switchyard::fakes
