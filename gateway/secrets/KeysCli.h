#pragma once

#include "base/Result.h"
#include "secrets/SecretBytes.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>

class QObject;

namespace switchyard::secrets {

class SecretStore;

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

/// Process exit codes of `switchyard keys`.
enum class KeysExit : int { Ok = 0, Failure = 1, Usage = 2 };

/// What a finished command prints; the key itself is never part of it.
struct KeysOutcome
{
    KeysExit exit = KeysExit::Ok;
    QByteArray out; ///< for stdout
    QString err; ///< for stderr, without the "switchyard keys: " prefix
};

/// Parses the whole argv ("switchyard", "keys", ...).
KeysRequest parseKeysArguments(const QStringList &arguments);

/// The text of `switchyard keys --help`.
QString keysHelpText();

/// The key as typed or piped: one trailing newline (LF or CRLF) removed; empty is refused.
Result<SecretBytes> secretFromInput(QByteArrayView input);

/// Runs \a request (Set/Delete/List) against \a store; \a secret is the key for Set.
/// \a done runs once, in \a context's thread.
void runKeysRequest(const KeysRequest &request, SecretStore &store, SecretBytes secret,
                    QObject *context, std::function<void(KeysOutcome)> done);

} // namespace switchyard::secrets
