#pragma once

#include <QByteArray>
#include <QString>

namespace switchyard::cli {

/// Process exit codes of the admin commands.
enum class AdminExit : int { Ok = 0, Failure = 1, Usage = 2 };

/// What a finished command prints.
struct AdminOutcome
{
    AdminExit exit = AdminExit::Ok;
    QByteArray out {}; ///< for stdout
    QString err {}; ///< for stderr, without the "switchyard TOPIC: " prefix
};

} // namespace switchyard::cli
