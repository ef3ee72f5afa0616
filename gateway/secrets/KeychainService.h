#pragma once

#include <QString>

namespace switchyard::secrets {

/// The keychain service Switchyard files provider keys under:
/// KeychainSecretStore::defaultService(), unless SWITCHYARD_KEYCHAIN_SERVICE names another.
///
/// That variable is a test seam and nothing else: it exists so tests that start the real
/// gateway use a keychain service of their own and never touch a user's entries. It is not a
/// setting for users and is not documented as one. Read it here only.
QString keychainServiceName();

} // namespace switchyard::secrets
