#pragma once

#include "cli/KeysOutcome.h"
#include "cli/KeysRequest.h"
#include "secrets/SecretBytes.h"

#include <functional>

class QObject;

namespace switchyard::secrets {
class SecretStore;
}

namespace switchyard::cli {

/// Runs \a request (Set/Delete/List) through admin::KeyManager on \a store and words the
/// answer; \a secret is the key for Set. \a done runs once, in \a context's thread.
void runKeysRequest(const KeysRequest &request, secrets::SecretStore &store,
                    secrets::SecretBytes secret, QObject *context,
                    std::function<void(KeysOutcome)> done);

} // namespace switchyard::cli
