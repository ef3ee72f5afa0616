#include "KeychainService.h"

#include "secrets/KeychainSecretStore.h"

namespace switchyard::secrets {

QString keychainServiceName()
{
    // For tests only (see the header): a private service per test run.
    static constexpr const char *TestOverride = "SWITCHYARD_KEYCHAIN_SERVICE";
    if (qEnvironmentVariableIsSet(TestOverride))
        return qEnvironmentVariable(TestOverride);
    return KeychainSecretStore::defaultService();
}

} // namespace switchyard::secrets
