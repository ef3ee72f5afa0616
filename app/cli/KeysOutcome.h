#pragma once

#include <QByteArray>
#include <QString>

namespace switchyard::cli {

/// Process exit codes of `switchyard keys`.
enum class KeysExit : int { Ok = 0, Failure = 1, Usage = 2 };

/// What a finished command prints; the key itself is never part of it.
struct KeysOutcome
{
    KeysExit exit = KeysExit::Ok;
    QByteArray out; ///< for stdout
    QString err; ///< for stderr, without the "switchyard keys: " prefix
};

} // namespace switchyard::cli
