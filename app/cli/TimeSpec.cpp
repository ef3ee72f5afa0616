#include "TimeSpec.h"

#include <QDateTime>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace switchyard::cli {

Result<qint64> parseSince(const QString &text, qint64 nowMs)
{
    static const QRegularExpression duration(u"^(\\d{1,9})([smhd])$"_s);
    const QString trimmed = text.trimmed();
    if (const auto m = duration.match(trimmed); m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        const QChar unit = m.captured(2).at(0);
        const qint64 unitMs = unit == u's' ? 1000
            : unit == u'm'                 ? 60'000
            : unit == u'h'                 ? 3'600'000
                                           : 86'400'000;
        return nowMs - n * unitMs;
    }
    if (const QDate date = QDate::fromString(trimmed, Qt::ISODate); date.isValid())
        return date.startOfDay().toMSecsSinceEpoch();
    if (const QDateTime time = QDateTime::fromString(trimmed, Qt::ISODateWithMs); time.isValid())
        return time.toMSecsSinceEpoch(); // no offset in the text: local time
    return Error { ErrorCode::InvalidArgument,
                   u"--since: '%1' is neither a duration (30s, 15m, 2h, 7d) nor an ISO date "
                   "(2024-05-01 or 2024-05-01T14:00)"_s.arg(text) };
}

QString localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

} // namespace switchyard::cli
