#pragma once

#include <QString>

namespace switchyard::cli {

/// One `switchyard keys ...` command line, parsed; no side effects.
struct KeysRequest
{
    enum class Action { Help, Set, Delete, List };
    Action action = Action::Help;
    QString name; ///< for Set and Delete
    QString service; ///< keychain service; hidden --service option, for tests
    bool json = false; ///< list as a JSON array
    QString error; ///< non-empty: usage error, print it and exit KeysExit::Usage
};

} // namespace switchyard::cli
