#pragma once

#include "base/Result.h"
#include "config/Config.h"
#include "upstream/UpstreamTypes.h"

#include <functional>

namespace switchyard::providers {

/// What every request to a provider starts from: method, base URL + \a urlPath (a full path
/// below the server; the caller decides about /v1), the provider's timeouts, User-Agent.
upstream::UpstreamRequestSpec baseRequest(const config::ProviderConfig &provider,
                                          const QByteArray &method, const QString &urlPath);

/// The provider's API key from its reference; empty when it has none. Fails, with a message
/// naming the variable or keychain entry, when the key cannot be read.
Result<QByteArray> providerKey(const config::ProviderConfig &provider);

/// Where keychain keys come from in this thread (the gateway's SecretResolver): the key if it
/// has been read, else an error saying why not. Unset: keychain keys are unavailable.
using KeychainLookup = std::function<Result<QByteArray>(const config::SecretRef &)>;
void setKeychainLookup(KeychainLookup lookup);

} // namespace switchyard::providers
